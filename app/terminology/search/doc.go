// Package search is Codebench's code finder: one engine over ICD-10-CM,
// ICD-10-PCS and HCPCS Level II in every fiscal year, that finds a code by
// itself (with or without the dot, any prefix), by the words of its titles
// in any order as the coder types (prefixes, one slip in a longer word),
// and through the Alphabetic Index in the coder's own words (main terms,
// subterms, see and see also), filtered by system, fiscal year and
// billability, and ranked so the exact code comes first, hits covering
// every word come before partial ones and the general code before its
// children. Each hit says why it matched.
//
// The index is a set of phrases (every title a code had, every index path
// that leads to it) with an inverted word index numbered in impact order,
// a forward index for checking candidates, and a one-slip typo table.
// Long pasted queries stay fast because common words only re-score the
// candidates the rare words found. Every part is a flat array, stored as
// it lies in memory (flat.go): the index of the built-in code sets is
// built with the pack and read in place from the binary, an imported
// release's from a memory-mapped file, so a start builds nothing and the
// heap holds only a search's scratch space.
package search
