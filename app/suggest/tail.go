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

// maxSaidSiblings bounds the candidates siblingsSaid gives beside one
// proposed code.
const maxSaidSiblings = 2

// maxSiblingRows is the largest category whose codes siblingsSaid reads.
const maxSiblingRows = 150

// siblingsSaid adds, for each proposed diagnosis code, the other codes of
// its category whose own words the sentence of its evidence says, beyond
// the words the proposed code's title has: "persistent vomiting and
// nausea" beside R11.10 gives R11.2 (Nausea with vomiting); "stage 3
// chronic kidney disease" beside N18.9 gives N18.3-. For a coder who
// reads the sentence as saying more than the code taken; listed as less
// certain, never proposed, after the codes the engine proposes.
func (e *Engine) siblingsSaid(in []Suggestion, pages []string, fy int) []Suggestion {
	listed := map[string]bool{}
	for _, s := range in {
		if s.System == app.ICD10CM {
			listed[terminology.Canonical(s.Code)] = true
		}
	}
	// Each code's siblings are read in parallel (a category's titles
	// against a sentence: the longest step after the sentences), then
	// taken in the codes' order, a sibling once. Each earlier code of a
	// category may have taken maxSaidSiblings of a code's siblings: it
	// reads as many more.
	limits := make([]int, len(in))
	before := map[string]int{}
	for i, s := range in {
		code := terminology.Canonical(s.Code)
		cat := code[:min(3, len(code))]
		limits[i] = maxSaidSiblings * (1 + before[cat])
		before[cat]++
	}
	found := make([][]*terminology.Concept, len(in))
	inParallel(len(in), nil, func(i int) { found[i] = e.saidSiblings(in[i], pages, fy, listed, limits[i]) })
	out := in
	for i, s := range in {
		n := 0
		for _, c := range found[i] {
			if n >= maxSaidSiblings {
				break
			}
			if listed[c.Code] {
				continue // the sibling of a code before
			}
			listed[c.Code] = true
			n++
			out = append(out, Suggestion{System: app.ICD10CM, Code: terminology.Display(app.ICD10CM, c.Code), Title: c.TitleIn(fy).Long,
				Score: math.Round(s.Score*tailWeight*400) / 1000, Assertion: s.Assertion, Evidence: append([]Evidence(nil), s.Evidence...),
				Reason: "less certain: a code of " + c.Code[:3] + " whose words the sentence says, beside " + s.Code, LessCertain: true, Complete: true})
		}
	}
	if len(out) > len(in) {
		sortSuggestions(out)
	}
	return out
}

// saidSiblings are the first limit codes of s's category, not listed,
// whose own words the sentence of its evidence says (siblingsSaid). listed
// is only read.
func (e *Engine) saidSiblings(s Suggestion, pages []string, fy int, listed map[string]bool, limit int) []*terminology.Concept {
	code := terminology.Canonical(s.Code)
	if !s.Proposed || s.System != app.ICD10CM || len(code) < 3 || code[0] == 'Z' || len(s.Evidence) == 0 {
		return nil
	}
	ev := s.Evidence[0]
	if ev.Page < 1 || ev.Page > len(pages) || ev.End > len(pages[ev.Page-1]) {
		return nil
	}
	var rows []*terminology.Concept
	for r := range e.set.RowsWithPrefix(app.ICD10CM, code[:3]) {
		if len(rows) > maxSiblingRows {
			// A category of hundreds of codes (injuries by site and
			// encounter): its codes differ in what the code taken was
			// read for, not in words a sentence adds.
			return nil
		}
		if r.Billable().Has(fy) {
			rows = append(rows, r.Concept())
		}
	}
	if len(rows) > maxSiblingRows {
		return nil
	}
	said := unnegatedWords(sentenceAround(pages[ev.Page-1], ev.Start, ev.End))
	own := search.ContentWords(s.Title)
	var out []*terminology.Concept
	for _, c := range rows {
		if len(out) >= limit {
			break
		}
		if listed[c.Code] {
			continue
		}
		title := c.TitleIn(fy).Long
		if later(title) || withoutSaid(title, said) {
			continue
		}
		extra := 0
		ok := true
		for _, w := range search.ContentWords(title) {
			if filler[w] || rootMatch(w, own) {
				continue
			}
			extra++
			if !rootMatch(w, said) {
				ok = false
				break
			}
		}
		if ok && extra > 0 {
			out = append(out, c)
		}
	}
	return out
}

