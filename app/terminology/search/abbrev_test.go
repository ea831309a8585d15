package search

import (
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// abbrevCases are what TestAbbreviationsFindTheirCodes types for each
// entry of the table, and the codes a coder would accept first.
var abbrevCases = map[string]struct {
	query  string
	accept []string
}{
	"AAA":                 {"AAA", []string{"I714"}},
	"ADHD":                {"ADHD", []string{"F909"}},
	"AFib":                {"afib", []string{"I4891"}},
	"AF":                  {"paroxysmal af", []string{"I480"}},
	"AKI":                 {"AKI", []string{"N179"}},
	"ALS":                 {"ALS", []string{"G1221"}},
	"AMS":                 {"AMS", []string{"R4182"}},
	"AOM":                 {"AOM", []string{"H66", "H65"}},
	"ARF":                 {"ARF", []string{"N179"}},
	"BCC":                 {"BCC", []string{"C4491"}},
	"BPH":                 {"BPH", []string{"N400"}},
	"CAD":                 {"CAD", []string{"I2510"}},
	"CHF":                 {"CHF", []string{"I509"}},
	"CKD":                 {"CKD", []string{"N189"}},
	"COPD":                {"COPD", []string{"J449"}},
	"COVID":               {"COVID", []string{"U071"}},
	"CP":                  {"cp", []string{"R079"}},
	"CVA":                 {"CVA", []string{"I639"}},
	"DDD":                 {"DDD lumbar", []string{"M5136", "M5137", "M5135"}},
	"DJD":                 {"DJD", []string{"M199", "M17", "M16"}},
	"DKA":                 {"DKA", []string{"E1110", "E1010"}},
	"DM":                  {"DM", []string{"E119"}},
	"DM1":                 {"DM1", []string{"E109"}},
	"T1DM":                {"T1DM", []string{"E109"}},
	"DM2":                 {"DM2", []string{"E119"}},
	"T2DM":                {"T2DM", []string{"E119"}},
	"DVT":                 {"DVT", []string{"I824"}},
	"ESRD":                {"ESRD", []string{"N186"}},
	"EtOH":                {"EtOH abuse", []string{"F1010"}},
	"FHx":                 {"FHx breast cancer", []string{"Z803"}},
	"Fx":                  {"fx of radius", []string{"S52"}},
	"GAD":                 {"GAD", []string{"F411"}},
	"GERD":                {"GERD", []string{"K219"}},
	"GI":                  {"GI bleeding", []string{"K922"}},
	"HA":                  {"ha", []string{"R51"}},
	"HCV":                 {"HCV", []string{"B1920"}},
	"HLD":                 {"HLD", []string{"E785"}},
	"HTN":                 {"HTN", []string{"I10"}},
	"Hx":                  {"hx of mi", []string{"I252"}},
	"h/o":                 {"h/o mi", []string{"I252"}},
	"IBS":                 {"IBS", []string{"K589"}},
	"Lac":                 {"lac of scalp", []string{"S0101"}},
	"laparoscopic":        {"laparoscopic cholecystectomy", []string{"0FT44"}},
	"LBP":                 {"LBP", []string{"M5450"}},
	"MDD":                 {"MDD", []string{"F329"}},
	"MI":                  {"acute MI", []string{"I219"}},
	"N/V":                 {"n/v", []string{"R112"}},
	"OA":                  {"OA", []string{"M199"}},
	"OCD":                 {"OCD", []string{"F429"}},
	"OSA":                 {"OSA", []string{"G4733"}},
	"rhinosinusitis":      {"chronic rhinosinusitis", []string{"J329"}},
	"urinary retention":   {"urinary retention", []string{"R339"}},
	"PE":                  {"PE", []string{"I2699"}},
	"PNA":                 {"PNA", []string{"J189"}},
	"PTSD":                {"PTSD", []string{"F4310"}},
	"PUD":                 {"PUD", []string{"K279"}},
	"PVD":                 {"PVD", []string{"I739"}},
	"RA":                  {"RA", []string{"M069"}},
	"r/o":                 {"r/o pneumonia", []string{"J189"}},
	"SCC":                 {"SCC of skin", []string{"C4492"}},
	"SLE":                 {"SLE", []string{"M329"}},
	"SOB":                 {"SOB", []string{"R0602"}},
	"s/p":                 {"s/p mastectomy", []string{"Z901"}},
	"SVT":                 {"SVT", []string{"I471"}},
	"Sz":                  {"sz", []string{"R569"}},
	"TIA":                 {"TIA", []string{"G459"}},
	"URI":                 {"URI", []string{"J069"}},
	"UTI":                 {"UTI", []string{"N390"}},
	"w/":                  {"copd w/ exacerbation", []string{"J441"}},
	"w/o":                 {"dm2 w/o complications", []string{"E119"}},
	"ringing in the ears": {"ringing in the ears", []string{"H9319", "H931"}},
	"morning sickness":    {"morning sickness", []string{"O210"}},
	"blood clot in lung":  {"blood clot in lung", []string{"I2699", "I26"}},
	"well child visit":    {"well child visit", []string{"Z00129", "Z0012", "Z001"}},
	"flu shot":            {"flu shot", []string{"Z23"}},
}

func TestAbbreviationTable(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range Abbreviations() {
		k := strings.ToLower(a.Short)
		if seen[k] {
			t.Errorf("%s is in the table twice", a.Short)
		}
		seen[k] = true
		if _, ok := abbrevCases[a.Short]; !ok {
			t.Errorf("%s has no test case in abbrevCases", a.Short)
		}
		if a.Expansion != "" && a.Reason() != a.Short+" = "+a.Expansion {
			t.Errorf("reason %q", a.Reason())
		}
	}
	for k := range abbrevCases {
		if !seen[strings.ToLower(k)] {
			t.Errorf("abbrevCases has %s, which is not in the table", k)
		}
	}
	// The table handed out is a copy.
	Abbreviations()[0].Short = "changed"
	if Abbreviations()[0].Short == "changed" {
		t.Error("Abbreviations returned the table itself")
	}
	text, used := expandSlashes("s/p appendectomy w/o complication, r/o uti")
	if text = strings.Join(strings.Fields(text), " "); !strings.Contains(text, "status post appendectomy") ||
		!strings.Contains(text, "without complication") || strings.Contains(text, "r/o") || len(used) != 3 {
		t.Errorf("expandSlashes: %q, %d used", text, len(used))
	}
}

// TestAbbreviationsFindTheirCodes types every abbreviation of the table
// (alone or in a short phrase) and wants the code a coder would accept
// first, with the abbreviation shown as the reason.
func TestAbbreviationsFindTheirCodes(t *testing.T) {
	_, ix := realIndex(t)
	for _, a := range Abbreviations() {
		c := abbrevCases[a.Short]
		sys := app.ICD10CM
		if c.accept[0][0] == '0' {
			sys = app.ICD10PCS
		}
		hits := ix.Search(Query{Text: c.query, System: sys, Year: 2026, Limit: 10})
		rc := relCase{Query: c.query, System: sys, Accept: c.accept}
		if len(hits) == 0 || rc.rank(hits) != 1 {
			var got []string
			for _, h := range hits {
				got = append(got, h.Concept.Code)
			}
			t.Errorf("%s: %q gave %v first, want one of %v", a.Short, c.query, got, c.accept)
			continue
		}
		if !strings.Contains(hits[0].Why, a.Reason()) {
			t.Errorf("%s: %q: the first hit says %q, not %q", a.Short, c.query, hits[0].Why, a.Reason())
		}
	}
}
