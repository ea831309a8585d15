package search

// The peer baseline: the same FY2026 rows in SQLite FTS5 (bm25, porter
// tokenizer, query words ORed), measured in the same run as Codebench.
// modernc.org/sqlite is pure Go and imported only by this test file.

import (
	"database/sql"
	"strings"
	"sync"
	"testing"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	_ "modernc.org/sqlite"
)

// ftsYear is the year loaded into the peer: the newest release of each
// system (FY2026 for ICD-10-CM and ICD-10-PCS; HCPCS is the 2025 release).
const ftsYear = 2026

type ftsPeer struct {
	db   *sql.DB
	stmt map[app.System]*sql.Stmt
	all  *sql.Stmt
	rows int
}

var (
	ftsOnce sync.Once
	ftsDB   *ftsPeer
	ftsErr  error
)

func peer(t testing.TB) *ftsPeer {
	t.Helper()
	set, _ := realIndex(t)
	ftsOnce.Do(func() { ftsDB, ftsErr = buildPeer(set) })
	if ftsErr != nil {
		t.Fatal(ftsErr)
	}
	return ftsDB
}

func buildPeer(set *terminology.Set) (*ftsPeer, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one in-memory database
	if _, err := db.Exec(`CREATE VIRTUAL TABLE codes USING fts5(code, title, system UNINDEXED, canon UNINDEXED, tokenize='porter unicode61')`); err != nil {
		return nil, err
	}
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	ins, err := tx.Prepare(`INSERT INTO codes(code, title, system, canon) VALUES(?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	p := &ftsPeer{db: db, stmt: map[app.System]*sql.Stmt{}}
	for _, sys := range app.Systems {
		year := ftsYear
		if sys == app.HCPCS {
			year = set.FiscalYears(sys)[len(set.FiscalYears(sys))-1]
		}
		for _, c := range set.Concepts(sys) {
			if !c.Valid.Has(year) {
				continue
			}
			code := c.Code
			if d := terminology.Display(sys, code); d != code {
				code += " " + d
			}
			if _, err := ins.Exec(code, c.TitleIn(year).Long, string(sys), c.Code); err != nil {
				return nil, err
			}
			p.rows++
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	for _, sys := range app.Systems {
		st, err := db.Prepare(`SELECT system, canon FROM codes WHERE codes MATCH ? AND system = '` + string(sys) + `' ORDER BY bm25(codes) LIMIT ?`)
		if err != nil {
			return nil, err
		}
		p.stmt[sys] = st
	}
	if p.all, err = db.Prepare(`SELECT system, canon FROM codes WHERE codes MATCH ? ORDER BY bm25(codes) LIMIT ?`); err != nil {
		return nil, err
	}
	return p, nil
}

// ftsQuery ORs the query's words, quoted; the last one is a prefix when
// the text does not end in a space, as Codebench treats it.
func ftsQuery(text string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		words = append(words, `"`+w+`"`)
	}
	if len(words) > 0 && !strings.HasSuffix(text, " ") {
		words[len(words)-1] += "*"
	}
	return strings.Join(words, " OR ")
}

type ftsHit struct {
	System app.System
	Code   string
}

func (p *ftsPeer) search(text string, sys app.System, limit int) ([]ftsHit, error) {
	q := ftsQuery(text)
	if q == "" {
		return nil, nil
	}
	st := p.all
	if sys != "" {
		st = p.stmt[sys]
	}
	rows, err := st.Query(q, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ftsHit
	for rows.Next() {
		var h ftsHit
		if err := rows.Scan(&h.System, &h.Code); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
