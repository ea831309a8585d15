// Package widgets holds Codebench's reusable Fyne widgets: the search box
// that drives a results list from the keyboard, the read-only note text
// that still allows selecting and copying, and the small coloured badge.
package widgets
