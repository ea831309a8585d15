package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/codebench/codebench/app"
)

// benchRecords makes n final records of five codes each, shaped like
// sampleRecords' inpatient stay.
func benchRecords(n int) map[string]*app.Record {
	base := sampleRecords()["R000001"]
	recs := make(map[string]*app.Record, n)
	for i := 1; i <= n; i++ {
		r := *base
		r.ID = fmt.Sprintf("R%06d", i)
		r.Patient.MRN = fmt.Sprintf("M%05d", i%400)
		r.Assignments = append(append([]app.Assignment(nil), base.Assignments...), app.Assignment{ID: "A5", System: app.ICD10CM, Code: "I10", Year: 2026, Title: "Essential (primary) hypertension", Role: app.Secondary, POA: app.POAYes})
		recs[r.ID] = &r
	}
	return recs
}

// BenchmarkExport1000 exports 1,000 final records (5,000 codes) to a file
// the way the window and the command line do: select, write, sync, audit,
// rename. The target is ≤ 2 s per export. BenchmarkCSVBaseline writes the
// same rows with encoding/csv alone, the floor to compare it with.
func BenchmarkExport1000(b *testing.B) {
	src := &fakeSource{recs: benchRecords(1000)}
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "out"+f.Ext())
			for b.Loop() {
				aud := &fakeAudit{}
				res, err := ToFile(src, aud, Request{Format: f, Filter: Filter{Status: app.Final}, Path: path})
				if err != nil || res.Records != 1000 {
					b.Fatal(res, err)
				}
			}
		})
	}
}

func BenchmarkCSVBaseline(b *testing.B) {
	src := &fakeSource{recs: benchRecords(1000)}
	var rows [][]string
	for _, r := range src.recs {
		for _, a := range r.Assignments {
			rows = append(rows, []string{r.ID, r.Patient.MRN, r.Encounter.Account, string(r.Encounter.Type), "2025-10-02", "2025-10-06",
				"1", string(a.Role), a.System.Label(), a.Code, a.Title, string(a.POA), "2026", ""})
		}
	}
	path := filepath.Join(b.TempDir(), "out.csv")
	for b.Loop() {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		bw := bufio.NewWriter(f)
		w := csv.NewWriter(bw)
		w.WriteAll(rows)
		bw.Flush()
		f.Sync()
		if err := f.Close(); err != nil || w.Error() != nil {
			b.Fatal(err, w.Error())
		}
	}
}
