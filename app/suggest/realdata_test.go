package suggest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/internal/testenv/testindex"
)

var realSet *terminology.Set

// realEngine is the engine over the official code sets (the generated
// pack, loaded once per test process, and its search index).
func realEngine(tb testing.TB) *Engine {
	tb.Helper()
	set, ix := testindex.Index(tb)
	realSet = set
	return New(set, ix)
}

func date(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// TestDemoNote: the demo record's note (the same text as views/demo.go)
// yields the codes a coder assigns, and none of the negated or integral
// symptoms.
func TestDemoNote(t *testing.T) {
	e := realEngine(t)
	b, err := os.ReadFile(filepath.Join("testdata", "demo-office-visit.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Office, Date: date(t, "2026-03-02")})
	proposed := map[string]Suggestion{}
	for _, s := range got {
		if s.Proposed {
			proposed[s.Code] = s
		}
		t.Logf("%-8s %-5v %-9s %.2f %q %s", s.Code, s.Proposed, s.Assertion, s.Score, s.Evidence[0].Text, s.Reason)
	}
	for _, want := range []string{"J18.9", "E11.22", "N18.31", "E11.65", "I12.9", "E78.5", "Z79.4", "Z79.84", "Z87.891"} {
		s, ok := proposed[want]
		if !ok {
			t.Errorf("%s not proposed", want)
			continue
		}
		for _, ev := range s.Evidence {
			if ev.Page != 1 || text[ev.Start:ev.End] != ev.Text || ev.Text == "" {
				t.Errorf("%s: evidence %+v does not point at its words", want, ev)
			}
		}
	}
	for code := range proposed {
		if strings.HasPrefix(code, "R05") || code == "R50.9" || strings.HasPrefix(code, "R07") || code == "I10" || code == "E11.9" {
			t.Errorf("%s proposed; it is negated, integral to the pneumonia or replaced by a combination code", code)
		}
	}
	negated := false
	for _, s := range got {
		if s.Code == "R07.9" && s.Assertion == Negated && strings.Contains(s.Reason, `"no"`) {
			negated = true
		}
	}
	if !negated {
		t.Error(`"No chest pain" is not listed as negated with its cue`)
	}
	integral := false
	for _, s := range got {
		if s.Code == "R50.9" {
			integral = s.Assertion == Integral && !s.Proposed && strings.Contains(s.Reason, "J18.9")
		}
	}
	if !integral {
		t.Error("the fever is not listed as integral to the pneumonia")
	}
}

// TestCatchAllMainTermsNeedASubterm: a bare word that is also a main term
// with a catch-all default ("defect" → Q89.9, "nerves" → R45.0, "sinus" →
// L98.8), or that an eponym shares ("disease" → Hers' disease), proposes
// nothing; the same main term with a subterm the note says still does.
func TestCatchAllMainTermsNeedASubterm(t *testing.T) {
	e := realEngine(t)
	text := "The defect was closed. The facial nerve was spared. The maxillary sinus is clear. " +
		"The disease progressed. Known atrial septal defect."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	codes := map[string]bool{}
	for _, s := range got {
		if s.System == app.ICD10CM && s.Proposed {
			codes[s.Code] = true
		}
	}
	for _, bad := range []string{"Q89.9", "R45.0", "L98.8", "E74.09"} {
		if codes[bad] {
			t.Errorf("%s proposed from a bare word: %v", bad, codes)
		}
	}
	if !codes["Q21.1"] && !codes["Q21.10"] {
		t.Errorf("atrial septal defect not proposed: %v", codes)
	}
}

// usNote is one note of testdata/usnotes.txt.
type usNote struct {
	id      string
	setting app.EncounterType
	date    string
	gold    []string
	never   []string
	text    string
}

func loadUSNotes(tb testing.TB) []usNote {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "usnotes.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []usNote
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		if h, ok := strings.CutPrefix(line, "=== "); ok {
			if len(out) > 0 {
				out[len(out)-1].text = b.String()
			}
			b.Reset()
			p := strings.Split(h, "|")
			if len(p) != 5 {
				tb.Fatalf("usnotes.txt: bad header %q", line)
			}
			out = append(out, usNote{id: strings.TrimSpace(p[0]), setting: app.EncounterType(strings.TrimSpace(p[1])),
				date: strings.TrimSpace(p[2]), gold: strings.Fields(p[3]), never: strings.Fields(p[4])})
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if len(out) > 0 {
		out[len(out)-1].text = b.String()
	}
	return out
}

// TestUSNotes: over our own US-style notes, the codes a coder assigns are
// among the first ten proposed (recall@10 ≥ 0.85), and no code the note
// negates (or that the conventions rule out) is ever proposed.
func TestUSNotes(t *testing.T) {
	e := realEngine(t)
	notes := loadUSNotes(t)
	if len(notes) < 40 {
		t.Fatalf("%d notes, want at least 40", len(notes))
	}
	found, total := 0, 0
	for _, n := range notes {
		got := e.Suggest(Request{Pages: []string{n.text}, Setting: n.setting, Date: date(t, n.date)})
		var top []string
		for _, s := range got {
			if s.Proposed && len(top) < 10 {
				top = append(top, terminology.Canonical(s.Code))
			}
			if !s.Proposed {
				continue
			}
			for _, ev := range s.Evidence {
				if a, cue := AssertionOf(n.text, ev.Start, ev.End); a == Negated {
					t.Errorf("%s: %s proposed from negated words %q (cue %q)", n.id, s.Code, ev.Text, cue)
				}
			}
			for _, never := range n.never {
				if terminology.Canonical(s.Code) == terminology.Canonical(never) {
					t.Errorf("%s: %s proposed; the note rules it out (%s)", n.id, s.Code, s.Reason)
				}
			}
		}
		for _, g := range n.gold {
			total++
			ok := false
			for _, c := range top {
				if strings.HasPrefix(c, terminology.Canonical(g)) {
					ok = true
				}
			}
			if ok {
				found++
			} else {
				t.Logf("%s: %s not in the top ten %v", n.id, g, top)
			}
		}
	}
	recall := float64(found) / float64(total)
	t.Logf("US notes: recall@10 %.3f (%d of %d codes, %d notes)", recall, found, total, len(notes))
	if recall < 0.85 {
		t.Errorf("recall@10 %.3f, want ≥ 0.85", recall)
	}
}

// TestNeoplasmBySite: a morphology word with a site ("renal carcinoma",
// "bladder carcinoma") is coded through the Neoplasm Table's column for
// it, not as C80.1 (site unspecified); with no side said, the code is the
// unspecified side's (C64.9, not C64.1).
func TestNeoplasmBySite(t *testing.T) {
	e := realEngine(t)
	text := "Papillary renal carcinoma. Transitional bladder carcinoma. Papillary thyroid carcinoma."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	codes := map[string]bool{}
	for _, s := range got {
		if s.Proposed {
			codes[s.Code] = true
		}
	}
	for _, want := range []string{"C64.9", "C67.9", "C73"} {
		if !codes[want] {
			t.Errorf("%s not proposed: %v", want, codes)
		}
	}
	if codes["C80.1"] || codes["C64.1"] || codes["C64.2"] {
		t.Errorf("site or side not read: %v", codes)
	}
}

// TestImagingByBodyPart: an imaging study is coded from its modality and
// the body part the words around it name ("abdominal CT" is a CT of the
// abdomen, BW20, not of the abdominal aorta); a study with only one code
// for that body part is complete (renal ultrasound: both kidneys); one
// whose contrast the note does not say is the four-character prefix; the
// urinary tract is the kidneys and bladder, not the "Gastrointestinal Tract".
func TestImagingByBodyPart(t *testing.T) {
	e := realEngine(t)
	text := "Abdominal CT showed a mass.\nRenal ultrasound showed no hydronephrosis.\nAn abdominal-pelvic CT was done.\nScrotal ultrasound.\n" +
		"Blood pressure 120/80, visual acuity 20/20.\nA CT scan revealed multiple simple cysts in the kidneys.\n" +
		"The ultrasound of the urinary tract showed bladder stones."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	codes := map[string]bool{}
	for _, s := range got {
		if s.System == app.ICD10PCS && s.Proposed {
			codes[s.Code] = true
		}
	}
	for _, want := range []string{"BW20", "BT43ZZZ", "BW21", "BV44ZZZ", "BT4JZZZ"} {
		if !codes[want] {
			t.Errorf("%s not proposed: %v", want, codes)
		}
	}
	if codes["B420"] {
		t.Errorf("abdominal CT read as a CT of the aorta: %v", codes)
	}
	if codes["BD47ZZZ"] {
		t.Errorf("the urinary tract's ultrasound read as the gastrointestinal tract's: %v", codes)
	}
	for c := range codes {
		if strings.HasPrefix(c, "B22") {
			t.Errorf("%s proposed: \"multiple\" names no body part (Multiple Coronary Arteries)", c)
		}
	}
	for c := range codes {
		if strings.HasPrefix(c, "4A0") {
			t.Errorf("%s proposed: vital signs are the examination, not a procedure", c)
		}
	}
}

// TestNeoplasmReferenceBySite: a morphology the Index sends to the
// Neoplasm Table by site ("Adenoma — see also Neoplasm, benign, by
// site") is coded by the site the note names, in the column the
// reference names, and with no site to that column's unspecified code,
// never to the code the reference happens to reach (D17.9, a lipoma); a
// site adjective reaches the table's noun ("ovarian": ovary); the side
// said is the code's.
func TestNeoplasmReferenceBySite(t *testing.T) {
	e := realEngine(t)
	for _, tt := range []struct{ text, want string }{
		{"MRI showed a pituitary adenoma with suprasellar extension.", "D35.2"},
		{"Pathology: Sertoli cell tumor of the left testis.", "D29.22"},
		{"ASSESSMENT: Primary ovarian carcinoma, stage IIIC.", "C56.9"},
		{"Colonoscopy: tubular adenoma, removed.", "D36.9"},
		// "Tumor — see also Neoplasm, unspecified behavior, by site":
		// without histology a tumor is coded by site in that column; the
		// words after it name its site only after a preposition.
		{"Cystoscopy revealed a 2 cm bladder tumor; biopsy pending.", "D49.4"},
		{"CT: tumor in the lower pole of the left testicle.", "D49.59"},
		{"MRI brain: tumor in the left frontal lobe, tumor capsule enhancing.", "D49.6"},
	} {
		got := e.Suggest(Request{Pages: []string{tt.text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
		var proposed []string
		for _, s := range got {
			if s.Proposed && s.System == app.ICD10CM {
				proposed = append(proposed, s.Code)
			}
		}
		if !contains(proposed, tt.want) {
			t.Errorf("%q: %s not proposed: %v", tt.text, tt.want, proposed)
		}
		if contains(proposed, "D17.9") {
			t.Errorf("%q: D17.9 (lipoma) proposed for a neoplasm coded by site: %v", tt.text, proposed)
		}
	}
}

// TestSeeReferenceFollowed: a main term the Index only sends elsewhere
// ("Lithiasis — see Calculus") is looked up as the coder follows it, with
// the note's site words under the term it names (Calculus, kidney), the
// organ adjective read as the Index's noun ("renal": kidney).
func TestSeeReferenceFollowed(t *testing.T) {
	e := realEngine(t)
	text := "CT abdomen/pelvis: 9 mm lithiasis in the right renal pelvis with mild hydronephrosis."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	var proposed []string
	for _, s := range got {
		if s.Proposed && s.System == app.ICD10CM {
			proposed = append(proposed, s.Code)
		}
	}
	if !contains(proposed, "N20.0") && !contains(proposed, "N13.2") {
		t.Errorf("lithiasis of the renal pelvis not coded as a kidney calculus (N20.0, or N13.2 with the hydronephrosis): %v", proposed)
	}
	// "Epilepsy, focal — see Epilepsy, localization-related, symptomatic,
	// with simple partial seizures": the note need not say the subterm
	// the reference itself names.
	got = e.Suggest(Request{Pages: []string{"ASSESSMENT: Focal epilepsy, well controlled on levetiracetam."}, Setting: app.Office, Date: date(t, "2026-03-02")})
	proposed = proposed[:0]
	for _, s := range got {
		if s.Proposed && s.System == app.ICD10CM {
			proposed = append(proposed, s.Code)
		}
	}
	if !contains(proposed, "G40.109") || contains(proposed, "G40.909") {
		t.Errorf("focal epilepsy: want G40.109, not G40.909: %v", proposed)
	}
}

// TestIndexHistoryAndOrLevels: a past condition whose "History, personal
// (of)" entry in the Index leads outside the Z codes gets that code
// (history of myocardial infarction: I25.2); an Index level of two words
// joined by "or" is said by either ("healed or old": old myocardial
// infarction is I25.2, not I21.9; "atrial or auricular": paroxysmal
// atrial fibrillation is I48.0).
func TestIndexHistoryAndOrLevels(t *testing.T) {
	e := realEngine(t)
	for _, tt := range []struct{ text, want, not string }{
		{"PMH: history of myocardial infarction, on aspirin.", "I25.2", "I21.9"},
		{"EKG: Q waves in leads II, III and aVF; old myocardial infarction.", "I25.2", "I21.9"},
		{"ASSESSMENT: Paroxysmal atrial fibrillation, rate controlled.", "I48.0", "I48.91"},
	} {
		got := e.Suggest(Request{Pages: []string{tt.text}, Setting: app.Office, Date: date(t, "2026-03-02")})
		var proposed []string
		for _, s := range got {
			if s.Proposed && s.System == app.ICD10CM {
				proposed = append(proposed, s.Code)
			}
		}
		if !contains(proposed, tt.want) || contains(proposed, tt.not) {
			t.Errorf("%q: want %s, not %s: %v", tt.text, tt.want, tt.not, proposed)
		}
	}
}

// TestBritishSpellings: a note in British spelling (a referral letter,
// a transcription) reads as the classification's American spelling;
// "gastroesophageal" is left as it is.
func TestBritishSpellings(t *testing.T) {
	e := realEngine(t)
	text := "Referral letter: three days of diarrhoea, haematuria and ankle oedema. Known gastroesophageal reflux."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Office, Date: date(t, "2026-03-02")})
	var proposed []string
	for _, s := range got {
		if s.Proposed && s.System == app.ICD10CM {
			proposed = append(proposed, s.Code)
		}
	}
	for _, want := range []string{"R19.7", "R31.9", "K21.9"} {
		if !contains(proposed, want) {
			t.Errorf("%s not proposed: %v", want, proposed)
		}
	}
	if !contains(proposed, "R60.0") && !contains(proposed, "R60.9") {
		t.Errorf("oedema not read as edema: %v", proposed)
	}
}

// TestPatientWith: "a 67-year-old woman with chronic renal failure": the
// words naming the patient are not looked up with the condition (they
// made the lookup miss N18.9); "diabetes with chronic kidney disease"
// keeps its link.
func TestPatientWith(t *testing.T) {
	e := realEngine(t)
	text := "HPI: A 67-year-old woman with chronic renal failure presents for follow-up. Patient with type 2 diabetes with diabetic chronic kidney disease."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Office, Date: date(t, "2026-03-02")})
	var proposed []string
	for _, s := range got {
		if s.Proposed && s.System == app.ICD10CM {
			proposed = append(proposed, s.Code)
		}
	}
	for _, want := range []string{"N18.9", "E11.22"} {
		if !contains(proposed, want) {
			t.Errorf("%s not proposed: %v", want, proposed)
		}
	}
}

// TestSmokingVerb: "she smokes 20 cigarettes a day" is the Index's
// Smoker, cigarettes: F17.210.
func TestSmokingVerb(t *testing.T) {
	e := realEngine(t)
	got := e.Suggest(Request{Pages: []string{"SOCIAL HISTORY: She smokes 20 cigarettes per day. Drinks socially."}, Setting: app.Office, Date: date(t, "2026-03-02")})
	var proposed []string
	for _, s := range got {
		if s.Proposed && s.System == app.ICD10CM {
			proposed = append(proposed, s.Code)
		}
	}
	if !contains(proposed, "F17.210") {
		t.Errorf("F17.210 not proposed: %v", proposed)
	}
}

// TestLayRegionWords: "belly pain" is abdominal pain; pain in the right
// hypochondrium is right upper quadrant pain.
func TestLayRegionWords(t *testing.T) {
	e := realEngine(t)
	for _, tt := range []struct{ text, want string }{
		{"CC: lower belly pain since yesterday.", "R10.30"},
		{"HPI: pain in the right hypochondrium after fatty meals.", "R10.11"},
	} {
		got := e.Suggest(Request{Pages: []string{tt.text}, Setting: app.Emergency, Date: date(t, "2026-03-02")})
		var proposed []string
		for _, s := range got {
			if s.Proposed && s.System == app.ICD10CM {
				proposed = append(proposed, s.Code)
			}
		}
		if !contains(proposed, tt.want) {
			t.Errorf("%q: %s not proposed: %v", tt.text, tt.want, proposed)
		}
	}
}

// TestAllergiesListed: the substances a note lists under ALLERGIES, or
// says the patient is allergic to, give their allergy status codes (Z88
// drugs, Z91.0- others); "no known drug allergies" gives none.
func TestAllergiesListed(t *testing.T) {
	e := realEngine(t)
	text := "ALLERGIES: Penicillin (hives), sulfa drugs.\n\nHPI: Reports she is allergic to contrast dye.\nASSESSMENT: Community-acquired pneumonia.\n"
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	var proposed []string
	for _, s := range got {
		if s.Proposed && s.System == app.ICD10CM {
			proposed = append(proposed, s.Code)
		}
	}
	for _, want := range []string{"Z88.0", "Z88.2", "Z91.041", "J18.9"} {
		if !contains(proposed, want) {
			t.Errorf("%s not proposed: %v", want, proposed)
		}
	}
	got = e.Suggest(Request{Pages: []string{"ALLERGIES: No known drug allergies. No latex allergy.\nASSESSMENT: Pneumonia.\n"}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
	for _, s := range got {
		if s.Proposed && strings.HasPrefix(s.Code, "Z9") || s.Proposed && strings.HasPrefix(s.Code, "Z88") {
			t.Errorf("%s proposed from a negated allergy", s.Code)
		}
	}
}

// TestSideSaid: a side's word does not hide the finding it qualifies
// ("right parietal cerebral infarction" is I63.9, "right cerebral
// hemorrhage" I61.9, not R58), a code with an unspecified side takes
// the side said ("left ovarian cyst": N83.202), and a site a see
// reference names is the code's site.
func TestSideSaid(t *testing.T) {
	e := realEngine(t)
	for _, c := range []struct{ text, want, not string }{
		{"CT showed a subacute right parietal cerebral infarction.", "I63.9", ""},
		{"Admitted with a right cerebral hemorrhage.", "I61.9", "R58"},
		{"Pelvic ultrasound shows a left ovarian cyst.", "N83.202", "N83.209"},
		{"Right knee pain for two weeks.", "M25.561", "M25.569"},
		{"Ovarian cyst on ultrasound.", "N83.209", "N83.202"},
		{"Admitted with a cerebral hemorrhage.", "I61.9", "R58"},
		// "Cellulitis, leg — see Cellulitis, lower limb" (L03.11-): the
		// lower limb's code, not the first of L03.11- for the side.
		{"Cellulitis of the left leg.", "L03.116", "L03.112"},
		{"Right arm cellulitis.", "L03.113", "L03.111"},
		// US notes say "lower extremity" for the Index's "lower limb".
		{"Left lower extremity cellulitis.", "L03.116", "L03.90"},
		// Both sides: the bilateral code, or when there is none the
		// right's and the left's.
		{"Pain in both wrists.", "M25.531", "M25.539"},
		{"Pain in both wrists.", "M25.532", "M25.539"},
		{"Nuclear cataracts in both eyes.", "H25.13", "H25.10"},
		{"Pain in both knees.", "M25.562", "R52"},
		// The Index gives a category (Photophobia H53.14-): with no side
		// said, its unspecified side, not its first code.
		{"Photophobia.", "H53.149", "H53.141"},
		// A site said after a list of symptoms is each one's; the ankle's
		// code covers the foot's joints, which the note need not say.
		{"Fever, pain, swelling and limitation of mobility in the right knee.", "M25.561", "R52"},
		{"Left ankle pain.", "M25.572", "R52"},
	} {
		got := e.Suggest(Request{Pages: []string{c.text}, Setting: app.Inpatient, Date: date(t, "2026-03-02")})
		codes := map[string]bool{}
		for _, s := range got {
			if s.Proposed {
				codes[s.Code] = true
			}
		}
		if !codes[c.want] || c.not != "" && codes[c.not] {
			t.Errorf("%q: want %s, not %q; proposed %v", c.text, c.want, c.not, codes)
		}
	}
}

// TestProblemList: a problem list writes a diagnosis the way the
// classification titles it, its qualifiers after commas ("Major
// depressive disorder, recurrent, moderate" is F33.1, not F32.9), and a
// comma before another finding still ends the first; a status the Index
// words otherwise is found by its code's title ("Long-term use of
// anticoagulants": the Index says "Long-term drug therapy"); "AKI on CKD"
// is two findings; a manifestation comes with the etiology its "code
// first" note names (Alzheimer disease: G30.9, then F02.80).
func TestProblemList(t *testing.T) {
	e := realEngine(t)
	text := "Assessment:\nMajor depressive disorder, recurrent, moderate.\nNicotine dependence, cigarettes, uncomplicated.\nHypertension, diabetes, COPD.\n" +
		"Abdominal pain, right lower quadrant.\nLong-term use of anticoagulants.\nAKI on CKD stage 4.\nAlzheimer disease."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Outpatient, Date: date(t, "2026-03-02")})
	codes := map[string]bool{}
	for _, s := range got {
		if s.Proposed {
			codes[s.Code] = true
		}
	}
	// With the CKD, hypertension is I12.9 and diabetes E11.22 (§I.C.9.a.2,
	// the "with" convention).
	for _, want := range []string{"F33.1", "F17.210", "I12.9", "E11.22", "J44.9", "R10.31", "Z79.01", "N17.9", "N18.4", "G30.9", "F02.80"} {
		if !codes[want] {
			t.Errorf("%s not proposed: %v", want, codes)
		}
	}
	if codes["F32.9"] || codes["F17.200"] || codes["R10.9"] || codes["T14.90XA"] || codes["N18.9"] {
		t.Errorf("qualifiers after a comma not read: %v", codes)
	}
}

// TestScreeningFor: what a screening is for is not a condition the
// patient has: "screening for colon cancer" is Z12.11, never C18.9.
func TestScreeningFor(t *testing.T) {
	e := realEngine(t)
	text := "Reason for visit: screening for colon cancer.\nAlso here for screening for diabetes."
	got := e.Suggest(Request{Pages: []string{text}, Setting: app.Outpatient, Date: date(t, "2026-03-02")})
	codes := map[string]bool{}
	for _, s := range got {
		if s.Proposed {
			codes[s.Code] = true
		}
	}
	if !codes["Z12.11"] {
		t.Errorf("Z12.11 not proposed: %v", codes)
	}
	for _, bad := range []string{"C18.9", "E11.9"} {
		if codes[bad] {
			t.Errorf("%s proposed for what a screening is for: %v", bad, codes)
		}
	}
}

// minProblemList is the share of testdata/problemlist.tsv's entries whose
// code must be proposed; measured 0.83 when it was set. The misses are
// logged: they are the engine's known gaps (e.g. "Fall from stairs", an
// external cause; "Pneumonia due to Streptococcus pneumoniae", J15.4
// taken for J13).
const minProblemList = 0.80

// TestProblemListEntries reads each problem-list entry of made-up US notes
// alone, as an outpatient note, and counts those whose code is proposed.
func TestProblemListEntries(t *testing.T) {
	e := realEngine(t)
	b, err := os.ReadFile(filepath.Join("testdata", "problemlist.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	found, total := 0, 0
	for _, line := range strings.Split(string(b), "\n") {
		text, code, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		total++
		var proposed []string
		for _, s := range e.Suggest(Request{Pages: []string{text}, Setting: app.Outpatient, Date: date(t, "2026-03-02")}) {
			if s.Proposed && s.System == app.ICD10CM {
				proposed = append(proposed, s.Code)
			}
		}
		if contains(proposed, code) {
			found++
		} else {
			t.Logf("%q: %s not proposed: %v", text, code, proposed)
		}
	}
	share := float64(found) / float64(total)
	t.Logf("problem list: %d of %d entries coded (%.2f)", found, total, share)
	if total < 80 || share < minProblemList {
		t.Errorf("%d of %d entries coded (%.2f), want ≥ %.2f of at least 80", found, total, share, minProblemList)
	}
}
