package app

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Issue 14, item 7: impossible dates are refused by the domain, so the
// window and the command line both refuse them.
func TestValidateAtRefusesImpossibleDates(t *testing.T) {
	now := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	rec := func(dob, service, discharge string) *Record {
		r := &Record{Patient: Patient{MRN: "M1", Name: "Test Patient", Sex: Female, DOB: date(dob)},
			Encounter: Encounter{Type: Inpatient, Service: date(service)}}
		if discharge != "" {
			r.Encounter.Discharge = date(discharge)
		}
		return r
	}
	for _, c := range []struct {
		r    *Record
		want string // "" accepted
	}{
		{rec("1958-02-14", "2026-03-10", ""), ""},
		{rec("1958-02-14", "2026-03-11", ""), ""}, // a day ahead of UTC
		{rec("2026-03-10", "2026-03-10", ""), ""}, // born that day
		{rec("1958-02-14", "2026-03-12", ""), "the date of service 2026-03-12 is in the future"},
		{rec("1958-02-14", "2026-03-01", "2031-01-01"), "the discharge date 2031-01-01 is in the future"},
		{rec("2026-03-05", "2026-03-01", ""), "the birth date 2026-03-05 is after the date of service 2026-03-01"},
		{rec("1858-02-14", "2026-03-01", ""), "the birth date 1858-02-14 is before 1880"},
	} {
		err := c.r.ValidateAt(now)
		if c.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.r.Encounter, err)
			}
			continue
		}
		if !errors.Is(err, ErrIncomplete) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
