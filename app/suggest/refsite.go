package suggest

import (
	"slices"
	"strings"

	"github.com/codebench/codebench/app/terminology/search"
)

// refSited corrects a code reached through an Index path or a see
// reference whose last part names a site ("Cellulitis, leg — see Cellulitis, lower limb",
// printed L03.11-) when the code taken from the subcategory is another
// site's: the Index leaves the site to the Tabular, so the code is the
// sibling whose title names the reference's site, on the same side
// ("left leg": L03.116, Cellulitis of left lower limb, not L03.112, left
// axilla).
func (e *Engine) refSited(m mention, fy int) mention {
	var parts []string
	if from, ref, ok := strings.Cut(m.why, "→ see "); ok {
		if own := lastLevelWords(from); len(own) > 0 && saysAll(m.title, own) {
			// "Pain, arm — see Pain, limb, upper": "Pain in arm,
			// unspecified" names the entry's own site already; the
			// reference's "upper" is no upper arm.
			return m
		}
		ref = strings.TrimPrefix(ref, "also ")
		if i := strings.IndexAny(ref, ";[→"); i >= 0 {
			ref = ref[:i]
		}
		parts = strings.Split(ref, ",")
	} else if path, ok := strings.CutPrefix(m.why, "index: "); ok {
		// "Cellulitis > lower limb" printed L03.11- too.
		if i := strings.IndexAny(path, ";["); i >= 0 {
			path = path[:i]
		}
		parts = strings.Split(path, " > ")
	}
	if len(parts) < 2 {
		return m
	}
	var site []string
	for _, w := range search.Words(parts[len(parts)-1]) {
		if !search.StopWord(w) {
			site = append(site, w)
		}
	}
	if len(site) > 0 && !slices.ContainsFunc(site, func(w string) bool { return !relativeWords[w] }) {
		// "Pain > limb > upper": the last part says which of the part
		// before it; the site is the upper limb, not an upper arm.
		for _, w := range search.Words(parts[len(parts)-2]) {
			if !search.StopWord(w) {
				site = append(site, w)
			}
		}
	}
	if len(site) == 0 || saysAll(m.title, site) {
		return m
	}
	// The sibling differs from the code only by its site: it adds no
	// word but the site's and drops at most two (the other site's), so
	// "Hypertrophy, cardiac" does not turn cardiomegaly into a septal
	// defect.
	side := sideOf(m.title)
	own := wordSet(m.title)
	isSite := map[string]bool{}
	for _, w := range site {
		isSite[w] = true
	}
	x := e.siblingTitled(m.code, fy, func(t string) bool {
		if sideOf(t) != side || !saysAll(t, site) {
			return false
		}
		theirs := wordSet(t)
		for w := range theirs {
			if !own[w] && !isSite[w] {
				return false
			}
		}
		dropped := 0
		for w := range own {
			if !theirs[w] {
				dropped++
			}
		}
		return dropped <= 2
	})
	if x == nil {
		return m
	}
	m.code, m.title = x.Code, x.TitleIn(fy).Long
	m.why += "; the site the reference names"
	return m
}

// relativeWords say which one of a site ("upper" limb, "lower" leg).
var relativeWords = wordSet("upper lower anterior posterior medial lateral superior inferior proximal distal")

// wordSet is the normalised words of a title (or of a list of words).
func wordSet(title string) map[string]bool {
	has := map[string]bool{}
	for _, w := range search.Words(strings.ToLower(title)) {
		has[w] = true
	}
	return has
}

// saysAll reports whether every normalised word of ws is a word of title.
func saysAll(title string, ws []string) bool {
	has := wordSet(title)
	for _, w := range ws {
		if !has[w] {
			return false
		}
	}
	return true
}

// lastLevelWords is the words, less stop words, of the last level of an
// Index path under its main term ("index: Pain (s) > arm → see ..." gives
// "arm"), nonessential modifiers left out; none for a main term alone.
func lastLevelWords(why string) []string {
	path := indexPath(why)
	i := strings.LastIndex(path, " > ")
	if i < 0 {
		return nil
	}
	return search.StrongWords(path[i+3:])
}
