package intake

// Made-up clinical notes for the OCR accuracy tests. The people, places
// and numbers are invented; none is a real patient.
var notePages = []string{
	`OFFICE VISIT - INTERNAL MEDICINE
Patient: Test Patient Alpha   MRN: TP-100001   Date of service: 2026-03-14
Chief complaint: Follow-up of high blood pressure and type 2 diabetes.
History: 58-year-old seen for routine follow-up. Reports good adherence to
lisinopril 20 mg daily and metformin 1000 mg twice daily. No chest pain,
no shortness of breath, no headaches. Home readings average 138/86.
Exam: BP 142/88, pulse 76, weight 212 lb. Lungs clear. Heart regular rhythm.
Feet: monofilament sensation intact bilaterally, pulses palpable.
Labs: HbA1c 7.4 percent on 2026-03-01, creatinine 1.0, LDL 96.
Assessment and plan:
1. Essential hypertension, ICD-10-CM I10. Increase lisinopril to 40 mg.
2. Type 2 diabetes mellitus without complications, E11.9. Continue metformin.
3. Long term use of oral hypoglycemic drugs, Z79.84.
Return in three months with repeat HbA1c and basic metabolic panel.
Electronically signed by Example Clinician, MD.`,

	`EMERGENCY DEPARTMENT NOTE
Patient: Test Patient Bravo   Account: ED-2026-0457   Arrival: 2026-01-09 22:15
Chief complaint: Wheezing and cough for two days.
History of present illness: 34-year-old with known asthma presents with
increased wheezing after a viral illness. Used albuterol every two hours
with little relief. No fever. No recent travel.
Exam: Temperature 98.9 F, respiratory rate 24, oxygen saturation 93 percent
on room air. Diffuse expiratory wheezes, no retractions.
Treatment: Albuterol and ipratropium nebulizer times three, prednisone 40 mg
by mouth. Repeat saturation 97 percent, wheezing much improved.
Diagnosis: Moderate persistent asthma with acute exacerbation, J45.41.
Disposition: Discharged home with prednisone for five days and an asthma
action plan. Follow up with primary care within one week.`,

	`DISCHARGE SUMMARY
Patient: Test Patient Charlie   Admitted: 2026-02-02   Discharged: 2026-02-06
Principal diagnosis: Community acquired pneumonia, right lower lobe, J18.9.
Secondary diagnoses: Chronic obstructive pulmonary disease, J44.9;
hypertension, I10; hyperlipidemia, E78.5.
Hospital course: The patient was admitted with fever, productive cough and
hypoxia. Chest radiograph showed right lower lobe consolidation. Blood
cultures were negative. Treated with ceftriaxone and azithromycin, then
changed to oral amoxicillin. Oxygen was weaned to room air on day three.
Condition at discharge: Stable, ambulating, tolerating a regular diet.
Medications: amoxicillin 875 mg twice daily for three more days, tiotropium
inhaler daily, amlodipine 5 mg daily, atorvastatin 40 mg nightly.
Follow-up: Primary care in one week; repeat chest radiograph in six weeks.`,

	`PROGRESS NOTE - ENDOCRINOLOGY
Patient: Test Patient Delta   Date: 2026-04-22
Subjective: Fatigue improved since the last visit. No polyuria or polydipsia.
Checks glucose twice daily, fasting values between 110 and 150.
Objective: BP 128/78, BMI 31.2. Thyroid not enlarged. No edema.
Results: HbA1c 8.1 percent, TSH 2.3, urine albumin to creatinine ratio 45.
Assessment:
Type 2 diabetes mellitus with diabetic chronic kidney disease, E11.22,
with chronic kidney disease stage 3a, N18.31.
Long term current use of insulin, Z79.4.
Obesity, E66.9, with body mass index 31.0 to 31.9, Z68.31.
Plan: Start empagliflozin 10 mg daily. Continue insulin glargine 24 units at
bedtime. Dietitian referral. Recheck HbA1c and kidney function in 3 months.`,

	`OPERATIVE REPORT
Patient: Test Patient Echo   Date of surgery: 2026-05-18
Preoperative diagnosis: Acute appendicitis.
Postoperative diagnosis: Acute appendicitis without perforation, K35.80.
Procedure: Laparoscopic appendectomy.
Anesthesia: General endotracheal.
Findings: Inflamed, non-perforated appendix. No abscess. Minimal free fluid.
Description: The abdomen was entered at the umbilicus and pneumoperitoneum
established. Two additional ports were placed under direct vision. The
appendix was mobilized, the mesoappendix divided with an energy device and
the base secured with an endoscopic stapler. The specimen was removed in a
retrieval bag. Estimated blood loss 10 mL. Sponge and needle counts correct.
The patient tolerated the procedure well and went to recovery in stable
condition.`,

	`CARDIOLOGY CONSULTATION
Patient: Test Patient Foxtrot   Date: 2026-06-03
Reason for consultation: Palpitations and an irregular pulse found at a
pre-operative visit.
History: 71-year-old with hypertension and sleep apnea. Intermittent
palpitations for six months, no syncope. Drinks two cups of coffee daily.
ECG: Atrial fibrillation with controlled ventricular rate of 84.
Echocardiogram: Normal left ventricular size, ejection fraction 55 percent,
mild left atrial enlargement.
Impression:
Paroxysmal atrial fibrillation, I48.0. CHA2DS2-VASc score 3.
Essential hypertension, I10. Obstructive sleep apnea, G47.33.
Recommendations: Start apixaban 5 mg twice daily and metoprolol succinate
25 mg daily. Encourage CPAP use. Follow up in the clinic in four weeks.`,

	`PHYSICAL THERAPY EVALUATION
Patient: Test Patient Golf   Date: 2026-07-11
Referral diagnosis: Low back pain, M54.50, after lifting boxes at work.
Onset three weeks ago. Pain 6 out of 10, worse with sitting and bending,
better with walking. No numbness, tingling or weakness in the legs.
Bowel and bladder function normal.
Examination: Lumbar flexion limited to 50 percent with pain. Extension full.
Straight leg raise negative on both sides. Strength 5 out of 5 throughout.
Tenderness over the right lumbar paraspinal muscles.
Assessment: Mechanical low back pain with movement impairment.
Plan: Therapy twice weekly for six weeks: core stabilization, hip mobility,
education on lifting mechanics and a home exercise program.
Goals: Sit for one hour without pain and return to full duty at work.`,

	`PEDIATRIC WELL CHILD VISIT
Patient: Test Patient Hotel   Age: 4 years   Date: 2026-08-20
Encounter for routine child health examination without abnormal findings,
Z00.129.
Growth: Height 103 cm, weight 16.8 kg, both near the 50th percentile.
Development: Speaks in full sentences, hops on one foot, draws a circle.
Immunizations given today: DTaP, IPV, MMR and varicella boosters.
Vision and hearing screening passed.
Anticipatory guidance: Car seat use, water safety, dental visits twice a
year, limit screen time to one hour per day.
Parent questions answered. Next visit at age 5 years.`,

	`RADIOLOGY REPORT - CT HEAD WITHOUT CONTRAST
Patient: Test Patient India   Date: 2026-09-02
Clinical history: Fall from standing height, headache, on anticoagulation.
Technique: Axial images of the head without intravenous contrast.
Findings: No acute intracranial hemorrhage, mass effect or midline shift.
Ventricles and sulci are normal for age. Mild periventricular white matter
hypodensity, likely chronic small vessel ischemic change. Paranasal sinuses
and mastoid air cells are clear. No skull fracture.
Impression: No acute intracranial abnormality. Chronic small vessel changes.
Coding note: Fall on same level, W18.30XA; headache, R51.9; long term use of
anticoagulants, Z79.01.`,

	`BEHAVIORAL HEALTH PROGRESS NOTE
Patient: Test Patient Juliet   Session date: 2026-10-15   Duration: 50 minutes
Subjective: Reports better sleep and fewer panic episodes, two this month
compared with six last month. Continues sertraline 100 mg daily.
Mental status: Alert, cooperative, mood "okay", affect full range. Thought
process linear. Denies suicidal or homicidal ideation.
Assessment: Panic disorder, F41.0, improving. Generalized anxiety disorder,
F41.1, stable.
Interventions: Cognitive behavioral therapy with interoceptive exposure and
review of breathing exercises.
Plan: Continue weekly sessions and current medication. Safety plan reviewed.`,

	`HOME HEALTH NURSING VISIT
Patient: Test Patient Kilo   Visit date: 2026-11-04
Skilled need: Wound care and medication teaching.
Wound: Stage 2 pressure ulcer of the sacral region, L89.152, measuring
2.1 cm by 1.4 cm, pink wound bed, scant serous drainage, no odor.
Dressing changed with hydrocolloid. Caregiver taught repositioning every
two hours and skin checks.
Vital signs: BP 118/70, pulse 72, temperature 97.8 F, oxygen saturation 96
percent. Blood glucose 132 before lunch.
Diagnoses on the plan of care: heart failure, I50.9; type 2 diabetes
mellitus with hyperglycemia, E11.65; HbA1c 7.9 percent last month.
Next visit in three days.`,

	`URGENT CARE NOTE
Patient: Test Patient Lima   Date: 2026-12-01
Complaint: Sore throat and fever for two days.
Exam: Temperature 101.2 F, tonsillar exudate, tender anterior cervical nodes,
no cough. Rapid strep test positive.
Diagnosis: Streptococcal pharyngitis, J02.0.
Treatment: Amoxicillin 500 mg twice daily for ten days. Acetaminophen for
fever. Return if unable to swallow or breathing becomes difficult.
Work note provided for two days.`,
}
