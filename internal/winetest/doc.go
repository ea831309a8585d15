// Package winetest adapts the Windows test binaries that `make
// test-windows` runs under Wine to the Wine 8 of Debian 12. It is linked
// only into test binaries built with -tags winetest (through a
// winetest_windows_test.go file in each package tested under Wine), never
// into codebench.exe.
package winetest
