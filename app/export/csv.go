package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// CSVHeader is the first row of a CSV export; every other row is one
// assigned code. Dates are YYYY-MM-DD, codes are written with the dot
// (E11.9), the sequence is the code's place on the record (1 first); a
// HCPCS code's modifiers are space separated ("RT 59"), its units of
// service empty when none were given (one).
var CSVHeader = []string{
	"record_id", "mrn", "account", "encounter_type", "service_date", "discharge_date",
	"sequence", "role", "system", "code", "title", "poa", "fiscal_year", "procedure_date",
	"modifiers", "units",
}

// CSVRow is the CSV row of the assignment at index i of r.
func CSVRow(r *app.Record, i int) []string {
	a := r.Assignments[i]
	return []string{
		r.ID, r.Patient.MRN, r.Encounter.Account, string(r.Encounter.Type),
		app.FormatDate(r.Encounter.Service), app.FormatDate(r.Encounter.Discharge),
		strconv.Itoa(i + 1), string(a.Role), a.System.Label(), terminology.Display(a.System, a.Code),
		a.Title, string(a.POA), strconv.Itoa(a.Year), app.FormatDate(a.ProcedureDate),
		strings.Join(a.Modifiers, " "), units(a),
	}
}

// units is a HCPCS code's units of service, "" when none were given.
func units(a app.Assignment) string {
	if a.Units == 0 {
		return ""
	}
	return strconv.Itoa(a.Units)
}

// WriteCSV writes the header and one row per assigned code of recs with
// encoding/csv (RFC 4180 quoting, CRLF line ends, UTF-8).
func WriteCSV(w io.Writer, recs []*app.Record) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range recs {
		for i := range r.Assignments {
			if err := cw.Write(CSVRow(r, i)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
