package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// Code systems and identifier systems of the FHIR export.
const (
	SystemICD10CM  = "http://hl7.org/fhir/sid/icd-10-cm"
	SystemICD10PCS = "http://www.cms.gov/Medicare/Coding/ICD10"
	SystemHCPCS    = "urn:oid:2.16.840.1.113883.6.285"

	// SystemRecord names a Codebench record id in Encounter.identifier.
	SystemRecord = "urn:codebench:record"
	// SystemAssignment names one assigned code, "R000001/A1", in
	// Condition.identifier and Procedure.identifier.
	SystemAssignment = "urn:codebench:assignment"
	// SystemRole is Codebench's own role of a diagnosis (principal,
	// secondary, admitting), given beside the HL7 diagnosis role.
	SystemRole = "urn:codebench:diagnosis-role"
	// ExtensionPOA carries a diagnosis's present-on-admission indicator
	// on Encounter.diagnosis. R4's Encounter has no element for it (the
	// Claim's diagnosis.onAdmission is where R4 puts it), so it is
	// Codebench's own extension.
	ExtensionPOA = "urn:codebench:extension:present-on-admission"

	systemV2IDType      = "http://terminology.hl7.org/CodeSystem/v2-0203"
	systemActCode       = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	systemDiagnosisRole = "http://terminology.hl7.org/CodeSystem/diagnosis-role"
	systemConditionCat  = "http://terminology.hl7.org/CodeSystem/condition-category"
	systemOnAdmission   = "http://terminology.hl7.org/CodeSystem/ex-diagnosis-on-admission"
)

// FHIRSystem is the FHIR code system URI of a Codebench code system.
func FHIRSystem(s app.System) string {
	switch s {
	case app.ICD10CM:
		return SystemICD10CM
	case app.ICD10PCS:
		return SystemICD10PCS
	case app.HCPCS:
		return SystemHCPCS
	}
	return ""
}

// uuidSpace makes the export's resource ids stable: the same record
// exported twice gives the same Encounter, Condition and Procedure ids,
// so a billing system can tell a re-export from a new encounter.
var uuidSpace = uuid.MustParse("6f0c8c1e-5a43-4c71-9d0a-3f6cbb1a2d10")

func resourceID(kind, key string) string {
	return uuid.NewSHA1(uuidSpace, []byte(kind+"/"+key)).String()
}

func ref(id string) fhir.Reference {
	u := "urn:uuid:" + id
	return fhir.Reference{Reference: &u}
}

func ptr[T any](v T) *T { return &v }

func coding(system, code, display string) fhir.Coding {
	c := fhir.Coding{System: ptr(system), Code: ptr(code)}
	if display != "" {
		c.Display = ptr(display)
	}
	return c
}

// encounterClass is the HL7 v3 ActCode of a setting.
func encounterClass(t app.EncounterType) fhir.Coding {
	switch t {
	case app.Emergency:
		return coding(systemActCode, "EMER", "emergency")
	case app.Inpatient:
		return coding(systemActCode, "IMP", "inpatient encounter")
	}
	return coding(systemActCode, "AMB", "ambulatory")
}

// diagnosisRole is the HL7 diagnosis role of a Codebench role.
func diagnosisRole(r app.Role) fhir.Coding {
	switch r {
	case app.Admitting:
		return coding(systemDiagnosisRole, "AD", "Admission diagnosis")
	case app.Principal:
		return coding(systemDiagnosisRole, "DD", "Discharge diagnosis")
	}
	return coding(systemDiagnosisRole, "CM", "Comorbidity diagnosis")
}

func gender(s app.Sex) *fhir.AdministrativeGender {
	switch s {
	case app.Female:
		return ptr(fhir.AdministrativeGenderFemale)
	case app.Male:
		return ptr(fhir.AdministrativeGenderMale)
	}
	return ptr(fhir.AdministrativeGenderUnknown)
}

// onAdmission is the POA indicator as an ExtensionPOA whose valueCode is
// the indicator as the coder set it and CMS publishes it (Y, N, U, W or 1).
// HL7's example onAdmission codes are left out: they are UB-04 codes
// under an AHA licence note, and have no code for exempt.
func onAdmission(p app.POA) fhir.Extension {
	return fhir.Extension{Url: ExtensionPOA, ValueCode: ptr(string(p))}
}

type entry struct {
	id  string
	res json.Marshaler
}

