//go:build winetest

package search

import _ "github.com/codebench/codebench/internal/winetest" // Wine 8's file deletion
