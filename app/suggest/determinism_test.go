package suggest

import (
	"reflect"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// TestSameOnEveryRun: sentences are read in parallel and the engine keeps
// lookups across notes, yet a note's suggestions — codes, order, scores,
// reasons and evidence — are the same on every run, with a fresh engine or
// one that has read other notes first. (The reason naming the diagnosis a
// symptom is integral to once came from a map's iteration order.)
func TestSameOnEveryRun(t *testing.T) {
	first := realEngine(t)
	var reqs []Request
	for _, n := range loadUSNotes(t) {
		reqs = append(reqs, Request{Pages: []string{n.text}, Setting: app.Inpatient, Date: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	}
	notes := loadEvalNotes(t, notesEvalDir(t))
	for _, n := range notes[:min(len(notes), 80)] {
		reqs = append(reqs, Request{Pages: []string{n.text}, Setting: app.Inpatient, Date: time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC)})
	}
	want := make([][]Suggestion, len(reqs))
	for i, r := range reqs {
		want[i] = first.Suggest(r)
	}
	second := New(realSet, first.ix)
	for round := 0; round < 2; round++ {
		// Backwards the second time, so the remembered lookups differ.
		for k := range reqs {
			i := k
			if round == 1 {
				i = len(reqs) - 1 - k
			}
			if got := second.Suggest(reqs[i]); !reflect.DeepEqual(got, want[i]) {
				t.Fatalf("round %d, note %d: the suggestions differ from the first run's:\n got %+v\nwant %+v", round, i, got, want[i])
			}
		}
	}
}
