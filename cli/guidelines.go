package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/workstation"
)

const guidelinesUsage = `codebench guidelines SECTION [--year YYYY] [--date YYYY-MM-DD] [--json]
codebench guidelines search [--year YYYY] [--json] WORDS...
codebench guidelines contents [--year YYYY]

The ICD-10-CM Official Guidelines for Coding and Reporting, as built into
the code sets (FY2024 on).

  SECTION   a section as the guidelines and the edits cite it: I.A.15,
            I.C.4.a.3, II.H, "Section IV.H", §I.B.12, "Appendix I"; it is
            printed with its subsections
  search    lists the sections whose heading or text holds every word
  contents  lists every section of the edition

  --year YYYY        fiscal year (default: today's, when it is loaded); its
                     newest edition is used
  --date YYYY-MM-DD  the edition in effect on a date of service instead
                     (the April edition from April 1)
  --json             machine-readable output

A section that is not in the year's edition is an error (exit 1): the text
of another year is never shown in its place.`

func init() {
	register(Command{
		Name:    "guidelines",
		Summary: "read the ICD-10-CM Official Guidelines: a section, a search, the contents",
		Usage:   guidelinesUsage,
		Run:     runGuidelines,
	})
}

// buildCacheDir is where `terms build` keeps the PDF engine's compiled
// code: the user's cache folder; "" (no cache) when there is none.
func buildCacheDir() string {
	c, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(c, "codebench", "pdfium")
}

func runGuidelines(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: name a section, or search WORDS", ErrUsage)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		return flag.ErrHelp
	}
	verb := ""
	if args[0] == "search" || args[0] == "contents" {
		verb, args = args[0], args[1:]
	}
	fs := newFlags("guidelines")
	year := fs.Int("year", 0, "fiscal year")
	date := fs.String("date", "", "date of service")
	asJSON := fs.Bool("json", false, "JSON output")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case verb == "search" && len(rest) == 0:
		return fmt.Errorf("%w: give the words to search for", ErrUsage)
	case verb == "" && len(rest) == 0:
		return fmt.Errorf("%w: name a section, e.g. I.C.4.a.3", ErrUsage)
	case verb == "":
		if _, err := terminology.NormalizeGuidelineNumber(strings.Join(rest, " ")); err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
	}
	cs, err := codeSets(env)
	if err != nil {
		return err
	}
	ed, err := pickEdition(cs.Set, *year, *date)
	if err != nil {
		return err
	}
	switch verb {
	case "search":
		return printGuidelineHits(env, ed, ed.Search(strings.Join(rest, " ")), *asJSON)
	case "contents":
		return printContents(env, ed, *asJSON)
	}
	sec, err := ed.LookupGuideline(strings.Join(rest, " "))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, struct {
			Edition string                          `json:"edition"`
			Year    int                             `json:"year"`
			Section *terminology.GuidelineSection   `json:"section"`
			Sub     []*terminology.GuidelineSection `json:"subsections,omitempty"`
		}{ed.Label(), ed.Year, sec, ed.Subsections(sec.Number)})
	}
	fmt.Fprintf(env.Stdout, "ICD-10-CM Official Guidelines, %s (page %d)\n\n%s %s\n\n%s\n", ed.Label(), sec.Page, sec.Number, sec.Heading, ed.FullText(sec))
	return nil
}

// pickEdition chooses the edition for --date, else --year, else today.
func pickEdition(set *terminology.Set, year int, date string) (*terminology.GuidelineEdition, error) {
	switch {
	case date != "":
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return nil, fmt.Errorf("%w: --date %q is not YYYY-MM-DD", ErrUsage, date)
		}
		return set.GuidelinesOn(d)
	case year != 0:
		return set.GuidelinesFor(year)
	}
	return set.GuidelinesOn(time.Now())
}

func printGuidelineHits(env *Env, ed *terminology.GuidelineEdition, hits []terminology.GuidelineHit, asJSON bool) error {
	if asJSON {
		if hits == nil {
			hits = []terminology.GuidelineHit{}
		}
		return writeJSON(env.Stdout, struct {
			Edition string                     `json:"edition"`
			Hits    []terminology.GuidelineHit `json:"hits"`
		}{ed.Label(), hits})
	}
	fmt.Fprintf(env.Stdout, "ICD-10-CM Official Guidelines, %s: %s\n", ed.Label(), plural(len(hits), "section"))
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, h := range hits {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", h.Number, h.Heading, h.Snippet)
	}
	return tw.Flush()
}

func printContents(env *Env, ed *terminology.GuidelineEdition, asJSON bool) error {
	if asJSON {
		type entry struct {
			Number  string `json:"number"`
			Heading string `json:"heading"`
			Page    int    `json:"page"`
		}
		var out []entry
		for _, s := range ed.Sections {
			out = append(out, entry{s.Number, s.Heading, s.Page})
		}
		return writeJSON(env.Stdout, struct {
			Edition  string  `json:"edition"`
			Sections []entry `json:"sections"`
		}{ed.Label(), out})
	}
	fmt.Fprintf(env.Stdout, "ICD-10-CM Official Guidelines, %s: %s\n", ed.Label(), plural(len(ed.Sections), "section"))
	for _, s := range ed.Sections {
		fmt.Fprintf(env.Stdout, "%s%s %s  (p. %s)\n", strings.Repeat("  ", s.Level-1), s.Number, s.Heading, strconv.Itoa(s.Page))
	}
	return nil
}

// printGuidelineEditions lists the editions under `terms stats`.
func printGuidelineEditions(env *Env, eds []*terminology.GuidelineEdition) error {
	if len(eds) == 0 {
		return nil
	}
	fmt.Fprintf(env.Stdout, "\n%s:\n", workstation.GuidelinesSummary(eds))
	for _, e := range eds {
		if _, err := fmt.Fprintf(env.Stdout, "  %s: %s, %d pages\n", e.Label(), plural(len(e.Sections), "section"), e.Pages); err != nil {
			return err
		}
	}
	return nil
}