// unnegatedWords is the normalised words of text the note does not negate
// ("nausea without vomiting" says nausea, not vomiting).
func unnegatedWords(text string) []string {
	var out []string
	sents, _ := segment(1, text, NoSection, nil)
	for _, s := range sents {
		a := assertSentence(s.toks, s.sec)
		for i, t := range s.toks {
			if a.kind[i] != Negated {
				out = append(out, t.norms...)
			}
		}
	}
	return out
}

// sentenceAround is the sentence of text holding [start, end): from the
// last full stop, semicolon or line break before it to the next after.
func sentenceAround(text string, start, end int) string {
	lo := strings.LastIndexAny(text[:start], ".;\n") + 1
	hi := strings.IndexAny(text[end:], ".;\n")
	if hi < 0 {
		hi = len(text)
	} else {
		hi += end
	}
	return text[lo:hi]
}

// withoutSaid reports a title "without" something the words say
// ("Vomiting without nausea" beside "vomiting and nausea").
func withoutSaid(title string, said []string) bool {
	if !containsFold(title, "without ") {
		return false
	}
	for _, w := range withoutWords(strings.ToLower(title)) {
		if !filler[w] && rootMatch(w, said) {
			return true
		}
	}
	return false
}

// organisms are the genera of bacteria a note names from a culture, whose
// codes "as the cause of diseases classified elsewhere" (B95–B97) a coder
// adds beside the infection they cause.
var organisms = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`staphylococcus staphylococci staph streptococcus streptococci strep
		pseudomonas escherichia coli klebsiella proteus enterococcus enterococci enterobacter serratia
		acinetobacter haemophilus hemophilus mycoplasma chlamydia clostridium bacteroides helicobacter mrsa mssa`) {
		organisms[w] = true
	}
}

// organismWords are the words of a B95–B97 title that name no organism.
var organismWords = map[string]bool{}

func init() {
	for _, w := range search.ContentWords("as the cause of diseases classified elsewhere infection other unspecified specified methicillin susceptible group") {
		organismWords[w] = true
	}
}

// organisms adds, for a bacterium the sentence names ("Pseudomonas
// aeruginosa was isolated", "blood cultures grew Staphylococcus
// aureus"), its code as the cause of diseases classified elsewhere, as a
// less certain candidate: the infection it caused is coded from the
// note's other words, and the coder decides whether the organism is coded
// beside it or is part of a combination code (sepsis due to it).
func (e *Engine) organisms(s *sentence, text string, a asserted, fy int, ms []mention) []mention {
	for i, t := range s.toks {
		if !organisms[t.raw] || a.kind[i] == Negated || t.raw == "coli" && (i == 0 || s.toks[i-1].raw != "e" && s.toks[i-1].raw != "escherichia") {
			continue
		}
		if i > 0 && organisms[s.toks[i-1].raw] && s.toks[i-1].raw != "e" {
			continue // the genus before it was read with it
		}
		last := i
		if i+1 < len(s.toks) && len(s.toks[i+1].raw) > 3 && !breakWords[s.toks[i+1].raw] && !search.StopWord(s.toks[i+1].raw) {
			last = i + 1 // the species ("aureus", "aeruginosa")
		}
		first := i
		if t.raw == "coli" {
			first = i - 1
		}
		var said []string
		for k := first; k <= last; k++ {
			said = append(said, s.toks[k].norms...)
			if g, ok := genus(s.toks, k); ok {
				said = append(said, search.Words(g)...) // "E. coli"
			}
		}
		words := text[s.toks[first].start:s.toks[last].end]
		if t.raw == "mrsa" {
			words, said = "methicillin resistant staphylococcus aureus", search.ContentWords("methicillin resistant staphylococcus aureus")
		}
		for _, h := range e.search(app.ICD10CM, fy, words+" as the cause of diseases classified elsewhere", 10) {
			code := h.Concept.Code
			if !strings.HasPrefix(code, "B95") && !strings.HasPrefix(code, "B96") && !strings.HasPrefix(code, "B97") {
				continue
			}
			title := h.Concept.TitleIn(fy).Long
			ok, named := true, false
			for _, w := range search.ContentWords(withoutParens(title)) {
				if organismWords[w] || filler[w] {
					continue
				}
				if !rootMatch(w, said) {
					ok = false
					break
				}
				named = true
			}
			if !ok || !named {
				continue
			}
			t0, t1 := s.toks[first], s.toks[last]
			ms = append(ms, mention{sys: app.ICD10CM, code: code, complete: true, title: title, why: h.Why,
				conf: 0.5, query: words, tail: true, sec: s.sec, assertion: a.kind[i], cue: a.cue[i],
				ev: Evidence{Page: s.page, Start: t0.start, End: t1.end, Text: text[t0.start:t1.end]}})
			break
		}
	}
	return ms
}
