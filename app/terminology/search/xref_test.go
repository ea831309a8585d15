package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// TestSeeReferenceMainTerm: a see reference that leaves out the main
// term's second form ("Fracture, traumatic > hip — see Fracture, femur,
// neck") is followed under the main term that has the rest of it, not
// under the first main term its first word starts ("Fracture, burst"), so
// the entry leads to the femoral neck's code.
func TestSeeReferenceMainTerm(t *testing.T) {
	set, _ := realIndex(t)
	var got []string
	for _, e := range indexEntries(set) {
		if len(e.Path) != 2 || !strings.HasPrefix(e.Path[0], "Fracture, traumatic") || e.Path[1] != "hip" {
			continue
		}
		if strings.HasPrefix(e.Code, "S72.0") {
			return
		}
		got = append(got, e.Code+" see "+e.See)
	}
	t.Errorf("Fracture, traumatic > hip leads to %v, not the femoral neck (S72.0-)", got)
}

// TestSeeReferenceOwnWord: an entry whose see reference names a term
// with a subterm of the entry's own word ("Pain, hand — see Pain, limb,
// upper", under which "hand" is M79.64-) leads to that subterm's code,
// not to the named term's own (M79.60-, the arm); an entry whose word the
// term named has no subterm for keeps the term's code ("Pain, arm":
// M79.60-).
func TestSeeReferenceOwnWord(t *testing.T) {
	set, _ := realIndex(t)
	got := map[string][]string{}
	for _, e := range indexEntries(set) {
		if e.System != app.ICD10CM || len(e.Path) != 2 || firstWord(e.Path[0]) != "pain" || e.See == "" {
			continue
		}
		got[e.Path[1]] = append(got[e.Path[1]], e.Code+" see "+e.See)
	}
	for word, want := range map[string]string{"hand": "M79.64- see Pain, limb, upper, hand", "finger": "M79.64- see Pain, limb, upper, finger", "arm": "M79.60- see Pain, limb, upper"} {
		if !slices.Contains(got[word], want) {
			t.Errorf("Pain > %s leads to %v, want %s", word, got[word], want)
		}
	}
	if slices.Contains(got["hand"], "M79.60- see Pain, limb, upper") {
		t.Errorf("Pain > hand still leads to the arm's M79.60-: %v", got["hand"])
	}
}

// TestSeeReferenceSubtermStart: "Tear, retina — see also Break, retina,
// horseshoe" names the subterm "horseshoe tear" by its first word, the
// rest being the referring entry's own (H33.31-, not Break, retina's
// H33.30-); a part whose subterm adds other words is not followed there.
func TestSeeReferenceSubtermStart(t *testing.T) {
	set, _ := realIndex(t)
	var got []string
	for _, e := range indexEntries(set) {
		if e.System == app.ICD10CM && len(e.Path) == 2 && firstWord(e.Path[0]) == "tear" && strings.HasPrefix(e.Path[1], "retina") && e.See != "" {
			got = append(got, e.Code)
		}
	}
	if !slices.Contains(got, "H33.31-") || slices.Contains(got, "H33.30-") {
		t.Errorf("Tear > retina leads to %v, want H33.31- (horseshoe tear), not H33.30-", got)
	}
	r := newResolver(set.Index(terminology.MainIndex))
	if codes, _ := r.follow("Break, retina, horseshoe", 3, map[string]bool{"retina": true}); slices.Contains(codes, "H33.31-") {
		t.Errorf("a subterm with words the referring entry does not have was followed: %v", codes)
	}
}

// TestSeeReferenceSpecifiedSite: "Ulcer, foot — see Ulcer, lower limb"
// leads to the limb's "foot specified NEC" (L97.509), and its sides are
// the foot's (Ulcer > foot > left: L97.529), not the lower leg's
// (L97.929).
func TestSeeReferenceSpecifiedSite(t *testing.T) {
	set, _ := realIndex(t)
	got := map[string][]string{}
	for _, e := range indexEntries(set) {
		if e.System != app.ICD10CM || len(e.Path) < 2 || firstWord(e.Path[0]) != "ulcer" || !strings.HasPrefix(e.Path[1], "foot") {
			continue
		}
		k := strings.Join(e.Path[1:], " > ")
		got[k] = append(got[k], e.Code)
	}
	for path, want := range map[string]string{"foot (indolent) (trophic)": "L97.509", "foot (indolent) (trophic) > left": "L97.529"} {
		if !slices.Contains(got[path], want) {
			t.Errorf("Ulcer > %s leads to %v, want %s", path, got[path], want)
		}
	}
	if slices.Contains(got["foot (indolent) (trophic) > left"], "L97.929") {
		t.Errorf("Ulcer > foot > left still leads to the lower leg's L97.929")
	}
}

