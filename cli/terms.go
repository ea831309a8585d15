package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/intake"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/app/terminology/search"
	"github.com/codebench/codebench/internal/atomicfile"
	"github.com/codebench/codebench/workstation"
)

const termsUsage = `codebench terms VERB [ARGS...]

Code sets: ICD-10-CM and ICD-10-PCS (FY2016 on), HCPCS Level II, with the
Tabular List notes, the Alphabetic Index, Drug and Neoplasm tables, POA
exemptions and the conversion table.

  terms build --from DIR [--from DIR...] --out FILE [--any-years]
        import the official CMS/CDC release files (zips as downloaded, or
        their files, in any folders) and write a code-set pack; the
        current fiscal year's ICD-10-CM and ICD-10-PCS order files are
        required (--any-years: not), other missing years are named
  terms build-index --pack FILE --out FILE
        build the search index of a pack, to embed beside it (make
        terminology runs it; a release imported later builds its own)
  terms import [--force] PATH...
        import a release (e.g. next year's order file) into the data
        folder's pack, on top of the code sets in use; signs in (like the
        record commands: the folder is locked and the import audited),
        prints each year's code count before and after, and refuses an
        import that removes more than 50 codes (or 0.5%) from a year
        unless --force
  terms stats [--json]
        count the codes of each system and fiscal year, and name the
        years and parts of the official releases the code sets lack
  terms show [--system S] [--year YYYY] [--json] CODE
        a code's titles, hierarchy, notes, 7th characters, index entries
  terms search [flags] QUERY...
        find codes in the coder's words (flags below)
  terms fetch --out DIR [--mirror URL]
        download the official release files and check their pinned SHA-256;
        a file that cannot be downloaded (after retries) or differs is
        skipped and named, never used; only the current fiscal year's
        order files are required

The code sets in use are the data folder's pack when a release was
imported, else the ones built into this binary; $CODEBENCH_CODESETS
names release files or folders (separated like PATH) to import instead.`

// termsVerbs are the sub-verbs of `codebench terms`; other files add
// theirs in init (terms_search.go adds "search").
var termsVerbs = map[string]func(*Env, []string) error{
	"build":       runTermsBuild,
	"build-index": runTermsBuildIndex,
	"import":      runTermsImport,
	"stats":       runTermsStats,
	"show":        runTermsShow,
	"fetch":       runTermsFetch,
}

func init() {
	termsVerbs["search"] = runTermsSearch
	register(Command{
		Name:    "terms",
		Summary: "code sets: build, import, stats, show, search, fetch",
		Usage:   termsUsage + "\n\n" + termsSearchUsage,
		Run:     runTerms,
	})
}

func runTerms(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: name a verb", ErrUsage)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		return flag.ErrHelp
	}
	run, ok := termsVerbs[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown verb %q", ErrUsage, args[0])
	}
	return run(env, args[1:])
}

// progressTo prints import progress on one line of w.
func progressTo(env *Env) func(done, total int, what string) {
	return func(done, total int, what string) {
		fmt.Fprintf(env.Stderr, "[%d/%d] %s\n", done, total, what)
	}
}

// interruptible cancels the context on Ctrl-C.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runTermsBuild(env *Env, args []string) error {
	fs := newFlags("terms build")
	var from multiFlag
	fs.Var(&from, "from", "folder or file of official release files (repeatable)")
	out := fs.String("out", "", "pack file to write")
	anyYears := fs.Bool("any-years", false, "do not require the current fiscal year (made-up or partial releases)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	from = append(from, rest...)
	if len(from) == 0 || *out == "" {
		return fmt.Errorf("%w: give --from DIR and --out FILE", ErrUsage)
	}
	ctx, stop := interruptible()
	defer stop()
	// A build touches no data folder: the PDF engine keeps its compiled
	// code in the user's cache folder.
	pdf := intake.NewReader(buildCacheDir())
	defer pdf.Close()
	s, err := terminology.Import(ctx, from, progressTo(env), terminology.WithPDFReader(pdf))
	if err != nil {
		return err
	}
	if !*anyYears {
		// A pack without the current year cannot code today's encounters;
		// any older year may be missing (a file moved at the publisher).
		if err := s.RequireYear(terminology.CurrentFiscalYear(terminology.Releases)); err != nil {
			return fmt.Errorf("build from %s: %w", strings.Join(from, ", "), err)
		}
	}
	if err := s.WritePackFile(*out); err != nil {
		return err
	}
	fi, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %s (%.1f MB): %s\n", *out, float64(fi.Size())/1e6, workstation.Describe(s))
	if note := workstation.MissingNote(s); note != "" {
		fmt.Fprintf(env.Stderr, "%s\n", note)
	}
	return nil
}