// WriteFHIR writes recs as one FHIR R4 Bundle of type collection: a
// Patient per MRN, an Encounter per record whose diagnosis list carries
// each diagnosis's sequence (rank) and role, a Condition per ICD-10-CM
// code and a Procedure per ICD-10-PCS or HCPCS code.
func WriteFHIR(w io.Writer, recs []*app.Record, now time.Time) error {
	var entries []entry
	patients := map[string]string{}
	for _, r := range recs {
		pid, ok := patients[r.Patient.MRN]
		if !ok {
			pid = resourceID("Patient", r.Patient.MRN)
			patients[r.Patient.MRN] = pid
			entries = append(entries, entry{pid, patient(pid, r.Patient)})
		}
		eid := resourceID("Encounter", r.ID)
		enc := encounter(eid, pid, r)
		entries = append(entries, entry{eid, nil}) // placeholder: the diagnoses come first
		at := len(entries) - 1
		rank := 0
		for _, a := range r.Assignments {
			aid := resourceID("Assignment", r.ID+"/"+a.ID)
			ident := []fhir.Identifier{{System: ptr(SystemAssignment), Value: ptr(r.ID + "/" + a.ID)}}
			code := &fhir.CodeableConcept{Coding: []fhir.Coding{coding(FHIRSystem(a.System), terminology.Display(a.System, a.Code), a.Title)}, Text: ptr(a.Title)}
			if a.System == app.ICD10CM {
				rank++
				entries = append(entries, entry{aid, fhir.Condition{
					Id: ptr(aid), Identifier: ident, Code: code, Subject: ref(pid), Encounter: ptr(ref(eid)),
					Category: []fhir.CodeableConcept{{Coding: []fhir.Coding{coding(systemConditionCat, "encounter-diagnosis", "Encounter Diagnosis")}}},
				}})
				d := fhir.EncounterDiagnosis{Condition: ref(aid), Rank: ptr(rank),
					Use: &fhir.CodeableConcept{Coding: []fhir.Coding{diagnosisRole(a.Role), coding(SystemRole, string(a.Role), "")}, Text: ptr(string(a.Role))}}
				if a.POA != app.POANone {
					d.Extension = []fhir.Extension{onAdmission(a.POA)}
				}
				enc.Diagnosis = append(enc.Diagnosis, d)
				continue
			}
			p := fhir.Procedure{Id: ptr(aid), Identifier: ident, Status: fhir.EventStatusCompleted, Code: code,
				Subject: ref(pid), Encounter: ptr(ref(eid))}
			if !a.ProcedureDate.IsZero() {
				p.PerformedDateTime = ptr(app.FormatDate(a.ProcedureDate))
			}
			entries = append(entries, entry{aid, p})
		}
		entries[at].res = enc
	}
	b := fhir.Bundle{Id: ptr(uuid.NewString()), Type: fhir.BundleTypeCollection, Timestamp: ptr(now.UTC().Format(time.RFC3339))}
	b.Entry = make([]fhir.BundleEntry, len(entries))
	for i, e := range entries {
		raw, err := e.res.MarshalJSON()
		if err != nil {
			return fmt.Errorf("FHIR export: %w", err)
		}
		b.Entry[i] = fhir.BundleEntry{FullUrl: ptr("urn:uuid:" + e.id), Resource: raw}
	}
	out, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("FHIR export: %w", err)
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

func patient(id string, p app.Patient) fhir.Patient {
	pt := fhir.Patient{
		Id: ptr(id),
		Identifier: []fhir.Identifier{{
			Type:  &fhir.CodeableConcept{Coding: []fhir.Coding{coding(systemV2IDType, "MR", "Medical record number")}},
			Value: ptr(p.MRN),
		}},
		Name:   []fhir.HumanName{{Text: ptr(p.Name)}},
		Gender: gender(p.Sex),
	}
	if !p.DOB.IsZero() {
		pt.BirthDate = ptr(app.FormatDate(p.DOB))
	}
	return pt
}

func encounter(id, pid string, r *app.Record) fhir.Encounter {
	e := fhir.Encounter{
		Id:         ptr(id),
		Identifier: []fhir.Identifier{{System: ptr(SystemRecord), Value: ptr(r.ID)}},
		Status:     fhir.EncounterStatusFinished,
		Class:      encounterClass(r.Encounter.Type),
		Type:       []fhir.CodeableConcept{{Text: ptr(string(r.Encounter.Type))}},
		Subject:    ptr(ref(pid)),
		Period:     &fhir.Period{Start: ptr(app.FormatDate(r.Encounter.Service))},
	}
	if r.Encounter.Account != "" {
		e.Identifier = append(e.Identifier, fhir.Identifier{
			Type:  &fhir.CodeableConcept{Coding: []fhir.Coding{coding(systemV2IDType, "AN", "Account number")}},
			Value: ptr(r.Encounter.Account),
		})
	}
	if !r.Encounter.Discharge.IsZero() {
		e.Period.End = ptr(app.FormatDate(r.Encounter.Discharge))
	}
	return e
}
