package postgres_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpg"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/storage/postgres"
	"github.com/codebench/codebench/storage/storetest"
)

// benchRecords is the worklist size of the benchmarks.
const benchRecords = 2000

var benchNames = []string{"Maria", "Gonzalez", "Li", "Wei", "Olga", "Petrova", "Anne", "O'Neil", "Hana", "Ito", "Jamal", "Okafor"}

// populate saves benchRecords made-up records in s.
func populate(b *testing.B, s storage.Backend) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range benchRecords {
		r := storetest.Record(b, s, fmt.Sprintf("%08d", 10000000+i*7), benchNames[i%12]+" "+benchNames[(i/12)%12], fmt.Sprintf("A-%07d", i),
			base.AddDate(0, 0, i%400), app.Statuses[i%5])
		r.Assignments = []app.Assignment{{System: app.ICD10CM, Code: "E119"}, {System: app.ICD10CM, Code: "I10"}}
		if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditRecordCreated, RecordID: r.ID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStores runs the store benchmarks on a Badger store (the
// baseline) and a PostgreSQL store on a local socket holding the same
// made-up practice of benchRecords records.
func BenchmarkStores(b *testing.B) {
	bs, err := storage.Create(b.TempDir(), storetest.FirstUser, storetest.Passphrase, &storage.Options{KDF: storetest.KDF, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close()
	dsn := testpg.DB(b)
	ps, err := postgres.Create(dsn, storetest.FirstUser, storetest.Passphrase, testOpt)
	if err != nil {
		b.Fatal(err)
	}
	defer ps.Close()
	stores := map[string]storage.Backend{"badger": bs, "postgres": ps}
	for _, name := range []string{"badger", "postgres"} {
		t0 := time.Now()
		populate(b, stores[name])
		b.Logf("%s: %d records saved in %v", name, benchRecords, time.Since(t0).Round(time.Millisecond))
	}
	b.Run("Save", func(b *testing.B) { benchSave(b, stores) })
	b.Run("SaveNote8MB", func(b *testing.B) { benchSaveNote(b, stores) })
	b.Run("List", func(b *testing.B) { benchList(b, stores) })
	b.Run("Tokens", func(b *testing.B) { benchTokens(b, dsn) })
}

// benchSave: one acknowledged save of a changed record, Badger (fsync
// per commit) beside PostgreSQL.
func benchSave(b *testing.B, stores map[string]storage.Backend) {
	for _, name := range []string{"badger", "postgres"} {
		b.Run(name, func(b *testing.B) {
			s := stores[name]
			r, err := s.Record("R000010")
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				r.Status = app.Statuses[i%2]
				if err := s.SaveRecord(r, app.AuditEvent{Action: app.AuditStatusChanged, RecordID: r.ID}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchSaveNote: one save of a note with an 8 MB original file and its
// reading back, Badger beside PostgreSQL.
func benchSaveNote(b *testing.B, stores map[string]storage.Backend) {
	orig := make([]byte, 8<<20)
	for i := range orig {
		orig[i] = byte(i * 7)
	}
	for _, name := range []string{"badger", "postgres"} {
		b.Run(name, func(b *testing.B) {
			s := stores[name]
			r, err := s.Record("R000020")
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(orig)))
			for i := 0; b.Loop(); i++ {
				n := &app.Note{ID: fmt.Sprintf("NB%s%06d", name, i), RecordID: r.ID, MediaType: "image/tiff", Pages: []app.Page{{Number: 1, Text: "scan"}}}
				r.NoteIDs = append(r.NoteIDs, n.ID)
				if err := s.SaveNote(r, n, orig); err != nil {
					b.Fatal(err)
				}
				if back, err := s.NoteOriginal(n.ID); err != nil || len(back) != len(orig) {
					b.Fatalf("read back %d bytes: %v", len(back), err)
				}
			}
		})
	}
}

// benchList: worklist answers over benchRecords records.
func benchList(b *testing.B, stores map[string]storage.Backend) {
	for _, c := range []struct {
		name string
		f    app.ListFilter
	}{
		{"status-page", app.ListFilter{Status: app.ToCode, Limit: 100}},
		{"all-page", app.ListFilter{Limit: 100}},
		{"name-prefix", app.ListFilter{Query: "gonz"}},
		{"two-words", app.ListFilter{Query: "maria ito"}},
		{"mrn", app.ListFilter{Query: "10000700"}},
	} {
		for _, name := range []string{"badger", "postgres", "postgres-scan"} {
			if name == "postgres-scan" && c.f.Query == "" {
				continue
			}
			b.Run(c.name+"/"+name, func(b *testing.B) {
				var list func(app.ListFilter) (app.Worklist, error)
				if name == "postgres-scan" {
					// Without the blind index: open every row on the workstation.
					list = stores["postgres"].(*postgres.Store).ScanList
				} else {
					list = stores[name].List
				}
				var n int
				for b.Loop() {
					wl, err := list(c.f)
					if err != nil {
						b.Fatal(err)
					}
					n = wl.Total
				}
				b.ReportMetric(float64(n), "rows")
			})
		}
	}
}

// benchTokens reports the blind-index tokens stored per record.
func benchTokens(b *testing.B, dsn string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var tokens, size float64
	for b.Loop() {
		if err := conn.QueryRow(ctx, "SELECT count(*)::float8 / (SELECT count(*) FROM records), pg_total_relation_size('record_tokens')::float8 / (SELECT count(*) FROM records) FROM record_tokens").Scan(&tokens, &size); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(tokens, "tokens/record")
	b.ReportMetric(size, "index-bytes/record")
}
