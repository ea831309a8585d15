package postgres

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"strconv"
	"unicode/utf8"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
)

// Sealing keys: the additional data each sealed value is bound to names
// its table and row (and version, piece, count), so a value copied to
// another row, an old body paired with a new version, or a piece dropped
// from a note fails to open.

func recordKey(id string, version uint64) []byte {
	return []byte("records\x00" + id + "\x00" + strconv.FormatUint(version, 10))
}

func summaryKey(id string, version uint64) []byte {
	return []byte("records.summary\x00" + id + "\x00" + strconv.FormatUint(version, 10))
}

func pieceKey(noteID string, part byte, n, of int) []byte {
	return []byte("note_pieces\x00" + noteID + "\x00" + string(part) + "\x00" + strconv.Itoa(n) + "\x00" + strconv.Itoa(of))
}

func auditKey(seq uint64) []byte { return []byte("audit\x00" + strconv.FormatUint(seq, 10)) }

func favouriteKey(user string, token []byte) []byte {
	return append([]byte("shortcuts\x00"+user+"\x00f\x00"), token...)
}

func recentKey(user string) []byte { return []byte("shortcuts\x00" + user + "\x00r\x00") }

// What the blind index shows the server, and so anyone with a copy of
// the database: which records share an MRN, account or name-word prefix
// (equal tokens), how long those values are (a value of n characters has
// min(n, maxPrefix) tokens), and so how common each prefix is across the
// practice. It does not show the values: a token is an HMAC under a key
// derived from the master key, which never leaves the workstations, so
// guessing a name means guessing the key first. Searching every record's
// sealed row on the workstation instead would show nothing, at the cost
// of opening the whole worklist for each search (measured beside the
// token search in BenchmarkStores).

// blindInfo separates the blind-index key from the other keys derived
// from the master key (seal's value key, backups).
const blindInfo = "codebench blind index v1"

func blindKey(master []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, master, nil, blindInfo, 32)
}

// maxPrefix is the longest prefix of an MRN, account number or name word
// that gets a token of its own. A longer search word is looked up by its
// first maxPrefix characters and checked on the decrypted rows.
const maxPrefix = 24

// tokenSize is the length kept of each HMAC-SHA256: 128 bits make a
// collision between two different prefixes negligible, and a collision
// only adds a row that the check on the decrypted row drops.
const tokenSize = 16

// Fields of a record that the worklist search looks in.
const (
	fieldMRN     = 'm'
	fieldAccount = 'a'
	fieldName    = 'n'
)

// token is the blind-index token of one prefix of one field: the server
// sees equal tokens for equal prefixes and nothing else.
func (s *Store) token(field byte, prefix string) []byte {
	m := hmac.New(sha256.New, s.blind)
	m.Write([]byte{field, 0})
	m.Write([]byte(prefix))
	return m.Sum(nil)[:tokenSize]
}

// prefixes are the prefixes of t that get tokens: every one from the
// first character to maxPrefix characters.
func prefixes(t string) []string {
	var out []string
	n := 0
	for i := range t {
		if i == 0 {
			continue
		}
		out = append(out, t[:i])
		if n++; n == maxPrefix {
			return out
		}
	}
	if t != "" {
		out = append(out, t)
	}
	return out
}

// searchPrefix is what a search word is looked up as: its term, cut to
// maxPrefix characters.
func searchPrefix(w string) string {
	t := storage.SearchTerm(w)
	if utf8.RuneCountInString(t) <= maxPrefix {
		return t
	}
	n := 0
	for i := range t {
		if n == maxPrefix {
			return t[:i]
		}
		n++
	}
	return t
}

// recordTokens are the blind-index tokens of a record: one per prefix of
// its MRN, its account number and each word of the patient's name.
func (s *Store) recordTokens(r *app.Record) [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	add := func(field byte, value string) {
		for _, p := range prefixes(storage.SearchTerm(value)) {
			t := s.token(field, p)
			if !seen[string(t)] {
				seen[string(t)] = true
				out = append(out, t)
			}
		}
	}
	add(fieldMRN, r.Patient.MRN)
	add(fieldAccount, r.Encounter.Account)
	for _, w := range app.SearchWords(r.Patient.Name) {
		add(fieldName, w)
	}
	return out
}

// wordTokens are the tokens a search word is looked up by: the word as
// the start of the MRN, the account number or a name word.
func (s *Store) wordTokens(w string) [][]byte {
	p := searchPrefix(w)
	if p == "" {
		return nil
	}
	return [][]byte{s.token(fieldMRN, p), s.token(fieldAccount, p), s.token(fieldName, p)}
}
