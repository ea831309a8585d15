package suggest

import (
	"math"
	"sort"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
)

// The less certain tail: after the codes the engine proposes, the
// candidates its lookups found but did not take, so a coder who finds the
// proposed list short sees them last, marked as less certain, instead of
// searching by hand:
//   - the runner-up hits of a lookup that explained a finding (a sibling
//     of the code taken, another Index path for the same words);
//   - the best hits of a lookup that explained the finding's words only
//     in part (a main term the note says with a subterm it does not);
//   - beside a proposed code, its category's unspecified code, for when
//     the words the code took its specificity from do not hold.
// They are never proposed: Accept all leaves them, and a negated or past
// mention gives none.

// tailNeed is how much of a hit's own phrase the note must say for the
// hit to be a less certain candidate (pick asks 0.6–0.75 to propose it).
const tailNeed = 0.5

// maxAlts bounds the candidates one lookup gives.
const maxAlts = 2

// tailWeight scales a candidate's score below every proposed code's.
const tailWeight = 0.3

// alt is a hit of a lookup that explains the anchor word, with how well.
type alt struct {
	hit  int    // index in the hits
	cov  []bool // the words of the window it explains
	pcov float64
	n    int // content words it explains
	// partial: below the bar for proposing; path: an Index path, not a
	// title or inclusion term.
	partial, path bool
}

// runnersUp returns the candidates other than the one taken, best first.
func runnersUp(hits []search.Hit, alts []alt, best int) []alt {
	out := alts[:0:0]
	for _, a := range alts {
		switch {
		case a.hit == best:
		case best >= 0 && !a.partial:
			// Another code for the words the taken one explains; not
			// another 7th character of it (open fracture, later
			// encounter), which the note's words decide.
			if !seventhOf(hits, a.hit, best) {
				out = append(out, a)
			}
		case best < 0 && a.path:
			// An Index entry whose main term the note says, with
			// subterms it says only in part.
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].pcov != out[j].pcov {
			return out[i].pcov > out[j].pcov
		}
		return out[i].n > out[j].n
	})
	if len(out) > maxAlts {
		out = out[:maxAlts]
	}
	return out
}

// tailOf turns a lookup's candidates into less certain mentions
// (ICD-10-CM: a PCS table is completed by the coder from the one taken).
func (e *Engine) tailOf(sys app.System, hits []search.Hit, alts []alt, fy int, query string) []mention {
	if sys != app.ICD10CM || len(alts) == 0 {
		return nil
	}
	out := make([]mention, 0, len(alts))
	for _, a := range alts {
		h := hits[a.hit]
		out = append(out, e.refSited(mention{sys: sys, code: h.Concept.Code, complete: true, title: h.Concept.TitleIn(fy).Long,
			why: h.Why, conf: 0.3 + 0.3*a.pcov, query: query, tail: true, cov: a.cov}, fy))
	}
	return out
}

// candidates places a lookup's less certain mentions in the note: the
// words each explains (window from wlo), the section, and the assertion
// of the anchor word i.
func (e *Engine) candidates(alts []mention, s *sentence, text string, a asserted, i, wlo int) []mention {
	var out []mention
	for _, m := range alts {
		first, last, negated := -1, -1, false
		for k, c := range m.cov {
			if c && a.kind[wlo+k] == Negated {
				negated = true // "graft without acute rejection"
			}
			if c {
				if first < 0 {
					first = wlo + k
				}
				last = wlo + k
			}
		}
		if first < 0 || negated {
			continue
		}
		t0, t1 := s.toks[first], s.toks[last]
		m.ev = Evidence{Page: s.page, Start: t0.start, End: t1.end, Text: text[t0.start:t1.end]}
		m.sec = s.sec
		m.assertion, m.cue = a.kind[i], a.cue[i]
		m.cov = nil
		out = append(out, m)
	}
	return out
}

// seventhOf reports whether hit a is hit best with another 7th character.
func seventhOf(hits []search.Hit, a, best int) bool {
	x, y := hits[a].Concept.Code, hits[best].Concept.Code
	return len(x) == 7 && len(y) == 7 && x[:6] == y[:6]
}

// unspecifiedSiblings adds, for each proposed diagnosis code, the
// unspecified code of its category (R59.1 → R59.9, N18.1 → N18.9) as a
// less certain candidate with the same evidence, unless it is listed
// already.
func (e *Engine) unspecifiedSiblings(in []Suggestion, fy int) []Suggestion {
	listed := map[string]bool{}
	for _, s := range in {
		if s.System == app.ICD10CM {
			listed[terminology.Canonical(s.Code)] = true
		}
	}
	out := in
	for _, s := range in {
		code := terminology.Canonical(s.Code)
		if !s.Proposed || s.System != app.ICD10CM || len(code) < 4 || code[0] == 'Z' {
			continue
		}
		for _, cand := range []string{code[:3] + "9", code[:3] + "90"} {
			c := e.set.Lookup(app.ICD10CM, cand)
			if c == nil || !c.Billable.Has(fy) || listed[cand] || strings.HasPrefix(code, cand) {
				continue
			}
			title := c.TitleIn(fy).Long
			if !strings.Contains(strings.ToLower(title), "unspecified") || !sameCondition(title, s.Title) {
				continue
			}
			listed[cand] = true
			out = append(out, Suggestion{System: app.ICD10CM, Code: terminology.Display(app.ICD10CM, cand), Title: title,
				Score: math.Round(s.Score*tailWeight*500) / 1000, Assertion: s.Assertion, Evidence: append([]Evidence(nil), s.Evidence...),
				Reason: "less certain: the unspecified code of " + code[:3] + ", should the note not support " + s.Code, LessCertain: true, Complete: true})
			break
		}
	}
	return out
}

// sameCondition reports whether the unspecified code's title names the
// condition the proposed code's title does: two thirds of its words
// ("Heart failure, unspecified" beside "Acute on chronic systolic heart
// failure"; not "Disorder of urinary system" beside "Urinary tract
// infection").
func sameCondition(unspecified, proposed string) bool {
	of := search.ContentWords(proposed)
	n, said := 0, 0
	for _, w := range search.ContentWords(unspecified) {
		if filler[w] {
			continue
		}
		n++
		if rootMatch(w, of) {
			said++
		}
	}
	return n > 0 && 3*said >= 2*n
}
