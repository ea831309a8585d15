package intake

import (
	"regexp"
	"strings"
)

// CleanCodes repairs the code-like tokens OCR garbles, conservatively:
//
//   - a code whose letter was read as a digit (I10 as 110, I48.0 as
//     148.0, Z68.31 as 268.31) is repaired only where the context shows a
//     code: after a word such as ICD-10-CM, code, Dx, diagnosis, assessment
//     or impression earlier on the line, or next to another code in a
//     comma or semicolon list; never when a unit (F, mg, cm, %...) follows;
//   - a stray comma at a code's dot (E11,.9) is removed;
//   - HbAlc, HbAic, HbA1C... become HbA1c;
//   - '@' or '®' inside a number (5@th, 2026-@2-@2), which a slashed or
//     dotted zero turns into, becomes 0.
//
// Anything else is left as OCR read it: a coder checks the text against
// the image, and a wrong "fix" would be harder to spot than a misread.
func CleanCodes(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = cleanLine(l)
	}
	return strings.Join(lines, "\n")
}

var (
	tokenRE = regexp.MustCompile(`\S+`)
	// codeShapeRE is an ICD-10-CM code as OCR may read it: three
	// characters, then optionally a dot (or ",." / ".,") and up to four.
	codeShapeRE = regexp.MustCompile(`^([A-Z0-9])([0-9OIl|@®])([0-9A-Zl|@®])(?:(\.|,\.|\.,)([0-9A-Z@®]{1,4}))?$`)
	// goodCodeRE is a well-formed ICD-10-CM code, the evidence of a code list.
	goodCodeRE = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$`)
	numberRE   = regexp.MustCompile(`^[0-9][0-9@®.,:/\-]*(?:th|st|nd|rd|%)?$`)
	hba1cRE    = regexp.MustCompile(`^HbA[1lIi|][cC]$`)
)

var codeKeywords = map[string]bool{
	"icd": true, "icd-10": true, "icd-10-cm": true, "icd10": true, "icd10cm": true,
	"code": true, "codes": true, "dx": true, "diagnosis": true, "diagnoses": true,
	"assessment": true, "impression": true,
}

var units = map[string]bool{
	"f": true, "c": true, "mg": true, "mcg": true, "g": true, "kg": true, "lb": true, "lbs": true,
	"ml": true, "l": true, "cm": true, "mm": true, "in": true, "%": true, "percent": true,
	"bpm": true, "mmhg": true, "units": true, "mmol/l": true, "mg/dl": true, "degrees": true,
}

// trimToken splits a token into leading punctuation, core and trailing
// punctuation.
func trimToken(tok string) (pre, core, post string) {
	core = strings.TrimLeft(tok, "([\"'")
	pre = tok[:len(tok)-len(core)]
	c := strings.TrimRight(core, ".,;:)]\"'")
	// A code may end in a dot only if characters follow it; a number's
	// trailing dot is the sentence's.
	post = core[len(c):]
	return pre, c, post
}

// digitAsLetter maps digits OCR reads in place of a code's first letter.
var digitAsLetter = map[byte]byte{'1': 'I', '0': 'O', '5': 'S', '2': 'Z', '8': 'B'}

func cleanLine(line string) string {
	idx := tokenRE.FindAllStringIndex(line, -1)
	if len(idx) == 0 {
		return line
	}
	toks := make([]string, len(idx))
	for i, p := range idx {
		toks[i] = line[p[0]:p[1]]
	}
	out := make([]string, len(toks))
	copy(out, toks)
	keywordSeen := false
	for i, tok := range toks {
		pre, core, post := trimToken(tok)
		low := strings.ToLower(core)
		switch {
		case hba1cRE.MatchString(core):
			out[i] = pre + "HbA1c" + post
		case strings.ContainsAny(core, "@®") && numberRE.MatchString(core):
			out[i] = pre + strings.NewReplacer("@", "0", "®", "0").Replace(core) + post
		case codeShapeRE.MatchString(core):
			if fixed, ok := fixCode(core, keywordSeen || listContext(toks, i), nextIsUnit(toks, i)); ok {
				out[i] = pre + fixed + post
			}
		}
		if codeKeywords[strings.TrimSuffix(low, ":")] {
			keywordSeen = true
		}
	}
	var b strings.Builder
	last := 0
	for i, p := range idx {
		b.WriteString(line[last:p[0]])
		b.WriteString(out[i])
		last = p[1]
	}
	b.WriteString(line[last:])
	return b.String()
}

// fixCode repairs one code-shaped token; context says whether the line
// shows codes. ok is false when the token should stay as read.
func fixCode(core string, context, unitFollows bool) (string, bool) {
	m := codeShapeRE.FindStringSubmatch(core)
	first, second, third, sep, tail := m[1], m[2], m[3], m[4], m[5]
	if l, isDigit := digitAsLetter[first[0]]; isDigit {
		if unitFollows {
			return "", false
		}
		first = string(l)
	}
	switch second {
	case "O", "@", "®":
		second = "0"
	case "I", "l", "|":
		second = "1"
	}
	zero := strings.NewReplacer("@", "0", "®", "0")
	fixedTail := zero.Replace(tail)
	fixed := first + second + strings.NewReplacer("@", "0", "®", "0", "l", "1", "|", "1").Replace(third)
	inner := fixed != m[1]+m[2]+m[3] || fixedTail != tail
	if sep != "" {
		fixed += "." + fixedTail
	}
	switch {
	case fixed == core, !goodCodeRE.MatchString(fixed):
		return "", false
	case inner && !context:
		// Characters changed: only where the line shows codes. A stray
		// comma at the dot (E11,.9) is fixed anywhere: no word looks so.
		return "", false
	}
	return fixed, true
}

// listContext reports whether token i sits in a comma or semicolon list
// next to a well-formed code, or is set off by list punctuation
// ("hypertension, 110; hyperlipidemia, E78.5") on a line with another code.
func listContext(toks []string, i int) bool {
	_, _, post := trimToken(toks[i])
	if i > 0 && strings.HasSuffix(toks[i-1], ",") && (post == "" || strings.ContainsAny(post, ",;.")) {
		for j, tok := range toks {
			if _, c, _ := trimToken(tok); j != i && goodCodeRE.MatchString(c) {
				return true
			}
		}
	}
	if i > 0 {
		_, pc, ppost := trimToken(toks[i-1])
		if goodCodeRE.MatchString(pc) && strings.ContainsAny(ppost, ",;") {
			return true
		}
	}
	if i+1 < len(toks) && strings.ContainsAny(post, ",;") {
		_, nc, _ := trimToken(toks[i+1])
		if goodCodeRE.MatchString(nc) {
			return true
		}
	}
	return false
}

func nextIsUnit(toks []string, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	_, c, _ := trimToken(toks[i+1])
	return units[strings.ToLower(c)]
}
