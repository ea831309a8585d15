package search

import (
	"fmt"
	"sort"
	"testing"

	"github.com/codebench/codebench/app"
)

func ids(ns []Node) map[string]Node {
	m := map[string]Node{}
	for _, n := range ns {
		m[n.ID] = n
	}
	return m
}

func TestBrowse(t *testing.T) {
	set, _ := realIndex(t)
	roots := ids(Roots(set, app.ICD10CM, 2026))
	ch, ok := roots["4"]
	if !ok || len(roots) < 21 {
		t.Fatalf("ICD-10-CM chapters: %v", roots)
	}
	sec, ok := ids(Children(set, app.ICD10CM, ch, 2026))["E08-E13"]
	if !ok {
		t.Fatal("chapter 4 has no section E08-E13")
	}
	e11, ok := ids(Children(set, app.ICD10CM, sec, 2026))["E11"]
	if !ok || e11.Concept == nil {
		t.Fatal("section E08-E13 has no category E11")
	}
	if _, ok := ids(Children(set, app.ICD10CM, e11, 2026))["E11.9"]; !ok {
		t.Fatal("E11 has no child E11.9")
	}
	c := set.Lookup(app.ICD10CM, "E11.9")
	sib := map[string]bool{}
	for _, s := range Siblings(set, c, 2026) {
		sib[s.Code] = true
	}
	if !sib["E119"] || !sib["E118"] || !sib["E110"] || sib["E1165"] {
		t.Fatalf("siblings of E11.9: %v", sib)
	}
	var path []string
	for _, n := range Path(set, c, 2026) {
		path = append(path, n.ID)
	}
	if want := []string{"4", "E08-E13", "E11", "E11.9"}; len(path) != 4 || path[0] != want[0] || path[1] != want[1] || path[2] != want[2] || path[3] != want[3] {
		t.Fatalf("path of E11.9: %v", path)
	}
	// A code only valid since FY2021 is not under its parent in FY2016.
	if _, ok := ids(Children(set, app.ICD10CM, Node{Kind: KindCode, Concept: set.Lookup(app.ICD10CM, "U07")}, 2016))["U07.1"]; ok {
		t.Fatal("U07.1 listed in FY2016")
	}

	pcs := ids(Roots(set, app.ICD10PCS, 2026))
	if pcs["0"].Title != "Medical and Surgical" || pcs["B"].Title != "Imaging" {
		t.Fatalf("PCS sections: %v", pcs)
	}
	if _, ok := ids(Children(set, app.ICD10PCS, pcs["0"], 2026))["0DT"]; !ok {
		t.Fatal("PCS section 0 has no table 0DT")
	}
	hc := ids(Roots(set, app.HCPCS, 2026))
	if _, ok := hc["modifiers"]; !ok || hc["E"].Title != "Durable medical equipment" {
		t.Fatalf("HCPCS groups: %v", hc)
	}
	if _, ok := ids(Children(set, app.HCPCS, hc["modifiers"], 2026))["LT"]; !ok {
		t.Fatal("HCPCS modifiers lack LT")
	}
	if _, ok := ids(Children(set, app.HCPCS, hc["J"], 2026))["J1100"]; !ok {
		t.Fatal("HCPCS J group lacks J1100")
	}
}

// TestBrowseSameAsConcepts: the browse tree, walked over Rows (building
// only the codes it lists), is the tree a walk over every Concept gives.
func TestBrowseSameAsConcepts(t *testing.T) {
	set, _ := realIndex(t)
	// The walks over every Concept that browse made before Rows.
	roots := func(sys app.System, fy int) []Node {
		seen := map[string]bool{}
		var out []Node
		mods := false
		for _, c := range set.Concepts(sys) {
			if !validIn(c, fy) {
				continue
			}
			if c.Modifier {
				mods = true
				continue
			}
			if k := c.Code[:1]; !seen[k] {
				seen[k] = true
				out = append(out, Node{Kind: KindGroup, ID: k})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		if mods {
			out = append(out, Node{Kind: KindGroup, ID: "modifiers"})
		}
		return out
	}
	// children groups the top codes by section (ICD-10-CM) or group, in
	// one pass.
	children := func(sys app.System, fy int) map[string][]Node {
		out := map[string][]Node{}
		for _, c := range set.Concepts(sys) {
			switch {
			case !validIn(c, fy) || c.Parent != "":
			case sys == app.ICD10CM:
				out[c.Section] = append(out[c.Section], codeNode(c, fy))
			case c.Modifier:
				out["modifiers"] = append(out["modifiers"], codeNode(c, fy))
			default:
				out[c.Code[:1]] = append(out[c.Code[:1]], codeNode(c, fy))
			}
		}
		return out
	}
	same := func(what string, got, want []Node) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d nodes, want %d", what, len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Concept != want[i].Concept || want[i].Kind == KindCode && got[i].Title != want[i].Title {
				t.Fatalf("%s node %d: %+v, want %+v", what, i, got[i], want[i])
			}
		}
	}
	for _, fy := range []int{0, 2016, 2026} {
		for _, sys := range []app.System{app.ICD10PCS, app.HCPCS} {
			rs := Roots(set, sys, fy)
			same(fmt.Sprintf("%s roots %d", sys, fy), rs, roots(sys, fy))
			want := children(sys, fy)
			for _, r := range rs {
				same(fmt.Sprintf("%s %s %d", sys, r.ID, fy), Children(set, sys, r, fy), want[r.ID])
			}
		}
		want := children(app.ICD10CM, fy)
		for _, sec := range set.Sections() {
			n := Node{Kind: KindSection, ID: sec.ID}
			same(fmt.Sprintf("%s %d", sec.ID, fy), Children(set, app.ICD10CM, n, fy), want[sec.ID])
		}
	}
}
