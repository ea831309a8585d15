package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
)

const recordUsage = `codebench record new --mrn M --name N --dob YYYY-MM-DD --sex F|M|U
                      --type office|outpatient|ed|inpatient --date YYYY-MM-DD
                      [--discharge YYYY-MM-DD] [--account A] [--provider P] [--facility F] [--json]
codebench record list [--status S] [--query TEXT] [--limit N] [--oldest] [--json]
codebench record show ID [--json]
codebench record status ID STATUS [--reason R]

new     creates a record "to code" and prints its id alone on a line
        (--json prints the record). One of --name, --mrn or --account may
        be "-" to read it from standard input, which keeps it out of the
        process list (ps) and the shell history.
list    prints the worklist, newest date of service first, with the count
        per status. --query matches the start of the MRN, the account or
        any word of the patient's name, or a record id.
show    prints the patient, encounter, notes with their text, the codes in
        sequence, the status and its history.
status  moves the record to STATUS: to-code, in-progress, on-hold (--reason
        is the query to the provider), coded, final (runs the coding edits
        first) or back to in-progress from final (--reason says why).

The data folder is unlocked with $CODEBENCH_PASSPHRASE (else asked on the
terminal) for $CODEBENCH_USER (else the first user). On an empty folder the
first command creates the database and its first user.`

func init() {
	register(Command{Name: "record", Summary: "create, list, show records and change their status", Usage: recordUsage, Run: runRecord})
}

func runRecord(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: say new, list, show or status", ErrUsage)
	}
	switch args[0] {
	case "new":
		return recordNew(env, args[1:])
	case "list":
		return recordList(env, args[1:])
	case "show":
		return recordShow(env, args[1:])
	case "status":
		return recordStatus(env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, recordUsage)
		return nil
	}
	return fmt.Errorf("%w: unknown record command %q", ErrUsage, args[0])
}

func recordNew(env *Env, args []string) error {
	fs := newFlags("record new")
	mrn := fs.String("mrn", "", "medical record number")
	name := fs.String("name", "", "patient name, e.g. \"Doe, Jane\"")
	dob := fs.String("dob", "", "date of birth YYYY-MM-DD")
	sex := fs.String("sex", "", "F, M or U")
	typ := fs.String("type", "", "office, outpatient, ed or inpatient")
	service := fs.String("date", "", "date of service (admission for inpatient) YYYY-MM-DD")
	discharge := fs.String("discharge", "", "discharge date YYYY-MM-DD (inpatient)")
	account := fs.String("account", "", "account number")
	provider := fs.String("provider", "", "provider")
	facility := fs.String("facility", "", "facility")
	asJSON := fs.Bool("json", false, "print the record as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: unexpected %q", ErrUsage, pos[0])
	}
	if err := readStdinFlag(env, map[string]*string{"--mrn": mrn, "--name": name, "--account": account}); err != nil {
		return err
	}
	p := app.Patient{MRN: *mrn, Name: *name, Sex: app.Sex(strings.ToUpper(*sex))}
	e := app.Encounter{Type: app.EncounterType(strings.ToLower(*typ)), Account: *account, Provider: *provider, Facility: *facility}
	for _, d := range []struct {
		flag, v string
		set     func(*app.Patient, *app.Encounter, string) error
	}{
		{"--dob", *dob, func(p *app.Patient, _ *app.Encounter, v string) error {
			t, err := app.ParseDate(v)
			p.DOB = t
			return err
		}},
		{"--date", *service, func(_ *app.Patient, e *app.Encounter, v string) error {
			t, err := app.ParseDate(v)
			e.Service = t
			return err
		}},
		{"--discharge", *discharge, func(_ *app.Patient, e *app.Encounter, v string) error {
			t, err := app.ParseDate(v)
			e.Discharge = t
			return err
		}},
	} {
		if d.v == "" {
			continue
		}
		if err := d.set(&p, &e, d.v); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrUsage, d.flag, err)
		}
	}
	if *discharge != "" && e.Type != app.Inpatient {
		return fmt.Errorf("%w: --discharge is for --type inpatient", ErrUsage)
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Coding.CreateRecord(p, e)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, r)
	}
	fmt.Fprintln(env.Stdout, r.ID)
	return nil
}

