package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzQuery feeds random text to the query parser and the engine: nothing
// may panic, hits respect the limit and the filters, and every hit says
// why it matched.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"", "e119", "E11.9", "0DTJ4", "J1100", "heart attack", "pink eye ", "a", "-", "()", "x-ray",
		"I21.-", "'s", "\xff\xfe", "Ménière's disease", "diab mell typ 2", "((((((", "--a-b-", "1st 2nd"} {
		f.Add(s, 0, false)
	}
	f.Add("type 2 diabetes", 2026, true)
	f.Add("knee replacement left", 2019, false)
	ix := tinyIndex()
	f.Fuzz(func(t *testing.T, text string, year int, billable bool) {
		pq := parseQuery(text)
		for _, w := range pq.words {
			if w == "" {
				t.Fatalf("%q: empty word", text)
			}
		}
		if pq.code != "" && (len(pq.code) > 7 || !utf8.ValidString(pq.code)) {
			t.Fatalf("%q: code %q", text, pq.code)
		}
		q := Query{Text: text, Year: year % 40, Billable: billable, Limit: 5}
		hits := ix.Search(q)
		if len(hits) > 5 {
			t.Fatalf("%q: %d hits over the limit", text, len(hits))
		}
		for _, h := range hits {
			if h.Why == "" {
				t.Fatalf("%q: hit %s without a reason", text, h.Concept.Code)
			}
			if q.Year != 0 && !h.Concept.Valid.Has(q.Year) && h.Concept.System != "hcpcs" {
				t.Fatalf("%q: %s not valid in %d", text, h.Concept.Code, q.Year)
			}
		}
	})
}
