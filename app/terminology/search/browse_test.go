package search

import (
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
