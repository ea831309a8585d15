package suggest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// TestDrugTitle: a J code's title gives the drug's name and what one unit
// is, as CMS writes them (the titles here are the code set's own).
func TestDrugTitle(t *testing.T) {
	for _, tt := range []struct {
		title, name string
		amount      float64
		kind        doseKind
		per         string
	}{
		{"Injection, ceftriaxone sodium, per 250 mg", "ceftriaxone sodium", 250, mass, "250 mg"},
		{"Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg", "vitamin b-12 cyanocobalamin", 1, mass, "up to 1000 mcg"},
		{"Injection, triamcinolone acetonide, not otherwise specified, 10 mg", "triamcinolone acetonide", 10, mass, "10 mg"},
		{"Injection, penicillin g benzathine, 100,000 units", "penicillin g benzathine", 100000, intlUnits, "100,000 units"},
		{"Infusion, normal saline solution , 1000 cc", "normal saline solution", 1000, volume, "1000 cc"},
		{"Infusion, normal saline solution, sterile (500 ml = 1 unit)", "normal saline solution, sterile", 500, volume, "500 ml"},
		{"Injection abciximab, 10 mg", "abciximab", 10, mass, "10 mg"},
		{"Injection, abatacept, 10 mg (code may be used for medicare when drug administered under the direct supervision of a physician, not for use when drug is self administered)", "abatacept", 10, mass, "10 mg"},
		{"Injection, testosterone cypionate (azmiro), 1 mg", "testosterone cypionate (azmiro)", 1, mass, "1 mg"},
	} {
		name, dc, ok := drugTitle("J0000", tt.title)
		if !ok || name != tt.name || dc.amount != tt.amount || dc.kind != tt.kind || dc.per != tt.per {
			t.Errorf("drugTitle(%q) = %q, %v %v %q, %v; want %q, %v %v %q", tt.title, name, dc.amount, dc.kind, dc.per, ok, tt.name, tt.amount, tt.kind, tt.per)
		}
	}
	for _, title := range []string{
		"Levonorgestrel-releasing intrauterine contraceptive system (kyleena), 19.5 mg",
		"Methylprednisolone oral, per 4 mg",
		"Dexamethasone, inhalation solution, compounded product, administered through dme, concentrated form, per milligram",
	} {
		if name, _, ok := drugTitle("J0000", title); ok {
			t.Errorf("drugTitle(%q) = %q: no injection or infusion", title, name)
		}
	}
}

// TestDrugUnits: a family's code for a dose is the one with the largest
// unit the dose is a whole number of, else the smallest unit rounded up;
// a dose in another measure than the code's has no units.
func TestDrugUnits(t *testing.T) {
	f := &drugFamily{codes: []drugCode{
		{code: "J7050", amount: 250, kind: volume},
		{code: "J7040", amount: 500, kind: volume},
		{code: "J7030", amount: 1000, kind: volume},
	}}
	for _, tt := range []struct {
		dose  float64
		kind  doseKind
		code  string
		units int
	}{
		{1000, volume, "J7030", 1},
		{2000, volume, "J7030", 2},
		{500, volume, "J7040", 1},
		{250, volume, "J7050", 1},
		{750, volume, "J7050", 3},
		{100, volume, "J7050", 1}, // a part of a unit is billed as one
		{0, noDose, "J7050", 0},
		{40, mass, "J7050", 0}, // milligrams of a code counted in millilitres
	} {
		c, n := f.pick(tt.dose, tt.kind, "")
		if c.code != tt.code || n != tt.units {
			t.Errorf("pick(%v %v) = %s × %d, want %s × %d", tt.dose, tt.kind, c.code, n, tt.code, tt.units)
		}
	}
}

