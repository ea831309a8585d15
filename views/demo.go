package views

import (
	"time"

	"github.com/codebench/codebench/app"
)

// demoRecord is the made-up patient and visit a new user opens from an
// empty worklist. Nothing in it belongs to a real person; the name, MRN
// and account all say DEMO, and the record is flagged Demo.
func demoRecord() (app.Record, string) {
	svc := time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)
	r := app.Record{
		Patient: app.Patient{MRN: "DEMO-0001", Name: "DEMO Patient, Alex",
			DOB: time.Date(1958, time.April, 12, 0, 0, 0, 0, time.UTC), Sex: app.Male},
		Encounter: app.Encounter{Account: "DEMO-A1001", Type: app.Office, Service: svc,
			Provider: "Dr. Demo Example", Facility: "Demo Family Practice"},
		Status: app.ToCode,
		Demo:   true,
	}
	return r, demoNoteText
}

func demoNote(recordID, text string) app.Note {
	return app.Note{RecordID: recordID, FileName: "demo-office-visit.txt", MediaType: "text/plain",
		Size: int64(len(text)), Pages: []app.Page{{Number: 1, Text: text, Source: app.SourceTyped}}}
}

const demoNoteText = `DEMO RECORD - MADE-UP PATIENT - NOT A REAL PERSON
Office visit, 2026-03-02. Demo Family Practice. Dr. Demo Example.

CHIEF COMPLAINT: Follow-up of diabetes and blood pressure; cough for five days.

HISTORY OF PRESENT ILLNESS: 67-year-old man with type 2 diabetes mellitus with diabetic chronic kidney disease, stage 3a, on metformin and long-term insulin. Home glucose readings 140-220. He reports a productive cough, low-grade fever and mild shortness of breath for five days. No chest pain.

PAST HISTORY: Essential hypertension. Hyperlipidemia. Former smoker, quit 2015.

EXAMINATION: Temp 38.1 C, BP 148/88, SpO2 95% on room air. Crackles at the right lung base. Mild bilateral ankle edema.

RESULTS: Chest X-ray: right lower lobe infiltrate. eGFR 52. HbA1c 8.4%.

ASSESSMENT AND PLAN:
1. Community-acquired pneumonia, right lower lobe. Start amoxicillin-clavulanate and azithromycin. Return in 48 hours if not improving.
2. Type 2 diabetes mellitus with hyperglycemia and diabetic chronic kidney disease stage 3a. Continue insulin; increase basal dose by 2 units.
3. Hypertensive chronic kidney disease. Continue lisinopril.
4. Hyperlipidemia, continue atorvastatin.
5. Long-term (current) use of insulin.
`
