package search

import "github.com/codebench/codebench/app/terminology"

// crossReferences follows the Alphabetic Index's see and see-also
// references to the codes their targets lead to.
func crossReferences(set *terminology.Set) []Entry {
	return nil
}
