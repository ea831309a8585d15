package workstation

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpg"
	"github.com/codebench/codebench/storage"
)

var benchSaves = flag.Int("saves", 2000, "saves per workstation in BenchmarkWorkstations")

const benchDesks = 8

// BenchmarkWorkstations is issue 15's load: 8 workstations each save
// their own record -saves times (a change and its audit entry per save,
// acknowledged once synced), while two of them also increment a shared
// record by read-modify-write, retrying a stale save. It reports the
// acknowledged saves missing afterwards (must be 0), the increments lost
// on the shared record (must be 0), and p50/p99 save latency, for the
// shared PostgreSQL store (8 sessions, 8 connection pools, loopback unix
// socket, fsync on) beside the Badger baseline in the same run (one
// folder is open in one process: 8 goroutines on one session).
//
//	go test -run '^$' -bench Workstations -benchtime 1x ./workstation/
func BenchmarkWorkstations(b *testing.B) {
	b.Run("badger", func(b *testing.B) {
		w := New(Config{DataDir: b.TempDir(), StoreOptions: cheap})
		s, err := w.Create("desk0", "correct horse battery")
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		stores := make([]storage.Backend, benchDesks)
		for i := range stores {
			stores[i] = s.Store
		}
		runDesks(b, stores)
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := testpg.DB(b)
		first, err := New(Config{DataDir: b.TempDir(), Store: dsn, StoreOptions: cheap}).Create("desk0", "correct horse battery")
		if err != nil {
			b.Fatal(err)
		}
		defer first.Close()
		stores := []storage.Backend{first.Store}
		for i := 1; i < benchDesks; i++ {
			name := "desk" + strconv.Itoa(i)
			if err := first.Store.AddUser(name, "correct horse battery"); err != nil {
				b.Fatal(err)
			}
			s, err := New(Config{DataDir: b.TempDir(), Store: dsn, StoreOptions: cheap}).Open(name, "correct horse battery")
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			stores = append(stores, s.Store)
		}
		runDesks(b, stores)
	})
}

func benchRecord(id string) *app.Record {
	return &app.Record{ID: id, Patient: app.Patient{MRN: "M-" + id, Name: "Made-up, Desk", Sex: app.Unknown},
		Encounter: app.Encounter{Type: app.Office, Service: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}, Query: "0"}
}

func runDesks(b *testing.B, stores []storage.Backend) {
	saves := *benchSaves
	shared := benchRecord("RSHARED")
	if err := stores[0].SaveRecord(shared); err != nil {
		b.Fatal(err)
	}
	for range b.N {
		var mu sync.Mutex
		var lat []time.Duration
		acked := make([]int, len(stores))
		increments, stale, lost := 0, 0, 0
		var wg sync.WaitGroup
		b.ResetTimer()
		start := time.Now()
		for d, st := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := benchRecord(fmt.Sprintf("RD%d-%d", d, time.Now().UnixNano()))
				mine := make([]time.Duration, 0, saves)
				for i := range saves {
					rec.Query = strconv.Itoa(i + 1)
					t0 := time.Now()
					err := st.SaveRecord(rec, app.AuditEvent{Action: app.AuditRecordUpdated, RecordID: rec.ID})
					mine = append(mine, time.Since(t0))
					if err != nil {
						b.Errorf("desk %d save %d: %v", d, i, err)
						return
					}
					acked[d]++
					// Two coders on one record: every tenth save, desks 0
					// and 1 add one to the shared record's count.
					if d < 2 && i%10 == 0 {
						for {
							r, err := st.Record(shared.ID)
							if err != nil {
								b.Error(err)
								return
							}
							n, _ := strconv.Atoi(r.Query)
							r.Query = strconv.Itoa(n + 1)
							err = st.SaveRecord(r)
							if errors.Is(err, app.ErrStale) {
								mu.Lock()
								stale++
								mu.Unlock()
								continue
							}
							if err != nil {
								b.Error(err)
								return
							}
							mu.Lock()
							increments++
							mu.Unlock()
							break
						}
					}
				}
				// The record holds the last acknowledged save, at the version
				// that counts every one.
				got, err := st.Record(rec.ID)
				if err != nil {
					b.Errorf("desk %d: %v", d, err)
					return
				}
				if got.Query != strconv.Itoa(acked[d]) || got.Version != uint64(acked[d]) {
					b.Errorf("desk %d: stored %q at version %d, acknowledged %d saves", d, got.Query, got.Version, acked[d])
				}
				mu.Lock()
				lost += acked[d] - int(min(got.Version, uint64(acked[d])))
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		total := 0
		for _, n := range acked {
			total += n
		}
		got, err := stores[0].Record(shared.ID)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := strconv.Atoi(got.Query)
		lostUpdates := increments - n
		if lostUpdates != 0 {
			b.Errorf("%d of %d increments on the shared record lost", lostUpdates, increments)
		}
		if lost != 0 {
			b.Errorf("%d acknowledged saves missing", lost)
		}
		shared.Version = got.Version
		shared.Query = got.Query
		if _, err := stores[0].VerifyAudit(); err != nil {
			b.Errorf("audit: %v", err)
		}
		slices.Sort(lat)
		b.ReportMetric(float64(total), "acked")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(lostUpdates), "lost-updates")
		b.ReportMetric(float64(stale), "stale-retries")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(total)/elapsed.Seconds(), "saves/s")
	}
}
