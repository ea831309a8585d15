package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/coding"
)

const codeUsage = `codebench code add ID CODE [--system icd10cm|icd10pcs|hcpcs]
                  [--role principal|secondary|admitting|procedure]
                  [--poa Y|N|U|W|1] [--date YYYY-MM-DD] [--comment C] [--units N]
codebench code set ID CODE [--role R] [--poa P] [--date YYYY-MM-DD] [--comment C] [--units N] [--system S]
codebench code rm ID CODE [--system S]
codebench code move ID CODE POSITION [--system S]

add   checks CODE against the code set of the record's fiscal year (of the
      discharge date for an inpatient stay) and puts it on the record; a
      code that does not exist in that year is refused with the years it
      does exist in. Without --system the system is told from the code's
      shape (E11.9 ICD-10-CM, 0DTJ4ZZ ICD-10-PCS, J1100 HCPCS). Without
      --role the first diagnosis is principal, later ones secondary, and
      PCS/HCPCS codes are procedures. --date is the procedure date.
      --units is a HCPCS code's units of service (a drug's dose in the
      code's units: ceftriaxone 1 g is J0696 --units 4); none given is one.
set   changes an assigned code's role, POA indicator, procedure date,
      comment or units (an empty value clears POA, date or comment; 0
      clears the units). Making a
      diagnosis principal puts it first and the old principal becomes secondary.
rm    takes the code off the record.
move  puts the code at POSITION (1 is first) in the sequence.

The code sets are the built-in ones, or the official release files in the
folder $CODEBENCH_CODESETS.`

func init() {
	register(Command{Name: "code", Summary: "add, remove and sequence the codes of a record", Usage: codeUsage, Run: runCode})
}

func runCode(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: say add, set, rm or move", ErrUsage)
	}
	fs := newFlags("code " + args[0])
	system := fs.String("system", "", "icd10cm, icd10pcs or hcpcs")
	var role, poa, date, comment *string
	var units *int
	switch args[0] {
	case "add", "set":
		units = fs.Int("units", 0, "HCPCS units of service")
		role = fs.String("role", "", "principal, secondary, admitting or procedure")
		poa = fs.String("poa", "", "Y, N, U, W or 1")
		date = fs.String("date", "", "procedure date YYYY-MM-DD")
		comment = fs.String("comment", "", "coder comment")
	case "rm", "move":
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, codeUsage)
		return nil
	default:
		return fmt.Errorf("%w: unknown code command %q", ErrUsage, args[0])
	}
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"add": 2, "set": 2, "rm": 2, "move": 3}[args[0]]
	if len(pos) != want {
		return fmt.Errorf("%w: code %s takes %d arguments", ErrUsage, args[0], want)
	}
	var sys app.System
	if *system != "" {
		if sys, err = app.ParseSystem(*system); err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
	}
	id, code := pos[0], pos[1]
	var in coding.Assign
	if args[0] == "add" {
		in = coding.Assign{System: sys, Code: code, Role: app.Role(strings.ToLower(*role)), POA: app.POA(strings.ToUpper(*poa)), Comment: *comment, Units: *units}
		if *date != "" {
			if in.ProcedureDate, err = app.ParseDate(*date); err != nil {
				return fmt.Errorf("%w: --date: %v", ErrUsage, err)
			}
		}
	}
	var change coding.Change
	if args[0] == "set" {
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "role":
				r := app.Role(strings.ToLower(*role))
				change.Role = &r
			case "poa":
				p := app.POA(strings.ToUpper(*poa))
				change.POA = &p
			case "comment":
				change.Comment = comment
			case "units":
				change.Units = units
			case "date":
				var d time.Time
				if *date != "" {
					d, err = app.ParseDate(*date)
				}
				change.ProcedureDate = &d
			}
		})
		if err != nil {
			return fmt.Errorf("%w: --date: %v", ErrUsage, err)
		}
	}
	var position int
	if args[0] == "move" {
		if position, err = strconv.Atoi(pos[2]); err != nil {
			return fmt.Errorf("%w: POSITION must be a number", ErrUsage)
		}
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	release, err := leaseRecord(env, s, id)
	if err != nil {
		return err
	}
	defer release()
	var r *app.Record
	switch args[0] {
	case "add":
		if _, err := s.Terms(); err != nil {
			return err
		}
		r, err = s.Coding.AssignCode(id, in)
	default:
		// The service names assigned codes by their assignment ID; the
		// coder names them by code.
		var a app.Assignment
		if a, err = assigned(s.Coding, id, sys, code); err != nil {
			return err
		}
		switch args[0] {
		case "set":
			r, err = s.Coding.UpdateAssignment(id, a.ID, change)
		case "rm":
			r, err = s.Coding.RemoveCode(id, a.ID)
		case "move":
			r, err = s.Coding.MoveCode(id, a.ID, position)
		}
	}
	if err != nil {
		return err
	}
	for i, a := range r.Assignments {
		fmt.Fprintf(env.Stdout, "%d. %s%s %s %s FY%d %s\n", i+1, codeset.DisplayAssigned(a), codeset.UnitsLabel(a), a.System, a.Role, a.Year, a.Title)
	}
	return nil
}

// assigned finds the assignment of code (in sys, or in the one system it
// is assigned in) on the record.
func assigned(svc *coding.Service, recordID string, sys app.System, code string) (app.Assignment, error) {
	r, err := svc.Record(recordID)
	if err != nil {
		return app.Assignment{}, err
	}
	return coding.Find(r, sys, code)
}