// TestDrugsGiven: outside inpatient care, a drug the note says was given
// at the visit is proposed as its J code, with the units its dose makes
// in the reason; one prescribed, listed, planned, refused, negated or
// given before is not, nor any in an inpatient stay.
func TestDrugsGiven(t *testing.T) {
	e := realEngine(t)
	for _, tt := range []struct {
		setting app.EncounterType
		text    string
		code    string // the codes proposed, "" when none may be
		units   string // words the first code's reason must have
	}{
		{app.Office, "Ceftriaxone 500 mg IM given in clinic.", "J0696", "500 mg is 2 units"},
		{app.Office, "Rocephin 1 g IM today.", "J0696", "1 g is 4 units"},
		{app.Office, "40 mg Kenalog with 3 mL 1% lidocaine was injected into the right knee.", "J3301", "40 mg is 4 units"},
		{app.Office, "Cyanocobalamin 1,000 mcg IM given today.", "J3420", "1,000 mcg is 1 unit"},
		{app.Office, "B12 1000 mcg IM administered.", "J3420", "1 unit"},
		{app.Office, "Depo-Provera 150 mg IM administered in the left deltoid.", "J1050", "150 units"},
		{app.Office, "Penicillin G benzathine 2.4 million units IM given.", "J0561", "24 units"},
		{app.Office, "Decadron 10 mg IM given.", "J1100", "10 units"},
		{app.Emergency, "1 liter normal saline bolus IV given.", "J7030", "1 unit"},
		{app.Emergency, "500 mL NS IV given.", "J7040", "1 unit"},
		{app.Emergency, "Zofran 4 mg IV given.", "J2405", "4 units"},
		{app.Emergency, "Toradol 30 mg IV given.", "J1885", "2 units"},
		{app.Office, "Given Rocephin 1 g IM.", "J0696", "4 units"},
		{app.Office, "Nurse gave Toradol 60 mg IM.", "J1885", "4 units"},
		{app.Office, "Injection: Toradol 60 mg IM.", "J1885", "4 units"},
		{app.Office, "Toradol 30 mg IM x 2 given.", "J1885", "4 units"},
		{app.Office, "Toradol 60 mg IM given for daily headaches.", "J1885", "4 units"},
		{app.Office, "Ceftriaxone 1 g IM given prior to discharge.", "J0696", "4 units"},
		{app.Office, "Rocephin 500 mg IM and azithromycin 1 g po given.", "J0696", "2 units"},
		{app.Office, "Ceftriaxone 500 mg IM given and doxycycline prescribed.", "J0696", "2 units"},
		{app.Office, "PLAN: Rocephin 1 g IM in clinic today.", "J0696", "4 units"},
		{app.Office, "Ondansetron 4 mg/2 mL IV given.", "J2405", "4 units"},
		{app.Office, "Zofran 0.15 mg/kg IV (3 mg) given.", "J2405", "3 units"},
		{app.Office, "B12 1,000mcg IM given.", "J3420", "1 unit"},
		{app.Office, "Benzathine penicillin 2,400,000 units IM given.", "J0561", "24 units"},
		{app.Office, "Penicillin G procaine 600,000 units IM given.", "J2510", "1 unit"},
		{app.Office, "Depo-Medrol 40mg/ml, 2 mL injected into the left knee.", "J1010", "80 units"},
		{app.Office, "Trigger point injection with 1 mL 1% lidocaine and 0.5 mL Kenalog 40 mg/mL.", "J3301", "(20 mg) is 2 units"},
		{app.Office, "Haldol 5 mg IM given.", "J1630", "1 unit"},
		{app.Emergency, "ED COURSE: Toradol 30 mg IV, Zofran 4 mg IV, 1 L NS.", "J1885 J2405 J7030", "2 units"},
		{app.Emergency, "Lactated Ringer's 1000 mL IV given.", "J7120", "1 unit"},
		{app.Emergency, "D5NS 500 mL IV given.", "J7042", "1 unit"},
		// The second review's.
		{app.Office, "Betamethasone 6 mg IM given.", "J0702", "units: the title gives no amount"},
		{app.Office, "Rocephin 1 g IM x 3 days given.", "J0696", "1 g is 4 units"},
		{app.Office, "Depo-Medrol 80 mg per 1 mL IM given.", "J1010", "80 units"},
		{app.Emergency, "Given: NS 1 L.", "J7030", "1 L is 1 unit"},
		{app.Office, "1,000 mcg B12 IM given.", "J3420", "1,000 mcg is 1 unit"},
		{app.Emergency, "Normal saline 2000 mL IV given.", "J7030", "2 units"},
		{app.Office, "Patient was given the Rocephin 1 g IM.", "J0696", "4 units"},
		{app.Office, "Ceftriaxone 1 g IM given, potassium 3.1.", "J0696", "4 units"},
		{app.Emergency, "Ondansetron HCl 4 mg IV given.", "J2405", "4 units"},
		{app.Office, "Promethazine hydrochloride 25 mg IM given.", "J2550", "1 unit"},
		{app.Office, "B-12 1000 mcg IM given.", "J3420", "1 unit"},
		{app.Office, "Haloperidol lactate 5 mg IM given.", "J1630", "1 unit"},
		{app.Office, "Ustekinumab 45 mg subcutaneous injection given.", "J3357", "45 units"},
		{app.Emergency, "Rocephin 1 g IV in 100 mL NS given.", "J0696", "4 units"},
		{app.Emergency, "Zofran 4 mg IV given x2.", "J2405", "8 units"},
		{app.Emergency, "Gave Zofran 4 mg, Toradol 30 mg, Benadryl 25 mg IV.", "J2405 J1885 J1200", "4 units"},
		{app.Emergency, "Ceftriaxone (Rocephin) 1 g IM given.", "J0696", "4 units"},
		{app.Office, "Toradol 60 mg IM given, will follow up in 2 weeks.", "J1885", "4 units"},
		{app.Office, "Toradol 60 mg IM given before discharge.", "J1885", "4 units"},
		{app.Emergency, "Tylenol 1 g PO and Toradol 30 mg IV given.", "J1885", "2 units"},
		{app.Office, "Rocephin 1 g reconstituted with 2.1 mL 1% lidocaine given IM.", "J0696", "4 units"},
		{app.Office, "Depo-Provera 150 mg given in the left gluteus.", "J1050", "150 units"},
		{app.Emergency, "ED COURSE: Zofran 4 mg IV, Toradol 30 mg IV, then prescribed Zofran ODT.", "J1885 J2405", "2 units"},
		{app.Emergency, "PHYSICAL EXAM: Alert.\nMEDICATIONS ADMINISTERED: Reglan 10 mg IV, Toradol 30 mg IV.", "J1885 J2765", "2 units"},
		{app.Emergency, "Lidocaine 2% with epinephrine 4 mL injected.", "", ""},
		{app.Emergency, "Toradol 30 mg IV in 10 mL NS given.", "J1885", "2 units"},
		{app.Emergency, "ED COURSE: Prior to arrival EMS gave Zofran 4 mg IV.", "", ""},
		{app.Emergency, "ED COURSE: Toradol 30 mg IV; patient refused.", "", ""},
		{app.Emergency, "ED COURSE: Zofran 4 mg IV to be given after CT.", "", ""},
		{app.Emergency, "Patient eloped prior to administration of Toradol 30 mg IV.", "", ""},
		{app.Emergency, "MDM: Patient asked for Dilaudid 2 mg IV.", "", ""},
		{app.Office, "Return to clinic in 4 weeks for B12 1000 mcg IM.", "", ""},
		{app.Office, "She was given Zofran 4 mg IV at the ER.", "", ""},
		{app.Office, "She receives monthly B12 injections from her PCP.", "", ""},
		// The third review's.
		{app.Office, "Kenalog 40 mg IM can be given for future flares.", "", ""},
		{app.Office, "Toradol 60 mg IM was not given because of renal insufficiency.", "", ""},
		{app.Office, "Kenalog 40 mg IM was given by her dermatologist.", "", ""},
		{app.Office, "Kenalog 40 mg IM given by the nurse.", "J3301", "4 units"},
		{app.Office, "Buprenorphine extended-release 300 mg subcutaneous given.", "", ""},
		{app.Office, "PROCEDURE: Depo-Medrol was unavailable so Kenalog 40 mg was injected into the left knee.", "J3301", "4 units"},
		{app.Office, "Rocephin 1 g IM given and she may return to school tomorrow.", "J0696", "4 units"},
		{app.Office, "Depo-Provera 150 mg IM given on 3/2/2026.", "J1050", "150 units"},
		{app.Office, "Depo-Provera 150 mg IM given on 1/5/2026.", "", ""},
		{app.Office, "Patient received morphine 4 mg IM x2 and Zofran 4 mg IM.", "J2270 J2405", "1 unit"},
		{app.Office, "Left knee injection: Kenalog 40 mg with 3 mL lidocaine.", "J3301", "4 units"},
		{app.Office, "Potassium chloride 20 mEq IV given.", "J3480", "10 units"},
		{app.Office, "Kenalog-40 1 mL injected into the right knee.", "J3301", "4 units"},
		{app.Office, "Depo-Testosterone 1.5 mL (300 mg) IM given.", "J1071", "300 units"},
		{app.Office, "Toradol 30 mg IV given, may repeat x 2.", "J1885", "2 units"},
		{app.Emergency, "ED COURSE: Narcan 0.4 mg IV given by paramedics.", "", ""},
		{app.Emergency, "Zofran 4 mg IV given in the ambulance.", "", ""},
		{app.Emergency, "Toradol 30 mg IV and acetaminophen 1 g given.", "J1885", "2 units"},
		{app.Emergency, "Factor VIII 2000 units IV given.", "", ""},
		{app.Emergency, "ED COURSE: NS KVO.", "", ""},
		{app.Emergency, "ED COURSE: Abdomen tender in the LR quadrant.", "", ""},
		{app.Emergency, "ED COURSE: Pain not relieved, morphine 4 mg IV given.", "J2270", "1 unit"},
		{app.Emergency, "ED COURSE: Zofran 4 mg IV given; patient refused CT.", "J2405", "4 units"},
		{app.Emergency, "Patient requested Toradol; Toradol 30 mg IV given.", "J1885", "2 units"},
		{app.Emergency, "Given Zofran 4 mg IV with BP 120/80.", "J2405", "4 units"},
		{app.Emergency, "Zofran 4 mg IV, Tylenol 1 g, ibuprofen 600 mg given.", "J2405", "4 units"},
		{app.Emergency, "ED COURSE: Vancomycin trough 15.", "", ""},
		// The code review's.
		{app.Emergency, "2 mL Toradol and 4 mg Zofran IV given.", "J2405 J1885", "4 mg is 4 units"},
		{app.Emergency, "Zofran 4 mg IV given x 50000.", "J2405", "more than a claim line takes"},
		{app.Emergency, "ED COURSE: Zofran 4 mg IV given in triage, 1 L NS bolus.", "J2405 J7030", "4 units"},
		{app.Emergency, "ED COURSE: Toradol 30 mg IV ordered.", "", ""},
		{app.Emergency, "ED COURSE: Morphine 4 mg IV given, then held.", "", ""},
		{app.Office, "Lidocaine with epinephrine 5 mL injected for the laceration repair.", "", ""},
		{app.Office, "Toradol 60 mg IM was not administered.", "", ""},
		{app.Office, "Toradol is contraindicated given his kidney disease.", "", ""},
		{app.Office, "Prolia information sheet given to patient.", "", ""},
		{app.Office, "Flu shot given, patient also on Depo-Provera.", "", ""},
		{app.Office, "If symptoms persist, Kenalog 40 mg IM can be given.", "", ""},
		{app.Office, "She was given Toradol 60 mg IM at urgent care on Friday.", "", ""},
		{app.Office, "She received her Depo-Provera 150 mg IM on 1/5/2026.", "", ""},
		{app.Office, "She received Depo-Provera at the health department.", "", ""},
		{app.Office, "Patient has been on testosterone cypionate 200 mg IM every 2 weeks, tolerated well.", "", ""},
		{app.Office, "Her husband was given ceftriaxone 500 mg IM.", "", ""},
		{app.Office, "Prescribed doxycycline, ceftriaxone 500 mg IM.", "", ""},
		{app.Office, "Magnesium citrate given.", "", ""},
		{app.Emergency, "Irrigated with 500 mL normal saline.", "", ""},
		{app.Emergency, "Saline lock placed, NS flush given.", "", ""},
		{app.Office, "Prescribed ceftriaxone 1 g IM.", "", ""},
		{app.Office, "Will give ceftriaxone 1 g IM next visit.", "", ""},
		{app.Office, "Offered a Toradol injection, which she declined.", "", ""},
		{app.Office, "No Toradol given.", "", ""},
		{app.Office, "Continue B12 injections monthly.", "", ""},
		{app.Office, "She was given ondansetron at urgent care yesterday.", "", ""},
		{app.Office, "Given her pain, ketorolac 30 mg IM was considered.", "", ""},
		{app.Office, "MEDICATIONS: Testosterone cypionate 200 mg IM every 2 weeks, given at home.", "", ""},
		{app.Office, "PLAN: Ceftriaxone 1 g IM.", "", ""},
		{app.Emergency, "Zofran 4 mg ODT given.", "", ""},
		{app.Emergency, "Allergic reaction with urticaria. Diphenhydramine given.", "", ""}, // by mouth as often as not (TestDrugFormUnsaid)
		{app.Inpatient, "Ceftriaxone 1 g IV given daily.", "", ""},
		{app.Inpatient, "Zofran 4 mg IV given.", "", ""},
	} {
		got := e.Suggest(Request{Pages: []string{tt.text}, Setting: tt.setting, Date: date(t, "2026-03-02")})
		var proposed []string
		for _, s := range got {
			if s.System != app.HCPCS || !s.Proposed {
				continue
			}
			proposed = append(proposed, s.Code)
			if first := strings.Fields(tt.code); len(first) > 0 && s.Code == first[0] {
				if !strings.Contains(s.Reason, tt.units) {
					t.Errorf("%q: %s's reason %q does not say %q", tt.text, s.Code, s.Reason, tt.units)
				}
				// The units the reason says are the suggestion's.
				want := 0
				if m := unitsSaidRe.FindStringSubmatch(tt.units); m != nil {
					want, _ = strconv.Atoi(m[1])
				}
				if s.Units != want {
					t.Errorf("%q: %s has %d units, want %d", tt.text, s.Code, s.Units, want)
				}
			}
		}
		slices.Sort(proposed)
		want := strings.Fields(tt.code)
		slices.Sort(want)
		if !slices.Equal(proposed, want) {
			t.Errorf("%q (%s): proposed %v, want %v", tt.text, tt.setting, proposed, want)
		}
	}
}

