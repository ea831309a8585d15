package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/favourites"
	"github.com/codebench/codebench/app/terminology"
)

const favouriteUsage = `codebench favourite add CODE... [--system S]
codebench favourite rm CODE... [--system S]
codebench favourite list [--record ID] [--json]

Your favourite codes, the last 50 codes you assigned, and with --record
the codes of the patient's earlier records (same MRN): what the window's
coding panel shows when its search box is empty. Each is marked with its
validity in the record's fiscal year (without --record, today's); a code
not valid then is shown with the codes the conversion table gives in its
place. Favourites are per user and kept in the encrypted database.

add and rm take codes with or without the dot; the system is guessed
from the code's shape unless --system (icd10cm, icd10pcs, hcpcs) says.`

func init() {
	register(Command{Name: "favourite", Summary: "star codes and list favourites, recent codes and a patient's codes", Usage: favouriteUsage, Run: runFavourite})
}

func runFavourite(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: say add, rm or list", ErrUsage)
	}
	switch args[0] {
	case "add", "rm":
		return favouriteSet(env, args[0] == "add", args[1:])
	case "list":
		return favouriteList(env, args[1:])
	}
	return fmt.Errorf("%w: unknown favourite command %q: use add, rm or list", ErrUsage, args[0])
}

func favouriteSet(env *Env, on bool, args []string) error {
	fs := newFlags("favourite")
	sysFlag := fs.String("system", "", "icd10cm, icd10pcs or hcpcs (default: guessed from the code)")
	codes, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(codes) == 0 {
		return fmt.Errorf("%w: name the code(s), e.g. E11.9", ErrUsage)
	}
	var sys app.System
	if *sysFlag != "" {
		if sys, err = app.ParseSystem(*sysFlag); err != nil {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		}
	}
	s, svc, err := openFavourites(env)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, c := range codes {
		cs := sys
		if cs == "" {
			cs = coding.GuessSystem(c)
		}
		if err := svc.SetFavourite(cs, c, on); err != nil {
			return err
		}
	}
	return nil
}

func favouriteList(env *Env, args []string) error {
	fs := newFlags("favourite list")
	recID := fs.String("record", "", "mark the codes for this record's year and add the patient's earlier codes")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	s, svc, err := openFavourites(env)
	if err != nil {
		return err
	}
	defer s.Close()
	var l favourites.Lists
	if *recID != "" {
		l, err = svc.Lists(*recID)
	} else {
		// No record: mark the codes for today, and there is no patient.
		l, err = svc.ListsFor(&app.Record{Encounter: app.Encounter{Type: app.Office, Service: time.Now()}})
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, l)
	}
	section := func(name string, items []favourites.Item) {
		fmt.Fprintf(env.Stdout, "%s (%d)\n", name, len(items))
		for _, it := range items {
			star := " "
			if it.Favourite {
				star = "*"
			}
			line := fmt.Sprintf("%s %-10s %-9s %s", star, terminology.Display(it.System, it.Code), it.System.Label(), it.Title)
			if len(it.Records) > 0 {
				line += "  [" + strings.Join(it.Records, ", ") + "]"
			}
			fmt.Fprintf(env.Stdout, "%s\n    %s\n", line, it.Validity())
		}
	}
	section("Favourites", l.Favourites)
	section("Recent", l.Recent)
	if *recID != "" {
		section("Patient history", l.History)
	}
	return nil
}

// openFavourites opens a session and the favourites over its store and
// code sets; the caller closes the session.
func openFavourites(env *Env) (*session, *favourites.Service, error) {
	s, err := openSession(env)
	if err != nil {
		return nil, nil, err
	}
	terms, err := s.Terms()
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, favourites.New(s.Store, terms), nil
}
