package storage

// The key scheme. Every key in the database starts with one of these
// prefixes; every value starts with a version byte so an older database
// still opens after an upgrade (decoders switch on it). Numbers in keys are
// big-endian so keys sort in numeric order.
//
//	m/schema                      schema version: one byte, schemaVersion
//	m/seq/<kind>                  last id handed out for kind ("R" records, "N" notes): uint64
//	m/signin-folded               v1 + JSON []string: the IDs of the failed sign-ins
//	                              (signin.go) the last fold wrote to the audit trail
//	m/audit-head                  v1 + JSON auditHead{Seq, Hash}: the last audit entry, so
//	                              removing entries from the end is detected
//	r/<record id>                 v2 + JSON app.Record, every assignment with its ID; a v1
//	                              value (written before assignment IDs) is read with its
//	                              assignments numbered A1, A2, ... in sequence order, the
//	                              same on every load, and is rewritten as v2 on its next save
//	s/<record id>                 v1 + JSON app.RecordSummary (worklist row)
//	i/s/<status>\0<yyyymmdd>\0<id> v1 + JSON app.RecordSummary: worklist by status, by date of service
//	i/d/<yyyymmdd>\0<id>          v1 + JSON app.RecordSummary: worklist of every status, by date
//	i/m/<mrn, lower case>\0<id>   empty: search by MRN prefix
//	i/n/<name word>\0<id>         empty: search by the start of any word of the patient's name
//	i/a/<account, lower case>\0<id> empty: search by account prefix
//	c/<status>                    number of records in that status: uint64
//	n/<note id>                   v1 + JSON app.Note (pages and their text); or, for a note
//	                              whose value would be over noteChunk bytes, noteChunkedV2 +
//	                              uint32 number of pieces, the v1 value being in t/
//	t/<note id>/<chunk>           a piece of up to noteChunk bytes of a long note's v1 value;
//	                              chunk is a uint32, the pieces concatenated are the value
//	o/<note id>/<chunk>           v1 + up to originalChunk bytes of the note's original file;
//	                              chunk is a uint32, the chunks concatenated are the file byte for byte
//	a/<seq>                       v1 + JSON app.AuditEntry; seq is a uint64 starting at 1
//	u/f/<user>\0<system>\0<code>   v1 + JSON app.CodeRef: one of the user's favourite codes
//	                              (code canonical); user names never hold a NUL
//	u/r/<user>                    v1 + JSON []app.CodeRef: the codes the user assigned last,
//	                              newest first, each once, at most app.MaxRecentCodes; kept
//	                              in the transaction that saves the assignment
//
// Index terms never contain a NUL byte (it is stripped), so a prefix scan
// of "i/n/smi" finds every name word starting with "smi". The whole
// database is encrypted with the master key, so the name index does not
// put names on disk in plain text.
//
// Beside the database, outside Badger:
//
//	<data>/keys.json              keyFile version 1: per user, the argon2id salt and
//	                              parameters and the AES-GCM-wrapped master key
//	<data>/codebench.lock         flock'd while a Codebench has the folder open
//	<data>/db/                    the Badger database
//	<data>/signin-failures.jsonl  failed sign-ins not yet in the audit trail (signin.go)
//	<data>/restore.journal        a restore's swap in progress; db.restoring and
//	                              keys.json.restoring the new pair, db.replaced and
//	                              keys.json.replaced the old one while it runs (restore.go)
//	<data>/db.replaced-<time>     a replaced database kept, with keys.json.replaced-<time>:
//	                              its audit trail could not be carried, or it was left
//	                              by a restore from before the journal

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
)

const (
	schemaVersion byte = 1
	valueV1       byte = 1
	// recordV2 is a record value whose assignments all carry an ID.
	recordV2 byte = 2
	// originalChunk is the size of one piece of a note's original file;
	// big values live in Badger's value log, pieces keep each write bounded.
	originalChunk = 1 << 20
	// noteChunkedV2 marks a note value kept in pieces under t/.
	noteChunkedV2 byte = 2
	// noteChunk is the largest note value kept in one piece; a longer one
	// (a note of thousands of pages) is split, since Badger refuses a
	// value as large as its value-log file.
	noteChunk = 4 << 20
)

