package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/workstation"
)

// termsSearchUsage is the help text of `codebench terms search`.
const termsSearchUsage = `codebench terms search [--system S] [--year YYYY | --date YYYY-MM-DD] [--billable] [--limit N] [--json] QUERY...

Finds codes by code (with or without the dot, any prefix: e119, E11.9,
0DTJ4, J1100), by title words in any order (unfinished last word and one
slip in a longer word allowed), and through the Alphabetic Index in the
coder's own words ("heart attack", "pink eye").

  --system S        icd10cm, icd10pcs or hcpcs (default: all)
  --year YYYY       fiscal year the codes must be valid in
  --date YYYY-MM-DD date of service: its fiscal year
  --billable        only billable codes (PCS: valid codes)
  --limit N         hits to show (default 20)
  --json            one JSON object per query

With - as the query it reads one query per line from standard input and
writes one JSON line per query:
  {"query": "...", "micros": N, "hits": [{"system": "...", "code": "E11.9",
   "billable": true, "title": "...", "years": [2016, ...], "why": "..."}]}
where micros is the search time inside the process.`

type searchHitJSON struct {
	System   app.System `json:"system"`
	Code     string     `json:"code"`
	Billable bool       `json:"billable"`
	Title    string     `json:"title"`
	Years    []int      `json:"years"`
	Why      string     `json:"why"`
}

type searchLineJSON struct {
	Query  string          `json:"query"`
	Micros int64           `json:"micros"`
	Hits   []searchHitJSON `json:"hits"`
}

// runTermsSearch is `codebench terms search`.
func runTermsSearch(env *Env, args []string) error {
	fs := newFlags("terms search")
	system := fs.String("system", "", "code system")
	year := fs.Int("year", 0, "fiscal year")
	date := fs.String("date", "", "date of service")
	billable := fs.Bool("billable", false, "billable codes only")
	limit := fs.Int("limit", search.DefaultLimit, "hits")
	asJSON := fs.Bool("json", false, "JSON output")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	q := search.Query{Billable: *billable, Limit: *limit, Year: *year}
	if *system != "" {
		s, err := app.ParseSystem(*system)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
		q.System = s
	}
	if *date != "" {
		if *year != 0 {
			return fmt.Errorf("%w: give --year or --date, not both", ErrUsage)
		}
		d, err := app.ParseDate(*date)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
		q.Year = search.YearOf(d)
	}
	if q.Year != 0 && (q.Year < terminology.FirstYear || q.Year >= terminology.FirstYear+64) {
		return fmt.Errorf("%w: fiscal year %d is outside %d-%d", ErrUsage, q.Year, terminology.FirstYear, terminology.FirstYear+63)
	}
	if *limit < 1 || *limit > search.MaxLimit {
		return fmt.Errorf("%w: --limit must be 1 to %d", ErrUsage, search.MaxLimit)
	}
	if len(words) == 0 {
		return fmt.Errorf("%w: give a query, or - to read queries from standard input", ErrUsage)
	}
	// The index is read in place, without loading the code sets, when the
	// ones in use have it stored (built into the binary, or an imported
	// release indexed before); else the code sets are loaded and a release
	// just imported is indexed once (kept in the data folder's cache), all
	// before the clock starts.
	var run func(search.Query) ([]workstation.Hit, error)
	if ix := newWorkstation(env).StoredIndex(); ix != nil {
		run = func(q search.Query) ([]workstation.Hit, error) { return workstation.SearchIndex(ix, q), nil }
	} else {
		cs, err := codeSets(env)
		if err != nil {
			return err
		}
		if _, err := cs.FinalIndex(); err != nil {
			return err
		}
		run = cs.Search
	}
	if len(words) == 1 && words[0] == "-" {
		sc := bufio.NewScanner(env.Stdin)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for sc.Scan() {
			q.Text = sc.Text()
			t0 := time.Now()
			hits, err := run(q)
			if err != nil {
				return err
			}
			micros := time.Since(t0).Microseconds()
			if err := enc.Encode(searchLineJSON{Query: q.Text, Micros: micros, Hits: hitsJSON(hits)}); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read queries from standard input: %w", err)
		}
		return nil
	}
	q.Text = strings.Join(words, " ")
	t0 := time.Now()
	hits, err := run(q)
	if err != nil {
		return err
	}
	micros := time.Since(t0).Microseconds()
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(searchLineJSON{Query: q.Text, Micros: micros, Hits: hitsJSON(hits)})
	}
	if len(hits) == 0 {
		fmt.Fprintf(env.Stdout, "no codes found for %q\n", q.Text)
		return nil
	}
	for _, h := range hitsJSON(hits) {
		mark := " "
		if h.Billable {
			mark = "*"
		}
		fmt.Fprintf(env.Stdout, "%-10s %-8s %s %s\n           %s\n", h.System.Label(), h.Code, mark, h.Title, h.Why)
	}
	fmt.Fprintf(env.Stdout, "%d hits in %d µs (* billable)\n", len(hits), micros)
	return nil
}

// hitsJSON is the JSON of search hits.
func hitsJSON(hits []workstation.Hit) []searchHitJSON {
	out := make([]searchHitJSON, 0, len(hits))
	for _, h := range hits {
		out = append(out, searchHitJSON{System: h.System, Code: terminology.Display(h.System, h.Code),
			Billable: h.Billable, Title: h.Title, Years: h.Years, Why: h.Why})
	}
	return out
}