func recordList(env *Env, args []string) error {
	fs := newFlags("record list")
	status := fs.String("status", "", "to-code, in-progress, on-hold, coded or final")
	query := fs.String("query", "", "MRN, account or name words")
	limit := fs.Int("limit", 0, "at most N records")
	oldest := fs.Bool("oldest", false, "oldest date of service first")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: unexpected %q", ErrUsage, pos[0])
	}
	f := app.ListFilter{Query: *query, Limit: *limit, Oldest: *oldest}
	if *status != "" {
		st, err := app.ParseStatus(*status)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
		f.Status = st
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	wl, err := s.SearchRecords(f)
	if err != nil {
		return err
	}
	if *asJSON {
		if wl.Records == nil {
			wl.Records = []app.RecordSummary{}
		}
		return writeJSON(env.Stdout, wl)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tSERVICE\tTYPE\tMRN\tPATIENT\tACCOUNT\tCODES")
	for _, r := range wl.Records {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", r.ID, r.Status, app.FormatDate(r.Service), r.Type, r.MRN, r.Name, r.Account, r.Codes)
	}
	tw.Flush()
	var counts []string
	for _, st := range app.Statuses {
		counts = append(counts, fmt.Sprintf("%s %d", st.Label(), wl.Counts[st]))
	}
	fmt.Fprintf(env.Stdout, "%d of %d shown; %s\n", len(wl.Records), wl.Total, strings.Join(counts, ", "))
	return nil
}

// recordView is `record show --json`: the record with its notes.
type recordView struct {
	*app.Record
	NoteList []*app.Note `json:"noteList"`
}

func recordShow(env *Env, args []string) error {
	fs := newFlags("record show")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: give one record id", ErrUsage)
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.ViewRecord(pos[0])
	if err != nil {
		return err
	}
	v := recordView{Record: r, NoteList: []*app.Note{}}
	for _, id := range r.NoteIDs {
		n, err := s.ReadNote(id, 0)
		if err != nil {
			return err
		}
		v.NoteList = append(v.NoteList, n)
	}
	if *asJSON {
		return writeJSON(env.Stdout, v)
	}
	printRecord(env.Stdout, v)
	return nil
}

func printRecord(w io.Writer, v recordView) {
	r := v.Record
	fmt.Fprintf(w, "Record %s — %s (FY%d)\n", r.ID, r.Status.Label(), r.Year())
	if r.Query != "" {
		fmt.Fprintf(w, "Query to provider: %s\n", r.Query)
	}
	p, e := r.Patient, r.Encounter
	fmt.Fprintf(w, "Patient:   %s  MRN %s  DOB %s  Sex %s\n", p.Name, p.MRN, app.FormatDate(p.DOB), p.Sex)
	fmt.Fprintf(w, "Encounter: %s  service %s", e.Type.Label(), app.FormatDate(e.Service))
	if !e.Discharge.IsZero() {
		fmt.Fprintf(w, "  discharge %s", app.FormatDate(e.Discharge))
	}
	for _, kv := range [][2]string{{"account", e.Account}, {"provider", e.Provider}, {"facility", e.Facility}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "  %s %s", kv[0], kv[1])
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\nCodes (%d):\n", len(r.Assignments))
	for i, a := range r.Assignments {
		fmt.Fprintf(w, "%3d. %-10s %-9s %-9s", i+1, codeset.DisplayAssigned(a), a.System.Label(), a.Role)
		if a.POA != "" {
			fmt.Fprintf(w, " POA %s", a.POA)
		}
		if !a.ProcedureDate.IsZero() {
			fmt.Fprintf(w, " on %s", app.FormatDate(a.ProcedureDate))
		}
		fmt.Fprint(w, codeset.UnitsLabel(a))
		fmt.Fprintf(w, " FY%d  %s\n", a.Year, a.Title)
		if a.Comment != "" {
			fmt.Fprintf(w, "      comment: %s\n", a.Comment)
		}
		if a.Evidence != nil {
			fmt.Fprintf(w, "      evidence: note %s page %d: %q\n", a.Evidence.NoteID, a.Evidence.Page, a.Evidence.Text)
		}
	}
	for _, a := range r.Acknowledgements {
		fmt.Fprintf(w, "  acknowledged %s %s by %s: %s\n", a.Rule, strings.Join(a.Codes, ", "), a.By, a.Reason)
	}
	fmt.Fprintf(w, "\nNotes (%d):\n", len(v.NoteList))
	for _, n := range v.NoteList {
		name := app.CleanFileName(n.FileName) // notes saved before names were cleaned
		if name == "" {
			name = "typed"
		}
		fmt.Fprintf(w, "--- %s  %s  %s  %d page(s), added by %s %s\n", n.ID, name, n.MediaType, len(n.Pages), n.AddedBy, n.AddedAt.Format("2006-01-02 15:04"))
		for _, pg := range n.Pages {
			if len(n.Pages) > 1 {
				fmt.Fprintf(w, "[page %d, %s]\n", pg.Number, pg.Source)
			}
			fmt.Fprintln(w, strings.TrimRight(pg.Text, "\n"))
		}
	}
	fmt.Fprintf(w, "\nHistory:\n  %s created by %s\n", r.CreatedAt.Format("2006-01-02 15:04"), r.CreatedBy)
	for _, h := range r.History {
		fmt.Fprintf(w, "  %s %s → %s by %s", h.At.Format("2006-01-02 15:04"), h.From.Label(), h.To.Label(), h.By)
		if h.Reason != "" {
			fmt.Fprintf(w, ": %s", h.Reason)
		}
		fmt.Fprintln(w)
	}
}

func recordStatus(env *Env, args []string) error {
	fs := newFlags("record status")
	reason := fs.String("reason", "", "query text (on-hold) or why a final record is reopened")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: give a record id and a status", ErrUsage)
	}
	st, err := app.ParseStatus(pos[1])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Coding.SetStatus(pos[0], st, *reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s %s\n", r.ID, r.Status)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readStdinFlag replaces the one flag value that is "-" with standard
// input, without its final line break: a patient's name or a note's text
// given on the command line is visible to every user in the process list.
func readStdinFlag(env *Env, flags map[string]*string) error {
	from := ""
	for name, v := range flags {
		if *v != "-" {
			continue
		}
		if from != "" {
			return fmt.Errorf("%w: only one of %s and %s can be read from standard input", ErrUsage, from, name)
		}
		from = name
	}
	if from == "" {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(env.Stdin, app.MaxNoteText+1))
	if err != nil {
		return fmt.Errorf("%s -: read standard input: %w", from, err)
	}
	if len(b) > app.MaxNoteText {
		return fmt.Errorf("%w: %s -: standard input is over %d MB", ErrUsage, from, app.MaxNoteText>>20)
	}
	v := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if v == "" {
		return fmt.Errorf("%w: %s -: standard input is empty", ErrUsage, from)
	}
	*flags[from] = v
	return nil
}
