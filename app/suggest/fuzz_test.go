package suggest

import (
	"testing"
	"unicode/utf8"

	"github.com/codebench/codebench/app"
)

// FuzzSuggest: any note text — typed, pasted or OCR'd, so outside input —
// gives suggestions without a panic, and every piece of evidence is the
// page's own text at its offsets, in an inpatient stay and at an office
// visit (whose drugs given are read for their HCPCS codes and doses).
func FuzzSuggest(f *testing.F) {
	e := realEngine(f)
	for _, s := range []string{
		"ASSESSMENT: Type 2 diabetes with diabetic CKD stage 3a. No chest pain.",
		"Serology (Borrelia, Brucella, toxoplasma, rubella) negative.",
		"Sepsis due to E. coli, on ceftriaxone. E. coli UTI. no history of hepatitis c. chest pain.",
		"Pain in both wrists. Abdominal and back pain. Nausea without vomiting and chills without fever.",
		"History of hysterectomy. s/p CABG. Status post left nephrectomy.",
		"Fever, pain, swelling and limitation of mobility in the right knee",
		"(((", "e.", "s. pneumoniae", "and and pain", "both", "due to", "X. y. z.",
		"Tubulo-interstitial nephritis, hypotensive, tachycardic; K. pneumoniae bacteremia",
		"Kenalog 40mg with 3 mL 1% lidocaine injected; B12 1,000 mcg IM given; 2.4 million units Bicillin given",
		"1 g of ceftriaxone IM given today, 1,", "given 5", "NS 1 L given; 1,000",
		// The visit's reason: "today for" at the start of a sentence
		// once read before its first word.
		"Today for flu shot.", "in for flu shot", "with mom for flu shot", "Here for pre-op labs; 2-week-old, her 3 yo son",
		// Template lines: marks, a label's answer, " - " as its colon.
		"(-) fever (-)", "[ ] chills [x] cough ☐ ☑ (N) ( )", "Cough: N  Fever: N", "Fever - no; - ", "Tobacco Use: Smoking status: Former",
		"PPD", "1-2 ppd, PPD positive", "Here for pregnancy test, negative", "school physical for", ":", " - ",
		// Prevented, may come, watched for; dated history; TB; defined
		// abbreviations.
		"DVT and GI prophylaxis", "prophylaxis for", "to prevent a", "Return if", "if", "if, ,", "Should he",
		"return precautions given for worsening pain, fever", "monitor for", "risk of", "seizure precautions",
		"PMH: Kidney stone 2010", "DVT (2018", "TB 1.2", "T-SPOT.TB", "QuantiFERON positive, latent TB", "(RA)", "x (RA",
		"UTIs", "Smokes 1 ppd cigars", "suicidal",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		for _, setting := range []app.EncounterType{app.Inpatient, app.Office} {
			for _, s := range e.Suggest(Request{Pages: []string{text}, Setting: setting, Date: date(t, "2026-03-02")}) {
				for _, ev := range s.Evidence {
					if ev.Page != 1 || ev.Start < 0 || ev.Start > ev.End || ev.End > len(text) || text[ev.Start:ev.End] != ev.Text {
						t.Fatalf("%s: evidence %+v is not the page's text", s.Code, ev)
					}
				}
			}
		}
	})
}
