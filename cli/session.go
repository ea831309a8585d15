package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
	"github.com/codebench/codebench/app/coding/edits"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/storage"
)

// Environment variables the record commands read.
const (
	envPassphrase    = "CODEBENCH_PASSPHRASE"     // the signed-in user's passphrase
	envNewPassphrase = "CODEBENCH_NEW_PASSPHRASE" // passwd and user add: the new one
	envUser          = "CODEBENCH_USER"           // which user; default the first
	envCodeSets      = "CODEBENCH_CODESETS"       // folder of official release files to import instead of the built-in pack
)

// session is an unlocked data folder for one command: the store, the
// coding service over it, and the code sets, loaded on first use. Every
// command that touches records opens one with openSession and closes it.
type session struct {
	env    *Env
	pass   string // kept for passwd, so the terminal asks only once
	Store  *storage.Store
	Coding *coding.Service

	terms    *terminology.Set
	termsErr error
	loaded   bool
}

// storeOptions are the options the CLI opens stores with; tests lower
// the argon2 cost.
var storeOptions *storage.Options

// openSession unlocks env.DataDir. The user is CODEBENCH_USER, else the
// first user; the passphrase is CODEBENCH_PASSPHRASE, else asked on the
// terminal. An empty folder gets a new database whose first user is
// created with that passphrase.
func openSession(env *Env) (*session, error) {
	dir := env.DataDir
	user := env.Getenv(envUser)
	var st *storage.Store
	var pass string
	var err error
	if !storage.Exists(dir) {
		if user == "" {
			user = defaultUserName(env)
		}
		pass, err = readPassphrase(env, envPassphrase, "New passphrase for "+user+" (at least 8 characters)", true)
		if err != nil {
			return nil, err
		}
		st, err = storage.Create(dir, user, pass, storeOptions)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(env.Stderr, "codebench: created an encrypted database in %s for user %s\n", dir, user)
	} else {
		users, err := storage.Users(dir)
		if err != nil {
			return nil, err
		}
		if user == "" {
			user = users[0]
		}
		pass, err = readPassphrase(env, envPassphrase, "Passphrase for "+user, false)
		if err != nil {
			return nil, err
		}
		st, err = storage.Open(dir, user, pass, storeOptions)
		if err != nil {
			return nil, err
		}
	}
	s := &session{env: env, pass: pass, Store: st, Coding: coding.New(st, nil)}
	s.Coding.FinalizeCheck = func(r *app.Record) error {
		t, err := s.Terms()
		if err != nil {
			return err
		}
		return edits.Gate(t)(r)
	}
	return s, nil
}

// Close locks the data folder again.
func (s *session) Close() error { return s.Store.Close() }

// Terms loads the code sets once and hands them to the coding service.
func (s *session) Terms() (*terminology.Set, error) {
	if !s.loaded {
		s.loaded = true
		s.terms, s.termsErr = loadTerms(s.env)
		if s.termsErr == nil {
			s.Coding.SetTerms(s.terms)
		}
	}
	return s.terms, s.termsErr
}

// loadTerms is loadTerminology; tests point it at a smaller import.
var loadTerms = loadTerminology

// loadTerminology loads the code sets the commands check codes against:
// the official release files in $CODEBENCH_CODESETS when set (imported on
// the fly, slow), else the data folder's pack (a release the user
// imported), else the pack built into the binary.
func loadTerminology(env *Env) (*terminology.Set, error) {
	set, _, err := loadCodeSets(env)
	return set, err
}

func defaultUserName(env *Env) string {
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if u := strings.TrimSpace(env.Getenv(k)); u != "" {
			return u
		}
	}
	return "coder"
}

// readPassphrase takes a passphrase from the environment variable, else
// from the terminal without echo (asking twice when confirm is set).
func readPassphrase(env *Env, envVar, prompt string, confirm bool) (string, error) {
	if p := env.Getenv(envVar); p != "" {
		return p, nil
	}
	if !env.IsTerminal() {
		return "", fmt.Errorf("no passphrase: set %s or run the command in a terminal", envVar)
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		tty = os.Stdin
	} else {
		defer tty.Close()
	}
	ask := func(p string) (string, error) {
		fmt.Fprint(tty, p+": ")
		b, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		return string(b), err
	}
	p, err := ask(prompt)
	if err != nil {
		return "", fmt.Errorf("read the passphrase: %w", err)
	}
	if confirm {
		again, err := ask("Type it again")
		if err != nil {
			return "", fmt.Errorf("read the passphrase: %w", err)
		}
		if again != p {
			return "", errors.New("the two passphrases differ: nothing was changed")
		}
	}
	return p, nil
}
