package suggest

import (
	"testing"

	"github.com/codebench/codebench/app"
)

// TestExposureAndScreening: a condition the patient was exposed to or is
// screened for is no finding of theirs; the encounter is coded by the
// Index's Contact (with) or Exposure (to) entry (Z20, Z77) or its
// Screening entry (Z11–Z13). Before, "Exposed to COVID-19 at work" was
// U07.1, "close contact with a person with tuberculosis" A15.9 and "HIV
// screening done today" B20.
func TestExposureAndScreening(t *testing.T) {
	checkProposed(t, realEngine(t), app.Office, []proposedCase{
		// Lipids: the Index's "lipoid disorders" (Z13.220).
		{"ASSESSMENT: Lipid screening.", []string{"Z13.220"}, []string{"Z13.9"}},
		{"ASSESSMENT: Screening for hyperlipidemia.", []string{"Z13.220"}, []string{"E78.5", "Z13.9"}},
		{"ASSESSMENT: Screening for high cholesterol.", []string{"Z13.220"}, []string{"E78.00", "Z13.9"}},
		{"Here for cholesterol screening.", []string{"Z13.220"}, nil},
		{"ASSESSMENT: Lipid screening showed high cholesterol.", []string{"E78.00"}, nil},
		// A screening done before this visit is none of it.
		{"HPI: Had HIV screening last year, negative.", nil, []string{"Z11.4"}},
		{"HPI: Had cholesterol screening last year, normal.", nil, []string{"Z13.220"}},
		{"HPI: Previous lipid screening normal.", nil, []string{"Z13.220"}},
		{"HPI: She had an HIV screening in March.", nil, []string{"Z11.4"}},
		{"Had HIV screening today.", []string{"Z11.4"}, nil},
		{"ASSESSMENT: TB screening prior to starting Humira.", []string{"Z11.1"}, nil},
		{"ASSESSMENT: HIV screening prior to starting PrEP.", []string{"Z11.4"}, nil},
		{"Had unprotected sex last week and requests STD screening.", []string{"Z11.3"}, nil},
		{"HPI: Patient had unprotected sex and requests STD screening.", []string{"Z11.3"}, nil},
		{"Exposed to COVID-19 at work, asymptomatic.", []string{"Z20.822"}, []string{"U07.1"}},
		{"COVID exposure.", []string{"Z20.822"}, []string{"U07.1"}},
		{"Close contact with a person with tuberculosis.", []string{"Z20.1"}, []string{"A15.9"}},
		{"Contact with a coworker who has COVID-19.", []string{"Z20.822"}, []string{"U07.1"}},
		{"Here for TB exposure, PPD placed.", []string{"Z20.1"}, []string{"A15.9"}},
		{"Exposure to HIV.", []string{"Z20.6"}, []string{"B20", "Z29.81"}},
		{"Exposure to hepatitis C.", []string{"Z20.5"}, []string{"B19.20"}},
		{"Chickenpox exposure at school.", []string{"Z20.820"}, []string{"B01.9"}},
		// The Index names gonorrhea and syphilis; chlamydia is one of the
		// infections its "sexually-transmitted disease" entry is for.
		{"Exposure to chlamydia, partner tested positive.", []string{"Z20.2"}, []string{"A74.9"}},
		{"Exposure to chlamydia and gonorrhea.", []string{"Z20.2"}, []string{"A74.9", "A54.9"}},
		{"Exposure to asbestos at work for 20 years.", []string{"Z77.090"}, nil},
		{"Lead exposure.", []string{"Z77.011"}, nil},
		// Every word of the entry: "German measles" is rubella (Z20.4).
		{"Exposure to measles.", nil, []string{"Z20.4", "B05.9"}},
		// An exposure denied or past is no encounter's reason.
		{"No known TB exposure.", nil, []string{"Z20.1", "A15.9"}},
		{"Denies exposure to COVID.", nil, []string{"Z20.822", "U07.1"}},
		// Someone else's condition, not family: the patient's exposure.
		{"Sexual partner diagnosed with gonorrhea, here for treatment.", []string{"Z20.2"}, []string{"A54.9"}},
		{"Wife has COVID, patient asymptomatic.", []string{"Z20.822"}, []string{"U07.1"}},
		{"Coworker was diagnosed with tuberculosis last week.", []string{"Z20.1"}, []string{"A15.9"}},
		{"Husband has diabetes.", nil, []string{"E11.9", "E10.9"}},
		{"Patient and her husband have the flu.", []string{"J11.1"}, nil},
		// Found in the review of the first version: a test's negative
		// result, "ago", a denial after a colon, a refusal after the
		// screening, someone else exposed, the source patient's
		// condition, words before "screening for".
		{"COVID exposure, rapid antigen negative.", []string{"Z20.822"}, nil},
		{"Exposed to COVID 3 days ago.", []string{"Z20.822"}, []string{"U07.1"}},
		{"TB exposure: none.", nil, []string{"Z20.1", "A15.9"}},
		{"HIV screening offered and declined.", nil, []string{"Z11.4", "B20"}},
		{"Husband was exposed to COVID at work.", nil, []string{"Z20.822", "U07.1"}},
		{"Occupational HIV exposure, source patient HIV positive.", []string{"Z20.6"}, []string{"B20"}},
		{"TB screening for work.", []string{"Z11.1"}, []string{"A15.9"}},
		{"Exposure to hepatitis B virus.", []string{"Z20.5"}, []string{"B19.10"}},
		// A hit that does not name the words gives no kind: "sun" is
		// Fever > sun (dengue), "ground" Ground itch.
		{"Excessive sun exposure.", nil, []string{"Z20.828", "A90"}},
		{"Patient fell and made contact with the ground.", nil, []string{"Z20.7", "B76.9"}},
		{"Blood lead screening.", nil, []string{"Z12.89"}},
		// The infection itself coded: Z20 excludes it.
		{"COVID exposure last week, now positive test, COVID-19 pneumonia.", []string{"U07.1"}, []string{"Z20.822"}},
		{"TB exposure, now with active pulmonary tuberculosis.", []string{"A15.0"}, []string{"Z20.1"}},
		{"Exposure to COVID, strep pharyngitis.", []string{"Z20.822", "J02.0"}, nil},
		// "Screening for" and a screening's list after a colon, item by
		// item (before, "Screening for hepatitis C" proposed B19.20, and
		// "Screening: HIV, HCV" B20 and B19.20).
		{"Screening for HIV, hepatitis C and syphilis.", []string{"Z11.4", "Z11.3"}, []string{"B20", "B19.20", "A53.9"}},
		{"Screening: HIV, HCV.", []string{"Z11.4"}, []string{"B20", "B19.20"}},
		{"Screening tests ordered: HIV, hepatitis C, syphilis.", []string{"Z11.4", "Z11.3"}, []string{"B20", "B19.20", "A53.9"}},
		{"Screening for colon cancer, colonoscopy ordered.", []string{"Z12.11"}, []string{"C18.9"}},
		{"Screening for infectious diseases.", []string{"Z11.9"}, nil},
		// A letter after the name is no article; "who" and what they
		// have; "contact" as a noun after the condition, not in
		// "contact dermatitis" or "contact lens".
		{"Influenza A exposure.", nil, []string{"J10.1", "J11.1"}},
		{"Close contact with someone who tested positive for COVID.", []string{"Z20.822"}, []string{"U07.1"}},
		{"Exposure to a roommate with influenza who lives with her.", nil, []string{"J11.1"}},
		{"Known COVID contact.", []string{"Z20.822"}, []string{"U07.1"}},
		{"Allergic contact dermatitis of the hands.", []string{"L23.9"}, nil},
		// The cause of a finding the sentence names is the finding's.
		{"Dermatitis from contact with poison ivy.", []string{"L23.7"}, []string{"L25.9"}},
		// Found in the second review: words that give no encounter code
		// and name no infection are read as before (an occupational
		// exposure, an external cause, "in contact with cardiology");
		// a screening's findings after its colon; past exposures; the
		// shorthand read here only ("TB Gold", "PPD for TB" are no
		// tuberculosis).
		{"Occupational exposure to silica dust for 30 years, silicosis.", []string{"Z57.2"}, nil},
		{"Exposure to tobacco smoke in the home.", []string{"Z77.22"}, nil},
		{"Contact with a sharp glass, laceration of left palm 3 cm.", []string{"W25.XXXA"}, nil},
		{"Patient has been in contact with cardiology regarding atrial fibrillation.", []string{"I48.91"}, nil},
		{"Contact with wet surfaces worsens her hand eczema.", []string{"L30.9"}, nil},
		{"Diabetic foot screening: loss of protective sensation, diabetic neuropathy.", []string{"E11.40"}, nil},
		{"Fall risk screening: history of falls, uses walker.", []string{"Z91.81"}, nil},
		{"Sun screen use encouraged.", nil, []string{"Z11.59"}},
		{"Exposure to HIV 2 years ago, tested negative.", nil, []string{"Z20.6"}},
		{"Exposed to COVID in 2021.", nil, []string{"Z20.822"}},
		{"Routine hepatitis C screening.", nil, []string{"B19.20"}},
		{"Annual diabetes screening, A1c ordered.", []string{"Z13.1"}, []string{"E11.9"}},
		{"TB Gold ordered.", nil, []string{"A15.9"}},
		{"PPD for TB placed in left forearm.", nil, []string{"A15.9"}},
		{"STD check, asymptomatic.", nil, []string{"A64"}},
		{"Wound exposure of the tendon noted on exam.", nil, []string{"Z20.7"}},
		// "COVID" is COVID-19 (a search abbreviation): a positive test
		// is the disease (§I.C.1.g.1.a), an exposure its Z20.822.
		{"COVID test positive.", []string{"U07.1"}, []string{"Z20.822"}},
		{"COVID exposure at work.", []string{"Z20.822"}, []string{"U07.1"}},
		{"COVID test pending.", nil, []string{"U07.1"}},
		// Found by the code review: someone else's words left alone when
		// they name nothing coded ("with" alone, "has concerns about");
		// an infection after "after"; later screenings; "declining" is
		// no refusal; "CT screening" is no chlamydia.
		{"Presents with her husband with abdominal pain.", []string{"R10.9"}, nil},
		{"Wife has concerns about his memory loss.", []string{"R41.3"}, nil},
		{"Cough after exposure to COVID-positive coworker.", []string{"R05.9"}, []string{"U07.1"}},
		{"Due for HIV screening.", nil, []string{"Z11.4", "B20"}},
		{"Return in 2 weeks for TB screening.", nil, []string{"Z11.1", "A15.9"}},
		{"CT screening for lung cancer.", []string{"Z12.2"}, []string{"Z11.8", "Z13.9"}},
		{"Exposed to COVID in 2024.", nil, []string{"Z20.822"}},
		// Not every contact is an exposure.
		{"Fell and her head made contact with the floor.", nil, []string{"Z20.9"}},

		{"HIV screening done today.", []string{"Z11.4"}, []string{"B20"}},
		{"Requested HIV screening.", []string{"Z11.4"}, []string{"B20"}},
		{"Hepatitis C screening today.", nil, []string{"B19.20", "K75.9"}},
		{"HIV, hepatitis C and syphilis screening today.", []string{"Z11.4", "Z11.3"}, []string{"B20", "B19.20", "A53.9"}},
		{"Cervical cancer screening, Pap smear done.", []string{"Z12.4"}, []string{"C53.9", "Z12.9"}},
		{"Osteoporosis screening, DEXA ordered.", []string{"Z13.820"}, []string{"M81.0"}},
		// A negative result is the screening's: it was done.
		{"Depression screening negative.", []string{"Z13.31"}, []string{"F32.A"}},
		{"Declined HIV screening.", nil, []string{"Z11.4", "B20"}},
		// Whose screening, not what for: the diabetes is the patient's.
		{"Diabetic eye screening done; type 2 diabetes controlled.", []string{"E11.9"}, nil},
	})
}

// TestExposureByKind: an infection the Index has no Contact entry for is
// coded by its kind's, less certain.
func TestExposureByKind(t *testing.T) {
	e := realEngine(t)
	for text, want := range map[string]string{
		"Flu exposure at home, no symptoms.":            "Z20.828",
		"Exposure to impetigo.":                         "Z20.818",
		"Roommate with strep throat.":                   "Z20.818",
		"Lyme disease exposure, tick bite yesterday.":   "Z20.818",
		"Hepatitis C screening today.":                  "Z11.59",
		"Possible exposure to scabies from a roommate.": "Z20.7",
	} {
		found := false
		for _, s := range e.Suggest(Request{Pages: []string{text}, Setting: app.Office, Date: date(t, "2026-03-02")}) {
			if s.Code == want {
				found = true
				if s.Proposed || !s.LessCertain {
					t.Errorf("%q: %s proposed %v, less certain %v; want less certain", text, want, s.Proposed, s.LessCertain)
				}
			}
		}
		if !found {
			t.Errorf("%q: no %s", text, want)
		}
	}
}
