package search

import "github.com/codebench/codebench/app/terminology"

// EntriesFrom gathers the index entries that lead to the concepts: every
// IndexRef the importer attached to a concept (Alphabetic Index, External
// Cause Index, Drug and Neoplasm table cells, PCS Index), plus the
// cross-references of the Alphabetic Index followed to their targets.
func EntriesFrom(set *terminology.Set, concepts []*terminology.Concept) []Entry {
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
	if set != nil {
		out = append(out, crossReferences(set)...)
	}
	return out
}