// unitsSaidRe finds the units a case's reason words say ("4 units").
var unitsSaidRe = regexp.MustCompile(`\b(\d+) units?\b`)

// TestDrugFormUnsaid: a drug whose J codes name forms (salts) the note
// does not say is listed as less certain, each form, not proposed; said,
// the form chooses; the code is the one valid on the date of service.
func TestDrugFormUnsaid(t *testing.T) {
	e := realEngine(t)
	got := e.Suggest(Request{Pages: []string{"Methylprednisolone 40 mg IM given."}, Setting: app.Office, Date: date(t, "2026-03-02")})
	less := map[string]bool{}
	for _, s := range got {
		if s.System == app.HCPCS {
			if s.Proposed {
				t.Errorf("%s proposed: the note does not say which methylprednisolone", s.Code)
			}
			less[s.Code] = s.LessCertain
		}
	}
	if !less["J1010"] || !less["J2919"] {
		t.Errorf("less certain: %v, want the acetate J1010 and the sodium succinate J2919", less)
	}
	// A drug given with no word that it was injected is less certain.
	got = e.Suggest(Request{Pages: []string{"Allergic reaction with urticaria. Diphenhydramine given."}, Setting: app.Emergency, Date: date(t, "2026-03-02")})
	if !slices.ContainsFunc(got, func(s Suggestion) bool { return s.Code == "J1200" && s.LessCertain && !s.Proposed }) {
		t.Errorf("diphenhydramine given: %v, want J1200 less certain", got)
	}
	// The code valid on the date of service: J1040, 80 mg, until March
	// 2024, J1010, 1 mg, since.
	for _, tt := range []struct{ day, code string }{{"2024-01-15", "J1040"}, {"2026-03-02", "J1010"}} {
		got := e.Suggest(Request{Pages: []string{"Depo-Medrol 80 mg IM given."}, Setting: app.Office, Date: date(t, tt.day)})
		if len(got) == 0 || got[0].Code != tt.code || !got[0].Proposed {
			t.Errorf("Depo-Medrol 80 mg on %s: %v, want %s", tt.day, got, tt.code)
		}
	}
	checkProposed(t, e, app.Office, []proposedCase{
		{"Depo-Medrol 40 mg IM given.", []string{"J1010"}, []string{"J2919"}},
		{"Solu-Medrol 125 mg IV given.", []string{"J2919"}, []string{"J1010"}},
	})
}

