package search

import (
	"strings"
	"testing"
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
