package cli

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/workstation"
)

// Environment variables the record commands read.
const (
	envPassphrase    = "CODEBENCH_PASSPHRASE"     // the signed-in user's passphrase
	envNewPassphrase = "CODEBENCH_NEW_PASSPHRASE" // passwd and user add: the new one
	envUser          = "CODEBENCH_USER"           // which user; default the first
	envCodeSets      = workstation.EnvCodeSets    // release files to import instead of the packs
)

// session is an unlocked data folder for one command (see
// workstation.Session). Every command that touches records opens one
// with openSession and closes it.
type session struct {
	*workstation.Session
	pass string // kept for passwd, so the terminal asks only once
}

// storeOptions are the options the CLI opens stores with; tests lower
// the argon2 cost.
var storeOptions *storage.Options

// pdfCache, when set, is where the PDF engine keeps its compiled code
// instead of the data folder; tests share one.
var pdfCache string

// loadTerms, when set, replaces the code-set loader of the record
// commands; tests point it at a smaller import. The terms commands always
// use the real loader.
var loadTerms func(*Env) (*terminology.Set, error)

// newWorkstation is the application layer over the command's data folder.
func newWorkstation(env *Env) *workstation.Workstation {
	return workstation.New(workstation.Config{DataDir: env.DataDir, Store: env.Store, Getenv: env.Getenv, StoreOptions: storeOptions, PDFCache: pdfCache})
}

// openSession unlocks env.DataDir. The user is CODEBENCH_USER, else the
// first user; the passphrase is CODEBENCH_PASSPHRASE, else asked on the
// terminal. An empty folder gets a new database whose first user is
// created with that passphrase.
func openSession(env *Env) (*session, error) {
	cfg := workstation.Config{DataDir: env.DataDir, Store: env.Store, Getenv: env.Getenv, StoreOptions: storeOptions, PDFCache: pdfCache}
	if load := loadTerms; load != nil {
		cfg.LoadCodeSets = func() (*terminology.Set, error) { return load(env) }
	}
	w := workstation.New(cfg)
	user := env.Getenv(envUser)
	if !w.Exists() {
		if user == "" {
			user = defaultUserName(env)
		}
		pass, err := readPassphrase(env, envPassphrase, "New passphrase for "+user+" (at least 8 characters)", true)
		if err != nil {
			return nil, err
		}
		created := false
		ws, err := waitBusy(env, func() (*workstation.Session, error) {
			// Another first command may have created it meanwhile.
			if w.Exists() {
				return w.Open(user, pass)
			}
			created = true
			return w.Create(user, pass)
		})
		if err != nil {
			return nil, err
		}
		if created {
			fmt.Fprintf(env.Stderr, "codebench: created an encrypted database in %s for user %s\n", w.Location(), user)
		}
		return &session{Session: ws, pass: pass}, nil
	}
	if user == "" {
		users, err := w.Users()
		if err != nil {
			return nil, err
		}
		if len(users) == 0 {
			return nil, fmt.Errorf("%s has a database without users: restore a backup", w.Location())
		}
		user = users[0]
	}
	pass, err := readPassphrase(env, envPassphrase, "Passphrase for "+user, false)
	if err != nil {
		return nil, err
	}
	ws, err := waitBusy(env, func() (*workstation.Session, error) { return w.Open(user, pass) })
	if err != nil {
		return nil, err
	}
	return &session{Session: ws, pass: pass}, nil
}

// waitBusy runs open until the data folder is free or the command's wait
// (--wait, else $CODEBENCH_WAIT) is over, so batch scripts queue instead of
// failing. Another Codebench holds the folder for one command (well under
// a second) or for a whole window session.
func waitBusy(env *Env, open func() (*workstation.Session, error)) (*workstation.Session, error) {
	wait := env.Wait
	if wait == 0 {
		if v := env.Getenv(envWait); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("%w: $%s=%q: give a duration such as 30s", ErrUsage, envWait, v)
			}
			wait = d
		}
	}
	deadline := time.Now().Add(wait)
	pause := 20 * time.Millisecond
	for {
		s, err := open()
		if !errors.Is(err, storage.ErrAlreadyOpen) || wait == 0 {
			return s, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, fmt.Errorf("%w (waited %s)", err, wait)
		}
		// Jitter spreads out the commands that queued together.
		time.Sleep(min(pause+time.Duration(rand.Int64N(int64(pause))), left))
		pause = min(2*pause, 500*time.Millisecond)
	}
}

// commandLease is how long a command's lease on a record lasts: longer
// than any one command takes, short enough that a killed command's lease
// frees the record soon.
const commandLease = 2 * time.Minute

// leaseRecord takes the lease on a record for one command, waiting (like
// waitBusy) while another coder holds it, and returns the release. A
// record someone else is coding is refused with an *app.LeasedError
// naming them: the command exits with ExitBusy.
func leaseRecord(env *Env, s *session, id string) (release func(), err error) {
	wait := env.Wait
	if wait == 0 {
		if v := env.Getenv(envWait); v != "" {
			if d, perr := time.ParseDuration(v); perr == nil && d > 0 {
				wait = d
			}
		}
	}
	deadline := time.Now().Add(wait)
	for {
		_, err := s.Store.Lease(id, commandLease)
		if err == nil {
			return func() { s.Store.Release(id) }, nil
		}
		if !errors.Is(err, app.ErrLeased) || time.Until(deadline) <= 0 {
			return nil, fmt.Errorf("record %s: %w", id, err)
		}
		time.Sleep(min(250*time.Millisecond, time.Until(deadline)))
	}
}

// Close locks the data folder again and stops the PDF engine.
func (s *session) Close() error {
	err := s.Session.Close()
	s.Workstation().Close()
	return err
}

// Terms loads the code sets once and hands them to the coding service.
func (s *session) Terms() (*terminology.Set, error) {
	cs, err := s.Workstation().CodeSets(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	return cs.Set, nil
}

// codeSets loads the code sets for a command that opens no session.
func codeSets(env *Env) (*workstation.CodeSets, error) {
	return newWorkstation(env).CodeSets(context.Background(), nil)
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

// openRecord opens a session and reads the record id; the caller closes
// the session.
func openRecord(env *Env, id string) (*session, *app.Record, error) {
	s, err := openSession(env)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.Coding.Record(id)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, r, nil
}