// FuzzDrugTitle: any title an imported HCPCS release has is read without
// a panic; a title read has a name, and a unit it can count by has its
// measure and its words, none left in the name's parentheses.
func FuzzDrugTitle(f *testing.F) {
	for _, s := range []string{"Injection, ceftriaxone sodium, per 250 mg", "Infusion, normal saline solution, sterile (500 ml = 1 unit)",
		"Injection, , 1 mg", "Injection (", "injection 1,,0 mg", "Infusion, 9,999,999.5 million units"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		name, dc, ok := drugTitle("J0000", title)
		if !ok {
			return
		}
		if strings.TrimSpace(name) == "" || dc.amount < 0 || dc.amount > 0 && (dc.kind == noDose || dc.per == "") || numberedParens.MatchString(name) {
			t.Fatalf("drugTitle(%q) = %q, %v %v %q", title, name, dc.amount, dc.kind, dc.per)
		}
	})
}

// TestContraceptiveShot: medroxyprogesterone acetate given at a
// contraceptive dose, or said to be for contraception, is the visit's
// injectable contraceptive: Z30.42 beside J1050, Z30.013 for a first one;
// not the oncology dose, nor one only prescribed.
func TestContraceptiveShot(t *testing.T) {
	checkProposed(t, realEngine(t), app.Office, []proposedCase{
		{"Depo-Provera 150 mg IM given today for contraception.", []string{"J1050", "Z30.42"}, []string{"Z30.013"}},
		{"Depo-Provera 150 mg IM given in the left deltoid.", []string{"J1050", "Z30.42"}, nil},
		{"First Depo-Provera injection 150 mg IM given today.", []string{"J1050", "Z30.013"}, []string{"Z30.42"}},
		{"Medroxyprogesterone 400 mg IM given for endometrial cancer.", []string{"J1050"}, []string{"Z30.42", "Z30.013"}},
		{"Depo-Provera 150 mg prescribed.", nil, []string{"J1050", "Z30.42"}},
		// The second review: "first" near the drug only; a stated
		// treatment is no contraception.
		{"New patient, Depo-Provera 150 mg IM given today.", []string{"Z30.42"}, []string{"Z30.013"}},
		{"Depo-Provera 150 mg IM given, will start oral iron for anemia.", []string{"Z30.42"}, []string{"Z30.013"}},
		{"Depo-Provera 150 mg IM given for abnormal uterine bleeding.", []string{"J1050"}, []string{"Z30.42", "Z30.013"}},
		{"Depo-Provera 150 mg IM given for birth control.", []string{"J1050", "Z30.42"}, nil},
		{"Medroxyprogesterone 10 mg IM given.", []string{"J1050"}, []string{"Z30.42"}},
	})
}