// TestSeeNeoplasmTable: a reference to the Neoplasm Table is followed in
// the table, not in the main index's "Neoplasm, neoplastic" term (where
// "benign" matched "lipomatous, benign": D17.9, a lipoma): by site with
// no site said, the column's first-row code ("Adenoma — see also
// Neoplasm, benign, by site": D36.9); with a site, that row's cell.
func TestSeeNeoplasmTable(t *testing.T) {
	set, _ := realIndex(t)
	want := map[string]string{"Adenoma": "D36.9"}
	got := map[string][]string{}
	for _, e := range indexEntries(set) {
		if len(e.Path) == 1 && e.See != "" && strings.HasPrefix(e.See, "Neoplasm") {
			got[e.Path[0]] = append(got[e.Path[0]], e.Code)
		}
	}
	for term, code := range want {
		if len(got[term]) == 0 || got[term][0] != code {
			t.Errorf("%s leads to %v, want %s", term, got[term], code)
		}
	}
	n, lipoma := 0, 0
	for _, codes := range got {
		for _, c := range codes {
			n++
			if c == "D17.9" {
				lipoma++
			}
		}
	}
	if n == 0 || lipoma > 0 {
		t.Errorf("%d of %d references to the Neoplasm Table lead to D17.9 (lipoma)", lipoma, n)
	}
}

// TestTableRowReference: a Neoplasm Table row with no cells of its own
// ("lymph, lymphatic channel NEC > node — see also Neoplasm, lymph gland")
// is coded by the row it names, column by column, and so are that row's
// sites under it ("node > axilla, axillary": C77.3 secondary); a row
// holding cells of its own keeps them.
func TestTableRowReference(t *testing.T) {
	set, _ := realIndex(t)
	want := map[string]string{
		"lymph, lymphatic channel NEC > node|Malignant Secondary":                    "C77.9",
		"lymph, lymphatic channel NEC > node|Benign":                                 "D36.0",
		"lymph, lymphatic channel NEC > node > axilla, axillary|Malignant Secondary": "C77.3",
		"lymph, lymphatic channel NEC > node > primary NEC|Malignant Primary":        "C96.9",
		"mammary gland|Malignant Primary":                                            "C50.9-",
	}
	got := map[string][]string{}
	for _, e := range indexEntries(set) {
		if e.Kind != terminology.NeoplasmTable || len(e.Path) < 2 || e.Column == "" {
			continue
		}
		k := strings.Join(e.Path[1:], " > ") + "|" + e.Column
		if _, ok := want[k]; ok {
			got[k] = append(got[k], e.Code)
		}
	}
	for k, code := range want {
		if !slices.Contains(got[k], code) {
			t.Errorf("%s leads to %v, want %s", k, got[k], code)
		}
	}
	if c := got["lymph, lymphatic channel NEC > node|Malignant Primary"]; len(c) > 0 {
		t.Errorf("lymph node has a primary code %v; the lymph gland row has none", c)
	}
}

// TestSeveritiesCode: a term without a code whose mild, moderate and
// severe subterms all lead to one code leads to it ("Disorder, tobacco
// use": F17.200, the severity unsaid); one whose severities differ
// ("Disorder, alcohol use": F10.10, F10.20) leads to none.
func TestSeveritiesCode(t *testing.T) {
	set, _ := realIndex(t)
	got := map[string][]string{}
	for _, e := range indexEntries(set) {
		if len(e.Path) == 2 && strings.HasPrefix(e.Path[0], "Disorder") && (e.Path[1] == "tobacco use" || e.Path[1] == "alcohol use") {
			got[e.Path[1]] = append(got[e.Path[1]], e.Code)
		}
	}
	if !slices.Equal(got["tobacco use"], []string{"F17.200"}) {
		t.Errorf("Disorder, tobacco use leads to %v, want F17.200", got["tobacco use"])
	}
	if len(got["alcohol use"]) != 0 {
		t.Errorf("Disorder, alcohol use leads to %v, want none (its severities differ)", got["alcohol use"])
	}
	for _, terms := range [][]*terminology.IndexTerm{
		{{Title: "mild", Code: "F17.200"}, {Title: "moderate", Code: "F17.200"}},
		{{Title: "mild", Code: "F17.200"}, {Title: "mild", Code: "F17.200"}, {Title: "severe", Code: "F17.200"}},
	} {
		if c := severitiesCode(&terminology.IndexTerm{Terms: terms}); c != "" {
			t.Errorf("two severities of three gave %q", c)
		}
	}
	if c := severitiesCode(&terminology.IndexTerm{Terms: []*terminology.IndexTerm{{Title: "mild", Code: "F17.200 "}, {Title: "moderate ", Code: "F17.200"}, {Title: "Severe", Code: "F17.200"}}}); c != "F17.200" {
		t.Errorf("three severities of one code gave %q", c)
	}
}
