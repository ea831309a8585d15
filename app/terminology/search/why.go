package search

import (
	"fmt"
	"strings"

	"github.com/codebench/codebench/app/terminology"
)

// A phrase's Why ("index: Attack, attacks > heart → see Infarct,
// myocardium") is kept as a path in a tree of pieces, not as a string of
// its own: the index paths under one main term share its text, and the
// subterms under a subterm theirs, so the tree holds a tenth of the bytes
// the strings would (16 MB of them for FY2016–2026), and the pages a
// search reads for its hits' reasons are that much fewer (issue 16).
//
// Node n (from 1; 0 is the root and stands for no Why) has a parent
// (whyParent[n-1], 0 at the top) and a piece (whySegs[whySeg[n-1]]); the
// Why is the pieces from the top down, joined as they are.

// whyTree builds the tree.
type whyTree struct {
	parent, seg []uint32
	segs        []string
	segID       map[string]uint32
	node        map[[2]uint32]uint32 // parent, piece → node
}

func newWhyTree() *whyTree {
	return &whyTree{segID: map[string]uint32{}, node: map[[2]uint32]uint32{}}
}

// add returns the node for piece under parent, made when new.
func (w *whyTree) add(parent uint32, piece string) uint32 {
	s, ok := w.segID[piece]
	if !ok {
		s = uint32(len(w.segs))
		w.segs = append(w.segs, piece)
		w.segID[piece] = s
	}
	k := [2]uint32{parent, s}
	if n, ok := w.node[k]; ok {
		return n
	}
	w.parent = append(w.parent, parent)
	w.seg = append(w.seg, s)
	n := uint32(len(w.parent))
	w.node[k] = n
	return n
}

// entry returns the node whose Why is entryWhy(e): the kind and main term,
// then each subterm, the column and the cross-reference, one piece each.
func (w *whyTree) entry(e Entry) uint32 {
	var kind string
	switch e.Kind {
	case terminology.DrugTable:
		kind = "drugs: "
	case terminology.NeoplasmTable:
		kind = "neoplasm: "
	case terminology.ExternalIndex:
		kind = "external cause: "
	default:
		kind = "index: "
	}
	var n uint32
	if len(e.Path) == 0 {
		n = w.add(0, kind)
	}
	for i, p := range e.Path {
		if i == 0 {
			n = w.add(0, kind+strings.TrimSpace(p))
		} else {
			n = w.add(n, " > "+strings.TrimSpace(p))
		}
	}
	if e.Column != "" {
		n = w.add(n, " ["+e.Column+"]")
	}
	if e.See != "" && e.Also {
		n = w.add(n, " → see also "+e.See)
	} else if e.See != "" {
		n = w.add(n, " → see "+e.See)
	}
	return n
}

// whyOf is phrase p's Why: "" for a title.
func (ix *Index) whyOf(p uint32) string {
	n := ix.phWhy[p]
	if n == 0 {
		return ""
	}
	var pieces [16]string
	path := pieces[:0]
	size := 0
	for ; n != 0; n = ix.whyParent[n-1] {
		s := ix.whySegs.At(int(ix.whySeg[n-1]))
		path = append(path, s)
		size += len(s)
	}
	var b strings.Builder
	b.Grow(size)
	for i := len(path) - 1; i >= 0; i-- {
		b.WriteString(path[i])
	}
	return b.String()
}

// classes numbers distinct values (the years of concepts or phrases) in
// the order first met.
type classes[T comparable] struct {
	list []T
	ids  map[T]uint16
}

// maxClasses is how many distinct values a uint16 numbers. The years of
// FY2016–2026 make about a hundred; reaching this would take code sets
// whose every few codes had their own history.
const maxClasses = 1 << 16

func (c *classes[T]) id(v T) uint16 {
	if id, ok := c.ids[v]; ok {
		return id
	}
	if len(c.list) == maxClasses {
		panic(fmt.Sprintf("search index: more than %d distinct year sets", maxClasses))
	}
	if c.ids == nil {
		c.ids = map[T]uint16{}
	}
	id := uint16(len(c.list))
	c.list = append(c.list, v)
	c.ids[v] = id
	return id
}
