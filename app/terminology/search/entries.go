package search

import "github.com/codebench/codebench/app/terminology"

// EntriesFrom gathers the index entries that lead to the concepts. With
// the index books in the set it walks them (Alphabetic Index, External
// Cause Index, Drug and Neoplasm tables, PCS Index), keeping nonessential
// modifiers and following see / see also references; otherwise it uses
// the IndexRefs attached to the concepts.
func EntriesFrom(set *terminology.Set, concepts []*terminology.Concept) []Entry {
	if set != nil && len(set.Indexes()) > 0 {
		return indexEntries(set)
	}
	var out []Entry
	for _, c := range concepts {
		for _, r := range c.Index {
			code := r.Code
			if code == "" {
				code = c.Code
			}
			out = append(out, Entry{System: c.System, Kind: r.Kind, Path: r.Path, Column: r.Column, Code: code, Year: r.Year})
		}
	}
	return out
}
