// Command crashwriter is the writer the storage crash test kills. It opens
// the real encrypted store in the folder named by its argument (creating it
// the first time) and saves records and notes through the coding service,
// the same path the window and the CLI use, printing one line per save
// only after the save has returned, that is after the synced commit:
//
//	ack RECORD-ID MRN
//	note NOTE-ID RECORD-ID SHA256-OF-ORIGINAL
//
// It writes until it is killed. Records are made-up people.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/storage"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: crashwriter DIR (passphrase in CRASH_PASSPHRASE)")
		os.Exit(2)
	}
	dir, pass := os.Args[1], os.Getenv("CRASH_PASSPHRASE")
	opt := &storage.Options{KDF: storage.KDF{Time: 1, MemoryKiB: 1 << 10, Threads: 1}}
	var st *storage.Store
	var err error
	if storage.Exists(dir) {
		st, err = storage.Open(dir, "crash", pass, opt)
	} else {
		st, err = storage.Create(dir, "crash", pass, opt)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashwriter:", err)
		os.Exit(1)
	}
	svc := coding.New(st, nil)
	pid := os.Getpid()
	for i := 0; ; i++ {
		mrn := fmt.Sprintf("CRASH-%d-%d", pid, i)
		r, err := svc.CreateRecord(app.Patient{MRN: mrn, Name: fmt.Sprintf("Crashtest, Person %d", i), DOB: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Sex: app.Unknown},
			app.Encounter{Type: app.Office, Service: time.Date(2025, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "crashwriter:", err)
			os.Exit(1)
		}
		fmt.Printf("ack %s %s\n", r.ID, mrn)
		if i%4 == 0 {
			orig := make([]byte, 1+rand.IntN(300_000))
			for j := range orig {
				orig[j] = byte(rand.Uint32())
			}
			n, err := svc.AddNote(r.ID, coding.NoteInput{FileName: "scan.bin", MediaType: "application/octet-stream",
				Pages: []app.Page{{Text: "page", Source: app.SourceOCR}}, Original: orig})
			if err != nil {
				fmt.Fprintln(os.Stderr, "crashwriter:", err)
				os.Exit(1)
			}
			sum := sha256.Sum256(orig)
			fmt.Printf("note %s %s %s\n", n.ID, r.ID, hex.EncodeToString(sum[:]))
		}
	}
}
