package search

import (
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// entryWhy is the Why of an index entry as one string: what the why tree
// must give back piece by piece.
func entryWhy(e Entry) string {
	var b strings.Builder
	switch e.Kind {
	case terminology.DrugTable:
		b.WriteString("drugs: ")
	case terminology.NeoplasmTable:
		b.WriteString("neoplasm: ")
	case terminology.ExternalIndex:
		b.WriteString("external cause: ")
	default:
		b.WriteString("index: ")
	}
	for i, p := range e.Path {
		if i > 0 {
			b.WriteString(" > ")
		}
		b.WriteString(strings.TrimSpace(p))
	}
	if e.Column != "" {
		b.WriteString(" [" + e.Column + "]")
	}
	if e.See != "" && e.Also {
		b.WriteString(" → see also " + e.See)
	} else if e.See != "" {
		b.WriteString(" → see " + e.See)
	}
	return b.String()
}

// whyIndex is an index holding only the why tree w and phrases whose
// Whys are nodes.
func whyIndex(w *whyTree, nodes []uint32) *Index {
	return &Index{phWhy: nodes, whyParent: w.parent, whySeg: w.seg, whySegs: newStrs(w.segs)}
}

// TestWhyTree: every Alphabetic Index entry of the real code sets, and
// made-up ones with a column, a see also and no path, read back from the
// tree as the one string entryWhy makes; the tree is a fraction of the
// strings' size.
func TestWhyTree(t *testing.T) {
	entries := []Entry{
		{Kind: terminology.DrugTable, Path: []string{" Flumidin "}, Column: "Poisoning Intentional self-harm"},
		{Kind: terminology.NeoplasmTable, Path: []string{"Neoplasm", "lung"}, Column: "Malignant Primary"},
		{Kind: terminology.ExternalIndex, Path: []string{"Fall", "from", "ladder"}},
		{Kind: terminology.MainIndex, Path: []string{"Attack", "heart"}, See: "Infarct, myocardium"},
		{Kind: terminology.MainIndex, Path: []string{"Cancer"}, See: "Neoplasm, malignant", Also: true},
		{Kind: terminology.MainIndex},
	}
	set, _ := realIndex(t)
	var all []*terminology.Concept
	for _, sys := range app.Systems {
		all = append(all, set.Concepts(sys)...)
	}
	entries = append(entries, EntriesFrom(set, all)...)
	w := newWhyTree()
	nodes := make([]uint32, len(entries))
	size := 0
	for i, e := range entries {
		nodes[i] = w.entry(e)
		size += len(entryWhy(e))
	}
	nodes = append(nodes, w.add(0, "inclusion term: Heart attack"), 0)
	ix := whyIndex(w, nodes)
	for i, e := range entries {
		if got, want := ix.whyOf(uint32(i)), entryWhy(e); got != want {
			t.Fatalf("entry %d: %q, want %q", i, got, want)
		}
	}
	if got := ix.whyOf(uint32(len(entries))); got != "inclusion term: Heart attack" {
		t.Errorf("inclusion term: %q", got)
	}
	if got := ix.whyOf(uint32(len(entries) + 1)); got != "" {
		t.Errorf("title: %q", got)
	}
	tree := 8*len(w.parent) + len(ix.whySegs.bytes) + 4*len(w.segs)
	t.Logf("%d entries: %d bytes of Why strings, %d in the tree (%d nodes, %d pieces)", len(entries), size, tree, len(w.parent), len(w.segs))
	if len(entries) < 100000 || tree > size/3 {
		t.Errorf("%d entries, tree of %d bytes for %d bytes of strings", len(entries), tree, size)
	}
}

// TestClasses: values are numbered in the order first met, each once.
func TestClasses(t *testing.T) {
	var c classes[phraseYears]
	a, b := phraseYears{valid: 3, sys: 1}, phraseYears{valid: 3, sys: 2}
	if c.id(a) != 0 || c.id(b) != 1 || c.id(a) != 0 || len(c.list) != 2 || c.list[1] != b {
		t.Errorf("classes: %v", c.list)
	}
}
