package intake

import "testing"

func TestCleanCodes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Repaired where the context shows a code.
		{"ICD-10-CM 110 Essential hypertension", "ICD-10-CM I10 Essential hypertension"},
		{"Dx: 110", "Dx: I10"},
		{"1. Essential hypertension, ICD-10-CM 110. Increase lisinopril.", "1. Essential hypertension, ICD-10-CM I10. Increase lisinopril."},
		{"Impression: Paroxysmal atrial fibrillation, 148.0. Score 3.", "Impression: Paroxysmal atrial fibrillation, I48.0. Score 3."},
		{"Codes: E11.9, 110, Z79.4", "Codes: E11.9, I10, Z79.4"},
		{"hypertension, 110; hyperlipidemia, E78.5.", "hypertension, I10; hyperlipidemia, E78.5."},
		{"Obesity, E66.9, with body mass index 31.0 to 31.9, 268.31.", "Obesity, E66.9, with body mass index 31.0 to 31.9, Z68.31."},
		{"Weight, 268.31 lb, E66.9", "Weight, 268.31 lb, E66.9"},
		{"Assessment: BMI 31.0 to 31.9, 268.31.", "Assessment: BMI 31.0 to 31.9, Z68.31."},
		{"Diagnoses: heart failure, 150.9; diabetes", "Diagnoses: heart failure, I50.9; diabetes"},
		{"Assessment: diabetes EI1.9", "Assessment: diabetes E11.9"},
		{"Dx E1l.65 and I1®", "Dx E11.65 and I10"},
		{"Type 2 diabetes mellitus without complications, E11,.9.", "Type 2 diabetes mellitus without complications, E11.9."},
		{"HbAlc 7.4 percent; HbAic; (HbAIc)", "HbA1c 7.4 percent; HbA1c; (HbA1c)"},
		{"near the 5@th percentile, 2026-@2-@2, 5® mg", "near the 50th percentile, 2026-02-02, 50 mg"},
		// Left alone: no code context, or a measurement.
		{"BP 110/70, weight 110 lb, glucose 132 before lunch", "BP 110/70, weight 110 lb, glucose 132 before lunch"},
		{"Fasting values between 110 and 150.", "Fasting values between 110 and 150."},
		{"Diagnosis: fever, temperature 101.2 F", "Diagnosis: fever, temperature 101.2 F"},
		{"Assessment: sodium 148.0 mmol/L", "Assessment: sodium 148.0 mmol/L"},
		{"Room 110, bed 2", "Room 110, bed 2"},
		{"ICD-10-CM I10 and E11.9 are fine", "ICD-10-CM I10 and E11.9 are fine"},
		{"Pain 6 out of 10, M54.50", "Pain 6 out of 10, M54.50"},
		{"email a@b.org, EI1.9 without context", "email a@b.org, EI1.9 without context"},
		{"", ""},
		{"line one 110\nICD 110\n", "line one 110\nICD I10\n"},
	} {
		if got := CleanCodes(c.in); got != c.want {
			t.Errorf("CleanCodes(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
