package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/suggest"
)

const suggestUsage = `codebench suggest [--date YYYY-MM-DD] [--setting S] [--json] FILE...
codebench suggest [--date YYYY-MM-DD] [--setting S] [--json] ID

Reads notes (text, .docx, images, TIFF, PDF; scans through OCR, as note add
does) or the notes of record ID, and suggests the codes they support, each
with the words of the note behind it. A coder confirms every code: negated,
past and (outside inpatient care) uncertain findings are listed with their
assertion and are not proposed; so are symptoms integral to a proposed
diagnosis (assertion "integral", §I.B.5) and an unspecified code beside a
more specific one of its category. After the proposed codes come the less
certain candidates (marked "?"; "less_certain": true in JSON): codes the
engine found for the same words but ranked lower, or for words it could
explain only in part. Outside inpatient care a drug the note says was
given at the visit is suggested as its HCPCS J code, its units of service
in the reason and in JSON ("units").

  --date YYYY-MM-DD  date of service; codes must be valid in its fiscal year
                     (default: today, or the record's coding date)
  --setting S        office, outpatient, ed or inpatient (default: office, or
                     the record's setting); inpatient also suggests ICD-10-PCS,
                     the others the HCPCS codes of drugs given
  --json             one JSON line per file:
                     {"file", "micros", "suggestions": [{"system", "code",
                      "title", "score", "assertion", "reason",
                      "evidence": [{"page", "start", "end", "text"}],
                      "less_certain" (only when true), "units" (a HCPCS
                      drug code's units of service, when counted)}]}
                     best first; start and end are byte offsets in the page's text`

func init() {
	register(Command{Name: "suggest", Summary: "suggest the codes a note supports, with the evidence", Usage: suggestUsage, Run: runSuggest})
}

// suggestLine is one file's JSON line.
type suggestLine struct {
	File        string               `json:"file"`
	Micros      int64                `json:"micros"`
	Suggestions []suggest.Suggestion `json:"suggestions"`
}

func runSuggest(env *Env, args []string) error {
	fl := newFlags("suggest")
	date := fl.String("date", "", "date of service")
	setting := fl.String("setting", "", "setting")
	asJSON := fl.Bool("json", false, "JSON output")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("%w: give note files or a record id", ErrUsage)
	}
	var when time.Time
	if *date != "" {
		if when, err = app.ParseDate(*date); err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
	}
	var typ app.EncounterType
	if *setting != "" {
		typ = app.EncounterType(strings.ToLower(*setting))
		if !slices.Contains(app.EncounterTypes, typ) {
			return fmt.Errorf("%w: --setting must be office, outpatient, ed or inpatient", ErrUsage)
		}
	}
	type input struct {
		name  string
		pages []app.Page
	}
	var inputs []input
	var rec *app.Record // the record, for a record id
	if len(pos) == 1 && !fileExists(pos[0]) {
		// A record id: its notes, with its setting and coding date.
		s, r, err := openRecord(env, pos[0])
		if err != nil {
			return err
		}
		defer s.Close()
		rec = r
		if typ == "" {
			typ = r.Encounter.Type
		}
		if when.IsZero() {
			when = r.Encounter.CodingDate()
		}
		for _, id := range r.NoteIDs {
			// Suggestions quote the note's words: a read of its text.
			n, err := s.ReadNote(id, 0)
			if err != nil {
				return err
			}
			name := n.FileName
			if name == "" {
				name = n.ID
			}
			inputs = append(inputs, input{name, n.Pages})
		}
		if len(inputs) == 0 {
			return fmt.Errorf("record %s has no notes: add one with codebench note add %s FILE", r.ID, r.ID)
		}
	} else {
		for _, path := range pos {
			pages, _, _, err := loadNoteFile(context.Background(), env, path)
			if err != nil {
				return err
			}
			inputs = append(inputs, input{filepath.Base(path), pages})
		}
	}
	if typ == "" {
		typ = app.Office
	}
	if when.IsZero() {
		when = time.Now()
	}
	cs, err := codeSets(env)
	if err != nil {
		return err
	}
	ix, err := cs.FinalIndex()
	if err != nil {
		return err
	}
	eng := suggest.New(cs.Set, ix)
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	for _, in := range inputs {
		texts := make([]string, len(in.pages))
		for i, p := range in.pages {
			texts[i] = p.Text
		}
		t0 := time.Now()
		got := eng.Suggest(suggest.Request{Pages: texts, Setting: typ, Date: when})
		micros := time.Since(t0).Microseconds()
		if got == nil {
			got = []suggest.Suggestion{}
		}
		if rec != nil {
			markDismissed(rec, got)
		}
		if *asJSON {
			if err := enc.Encode(suggestLine{File: in.name, Micros: micros, Suggestions: got}); err != nil {
				return err
			}
			continue
		}
		printSuggestions(env.Stdout, in.name, got)
	}
	return nil
}

// markDismissed lists the codes the coder dismissed for the record (in
// the window) as not proposed, saying so, as the window hides them.
func markDismissed(r *app.Record, got []suggest.Suggestion) {
	for i := range got {
		if got[i].Proposed && r.IsDismissed(got[i].System, codeset.Canonical(got[i].Code)) {
			got[i].Proposed = false
			got[i].Reason = "dismissed by the coder for this record; " + got[i].Reason
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// printSuggestions writes one file's suggestions as a table: proposed
// codes first (+), then the less certain candidates (?), then what was
// found but not proposed, and why.
func printSuggestions(w io.Writer, name string, got []suggest.Suggestion) {
	fmt.Fprintf(w, "%s: %d proposed\n", name, countProposed(got))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range got {
		mark := " "
		switch {
		case s.Proposed:
			mark = "+"
		case s.LessCertain:
			mark = "?"
		}
		words := ""
		if len(s.Evidence) > 0 {
			e := s.Evidence[0]
			words = fmt.Sprintf("p%d %q", e.Page, e.Text)
		}
		title := s.Title
		if r := []rune(title); len(r) > 60 {
			title = string(r[:59]) + "…"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%.2f\t%s\t%s\t%s\n", mark, s.Code, s.Assertion, s.Score, title, words, s.Reason)
	}
	tw.Flush()
}

func countProposed(got []suggest.Suggestion) int {
	n := 0
	for _, s := range got {
		if s.Proposed {
			n++
		}
	}
	return n
}