var (
	keySchema      = []byte("m/schema")
	keyAuditHead   = []byte("m/audit-head")
	prefixRecord   = "r/"
	prefixSum      = "s/"
	prefixStatus   = "i/s/"
	prefixDate     = "i/d/"
	prefixMRN      = "i/m/"
	prefixName     = "i/n/"
	prefixAcct     = "i/a/"
	prefixCount    = "c/"
	prefixNote     = "n/"
	prefixOrig     = "o/"
	prefixNoteText = "t/"
	prefixAudit    = "a/"
	// prefixFavourite and prefixRecent are per user (shortcuts.go).
	prefixFavourite = "u/f/"
	prefixRecent    = "u/r/"
)

func seqKey(kind string) []byte { return []byte("m/seq/" + kind) }

func recordKey(id string) []byte  { return []byte(prefixRecord + id) }
func summaryKey(id string) []byte { return []byte(prefixSum + id) }
func countKey(s app.Status) []byte {
	return []byte(prefixCount + string(s))
}
func noteKey(id string) []byte { return []byte(prefixNote + id) }

func noteChunkKey(id string, chunk uint32) []byte {
	k := []byte(prefixNoteText + id + "/")
	return binary.BigEndian.AppendUint32(k, chunk)
}

func origKey(id string, chunk uint32) []byte {
	k := []byte(prefixOrig + id + "/")
	return binary.BigEndian.AppendUint32(k, chunk)
}

func auditKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(prefixAudit), seq)
}

// dateTerm is a date of service as it sorts in index keys.
func dateTerm(t time.Time) string {
	if t.IsZero() {
		return "00000000"
	}
	return t.Format("20060102")
}

// term cleans an index term: lower case, no NUL.
func term(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "\x00", "")
}

func statusIndexKey(s app.Status, service time.Time, id string) []byte {
	return []byte(prefixStatus + string(s) + "\x00" + dateTerm(service) + "\x00" + id)
}

func dateIndexKey(service time.Time, id string) []byte {
	return []byte(prefixDate + dateTerm(service) + "\x00" + id)
}

// searchKeys are the key-only index entries of a record.
func searchKeys(r *app.Record) [][]byte {
	var keys [][]byte
	seen := map[string]bool{}
	add := func(prefix, t string) {
		if t == "" {
			return
		}
		k := prefix + t + "\x00" + r.ID
		if !seen[k] {
			seen[k] = true
			keys = append(keys, []byte(k))
		}
	}
	add(prefixMRN, term(r.Patient.MRN))
	add(prefixAcct, term(r.Encounter.Account))
	for _, w := range app.SearchWords(r.Patient.Name) {
		add(prefixName, term(w))
	}
	return keys
}

// idFromIndexKey returns the record id after the last NUL.
func idFromIndexKey(k []byte) string {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == 0 {
			return string(k[i+1:])
		}
	}
	return ""
}

// encode writes a versioned JSON value.
func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append([]byte{valueV1}, b...), nil
}

// decode reads a value written by encode.
func decode(b []byte, v any) error {
	if len(b) == 0 {
		return fmt.Errorf("empty value")
	}
	switch b[0] {
	case valueV1:
		return json.Unmarshal(b[1:], v)
	}
	return fmt.Errorf("value version %d is newer than this Codebench: update Codebench", b[0])
}

// encodeRecord writes a record value (recordV2); assignments without an
// ID get one first.
func encodeRecord(r *app.Record) ([]byte, error) {
	r.NumberAssignments()
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append([]byte{recordV2}, b...), nil
}

// decodeRecord reads a record value of any version this Codebench knows.
func decodeRecord(b []byte) (*app.Record, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("empty value")
	}
	var r app.Record
	switch b[0] {
	case valueV1:
		if err := json.Unmarshal(b[1:], &r); err != nil {
			return nil, err
		}
		r.NumberAssignments()
		return &r, nil
	case recordV2:
		if err := json.Unmarshal(b[1:], &r); err != nil {
			return nil, err
		}
		return &r, nil
	}
	return nil, fmt.Errorf("value version %d is newer than this Codebench: update Codebench", b[0])
}

func uint64Value(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func readUint64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