// runTermsBuildIndex is `codebench terms build-index`: the search index of
// a pack, named after it (terminology.PackKey), written atomically.
func runTermsBuildIndex(env *Env, args []string) error {
	fs := newFlags("terms build-index")
	packPath := fs.String("pack", "", "pack file to index")
	out := fs.String("out", "", "index file to write")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *packPath == "" || *out == "" {
		return fmt.Errorf("%w: give --pack FILE and --out FILE", ErrUsage)
	}
	pack, err := os.ReadFile(*packPath)
	if err != nil {
		return err
	}
	key, err := terminology.PackKey(pack)
	if err != nil {
		return fmt.Errorf("%s: %w", *packPath, err)
	}
	set, err := terminology.LoadPack(pack)
	if err != nil {
		return fmt.Errorf("%s: %w", *packPath, err)
	}
	ix := search.New(set)
	b, err := ix.Marshal(key)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s (%.1f MB): %v\n", *out, float64(len(b))/1e6, ix)
	return nil
}

func runTermsImport(env *Env, args []string) error {
	fs := newFlags("terms import")
	force := fs.Bool("force", false, "import even when a fiscal year would lose more than 50 codes (or 0.5%)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("%w: name the release files or folders", ErrUsage)
	}
	// The import signs in like the record commands: the open session
	// holds the data folder's lock (no other Codebench opens the folder or
	// imports meanwhile) and the import goes to the audit trail.
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := interruptible()
	defer stop()
	res, err := s.ImportRelease(ctx, paths, *force, progressTo(env))
	if res != nil {
		// Before and after, also (above all) for a refused import.
		for _, c := range res.Counts {
			fmt.Fprintf(env.Stdout, "%s\n", c)
		}
	}
	if err != nil {
		return err
	}
	// Index the merged code sets now, so the next search reads the index
	// in place instead of building it.
	cs, err := s.Workstation().CodeSets(ctx, nil)
	if err != nil {
		return err
	}
	cs.OnIndexProgress(func(f float64, what string) {
		if f == 0 || f == 1 {
			fmt.Fprintf(env.Stderr, "%s %.0f%%\n", what, 100*f)
		}
	})
	if _, err := cs.FinalIndex(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %s into %s\n", workstation.Describe(res.Imported), terminology.DataPackPath(env.DataDir))
	return nil
}

func runTermsStats(env *Env, args []string) error {
	fs := newFlags("terms stats")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	cs, err := codeSets(env)
	if err != nil {
		return err
	}
	stats := cs.Set.Stats()
	if stats == nil {
		stats = []terminology.Stat{}
	}
	if *asJSON {
		b, err := json.Marshal(stats)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(env.Stdout, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tyear\ttotal\tbillable\t")
	for _, st := range stats {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", st.System.Label(), st.Year, st.Total, st.Billable)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := printGuidelineEditions(env, cs.Set.GuidelineEditions()); err != nil {
		return err
	}
	if note := cs.Missing(); note != "" {
		_, err = fmt.Fprintf(env.Stdout, "%s\n", note)
	}
	return err
}

func runTermsFetch(env *Env, args []string) error {
	fs := newFlags("terms fetch")
	out := fs.String("out", "", "folder to download into")
	mirror := fs.String("mirror", "", "base URL of a copy laid out like the folder")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: give --out DIR", ErrUsage)
	}
	ctx, stop := interruptible()
	defer stop()
	rep, err := terminology.Fetch(ctx, *out, terminology.Releases, terminology.FetchOptions{Client: fetchClient, Mirror: *mirror, Progress: progressTo(env)})
	skipped := rep.Skipped()
	for _, x := range skipped {
		fmt.Fprintf(env.Stderr, "skipped %s: %v\n", x.Release.Path, x.Err)
		if x.SetAside != "" {
			fmt.Fprintf(env.Stderr, "  the file that was there is not the pinned one: moved to %s, not used\n", x.SetAside)
		}
	}
	if errors.Is(err, terminology.ErrCurrentYearMissing) || err == nil {
		fmt.Fprintf(env.Stderr, "%d of %d release files in %s, SHA-256 checked", rep.Verified(), len(rep.Results), *out)
		if len(skipped) > 0 {
			fmt.Fprintf(env.Stderr, "; %d skipped (above), never used unverified", len(skipped))
		}
		fmt.Fprintln(env.Stderr)
		if m := rep.MissingYears(); len(m) > 0 {
			var parts []string
			for _, sys := range app.Systems {
				if ys := m[sys]; len(ys) > 0 {
					parts = append(parts, sys.Label()+" "+codeset.YearsOf(ys).Runs())
				}
			}
			fmt.Fprintf(env.Stderr, "missing fiscal years: %s; the build goes on without them: import them later with codebench terms import FILE, or run this fetch again\n", strings.Join(parts, "; "))
		}
	}
	return err
}

// fetchClient downloads the releases; tests point it at a local server.
var fetchClient = http.DefaultClient

// ---- terms show

type yearsTitleJSON struct {
	Years []int  `json:"years"`
	Short string `json:"short"`
	Long  string `json:"long"`
}

type codeTitleJSON struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

type blockJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type seventhJSON struct {
	From  string                 `json:"from"`
	Year  int                    `json:"year"`
	Chars []terminology.SevenChr `json:"chars"`
}

type showJSON struct {
	System        app.System               `json:"system"`
	Code          string                   `json:"code"`
	Year          int                      `json:"year"`
	ValidInYear   bool                     `json:"validInYear"`
	Billable      bool                     `json:"billable"`
	Title         string                   `json:"title"`
	Short         string                   `json:"short"`
	Titles        []yearsTitleJSON         `json:"titles"`
	Valid         []int                    `json:"valid"`
	BillableYears []int                    `json:"billableYears"`
	Path          []codeTitleJSON          `json:"path"`
	Children      []codeTitleJSON          `json:"children,omitempty"`
	Chapter       *blockJSON               `json:"chapter,omitempty"`
	Section       *blockJSON               `json:"section,omitempty"`
	Notes         []terminology.Note       `json:"notes,omitempty"`
	Seventh       *seventhJSON             `json:"seventh,omitempty"`
	Index         []terminology.IndexRef   `json:"index,omitempty"`
	POAExempt     *bool                    `json:"poaExempt,omitempty"`
	POAYear       int                      `json:"poaYear,omitempty"`
	Conversions   []terminology.Conversion `json:"conversions,omitempty"`
	Modifier      bool                     `json:"modifier,omitempty"`
	Added         string                   `json:"added,omitempty"`
	Effective     string                   `json:"effective,omitempty"`
	Termination   string                   `json:"termination,omitempty"`
	Source        string                   `json:"source"`
}

func runTermsShow(env *Env, args []string) error {
	fs := newFlags("terms show")
	year := fs.Int("year", 0, "fiscal year (default: the latest the code is valid in)")
	system := fs.String("system", "", "icd10cm, icd10pcs or hcpcs")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: name one code", ErrUsage)
	}
	var sys app.System
	if *system != "" {
		if sys, err = app.ParseSystem(*system); err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
	}
	cs, err := codeSets(env)
	if err != nil {
		return err
	}
	c, err := cs.Find(pos[0], sys)
	switch {
	case errors.Is(err, workstation.ErrAmbiguous):
		return fmt.Errorf("%w: %v: add --system", ErrUsage, err)
	case errors.Is(err, app.ErrNotFound) && sys == "":
		return fmt.Errorf("%w (try codebench terms search)", err)
	case err != nil:
		return err
	}
	d, err := cs.Detail(c.System, c.Code, *year)
	if err != nil {
		return err
	}
	v := showOf(d)
	v.Source = cs.Source
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	printShow(env, v)
	return nil
}

// showOf is the JSON of `terms show` for a code's detail.
func showOf(d workstation.Detail) showJSON {
	c := d.Concept
	v := showJSON{
		System: c.System, Code: terminology.Display(c.System, c.Code), Year: d.Year,
		ValidInYear: d.Valid, Billable: d.Billable,
		Title: d.Title, Short: d.Short, Valid: c.Valid.List(), BillableYears: c.Billable.List(),
		Modifier: c.Modifier, Added: c.Added, Effective: c.Effective, Termination: c.Termination,
		Notes: d.Notes, Index: d.Index, POAExempt: d.POAExempt, POAYear: d.POAYear, Conversions: d.Conversions,
	}
	if v.BillableYears == nil {
		v.BillableYears = []int{}
	}
	for _, tt := range c.Titles {
		v.Titles = append(v.Titles, yearsTitleJSON{Years: tt.Years.List(), Short: tt.Short, Long: tt.Long})
	}
	v.Path = []codeTitleJSON{}
	for _, a := range d.Ancestors {
		v.Path = append(v.Path, codeTitleJSON(a))
	}
	for _, k := range d.Children {
		v.Children = append(v.Children, codeTitleJSON(k))
	}
	if d.Chapter != nil {
		v.Chapter = &blockJSON{d.Chapter.Code, d.Chapter.Title}
	}
	if d.Section != nil {
		v.Section = &blockJSON{d.Section.Code, d.Section.Title}
	}
	if len(d.Seventh) > 0 {
		v.Seventh = &seventhJSON{From: d.SeventhFrom, Year: d.SeventhYear, Chars: d.Seventh}
	}
	return v
}

func printShow(env *Env, v showJSON) {
	w := env.Stdout
	fmt.Fprintf(w, "%s %s  %s\n", v.System.Label(), v.Code, v.Title)
	status := "header (not billable)"
	switch {
	case !v.ValidInYear:
		status = "not valid"
	case v.Billable && v.System == app.ICD10PCS:
		status = "valid"
	case v.Billable:
		status = "billable"
	case v.Modifier:
		status = "modifier"
	}
	fmt.Fprintf(w, "  FY%d: %s; valid in %s\n", v.Year, status, codeset.YearsOf(v.Valid).Runs())
	if v.Short != "" && v.Short != v.Title {
		fmt.Fprintf(w, "  short title: %s\n", v.Short)
	}
	if len(v.Titles) > 1 {
		fmt.Fprintln(w, "  title history:")
		for _, t := range v.Titles {
			fmt.Fprintf(w, "    %s: %s\n", codeset.YearsOf(t.Years).Runs(), t.Long)
		}
	}
	if v.Modifier || v.Effective != "" || v.Termination != "" {
		fmt.Fprintf(w, "  added %s, effective %s", orDash(v.Added), orDash(v.Effective))
		if v.Termination != "" {
			fmt.Fprintf(w, ", terminated %s", v.Termination)
		}
		fmt.Fprintln(w)
	}
	if v.Chapter != nil {
		fmt.Fprintf(w, "  chapter %s: %s\n", v.Chapter.ID, v.Chapter.Title)
	}
	if v.Section != nil {
		fmt.Fprintf(w, "  section %s: %s\n", v.Section.ID, v.Section.Title)
	}
	for i, p := range v.Path {
		fmt.Fprintf(w, "  %s%s %s\n", strings.Repeat("  ", i), p.Code, p.Title)
	}
	if len(v.Children) > 0 {
		fmt.Fprintf(w, "  %d codes below, e.g. %s %s\n", len(v.Children), v.Children[0].Code, v.Children[0].Title)
	}
	if len(v.Notes) > 0 {
		fmt.Fprintf(w, "  notes (from the FY%d Tabular List, the latest published as XML):\n", v.Notes[0].Year)
		for _, n := range v.Notes {
			from := ""
			if n.From != "" {
				from = " (at " + n.From + ")"
			}
			fmt.Fprintf(w, "    %s%s [FY%d]:\n", n.Kind.Label(), from, n.Year)
			for _, t := range n.Texts {
				fmt.Fprintf(w, "      - %s\n", t)
			}
		}
	}
	if v.Seventh != nil {
		fmt.Fprintf(w, "  7th characters (defined at %s, FY%d):\n", v.Seventh.From, v.Seventh.Year)
		for _, x := range v.Seventh.Chars {
			fmt.Fprintf(w, "    %s  %s\n", x.Char, x.Title)
		}
	}
	if len(v.Index) > 0 {
		fmt.Fprintln(w, "  index entries:")
		for _, r := range v.Index {
			extra := ""
			if r.Column != "" {
				extra = " [" + r.Column + "]"
			}
			if r.Code != "" {
				extra += " → " + r.Code
			}
			fmt.Fprintf(w, "    %s: %s%s (FY%d)\n", workstation.IndexName(r.Kind), strings.Join(r.Path, ", "), extra, r.Year)
		}
	}
	if v.POAExempt != nil {
		word := "not exempt"
		if *v.POAExempt {
			word = "exempt"
		}
		fmt.Fprintf(w, "  POA reporting: %s (FY%d list)\n", word, v.POAYear)
	}
	for _, c := range v.Conversions {
		fmt.Fprintf(w, "  conversion table FY%d: %s since %s, previously %s\n", c.Year, terminology.Display(app.ICD10CM, c.Current), c.Since, c.Text)
	}
	fmt.Fprintf(w, "  source: %s\n", v.Source)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
