// Package cli is Codebench's command-line face: the same binary, given a
// subcommand, works as a scriptable tool over the same app/* code the
// window uses. Each command group lives in its own file and registers
// itself in init.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/workstation"
)

// Env is what a command may touch: its streams, the data folder and the
// environment. Tests build one around buffers.
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	DataDir string // from --data, CODEBENCH_DATA, or the per-user default
	// Store is a shared database's connection string (--store, else
	// CODEBENCH_STORE); "" keeps the records in DataDir.
	Store  string
	Getenv func(string) string // os.Getenv in the shipped binary
	// IsTerminal reports whether stdin is an interactive terminal (for
	// passphrase prompts and progress bars).
	IsTerminal func() bool
	// Wait is how long a command waits for a data folder another
	// Codebench has open (--wait, else $CODEBENCH_WAIT); 0 fails at once
	// with ExitBusy.
	Wait time.Duration
}

// ExitBusy is the exit status when the data folder is open in another
// Codebench (EX_TEMPFAIL of sysexits.h): a script can tell it from a
// failure and try again, or pass --wait.
const ExitBusy = 75

// envWait names the environment variable that sets --wait.
const envWait = "CODEBENCH_WAIT"

// Command is one subcommand, e.g. "terms" or "record".
type Command struct {
	Name    string
	Summary string // one line for `codebench help`
	Usage   string // full help text for `codebench help NAME`
	Run     func(env *Env, args []string) error
}

// ErrUsage marks an error in how a command was called; the command's
// usage is printed after it and the exit status is 2.
var ErrUsage = errors.New("usage")

// ExitError carries a specific exit status, e.g. `check` exits 1 when a
// record has an error finding, without printing anything more.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

var commands = map[string]Command{}

// register adds a command; each command file calls it from init.
func register(c Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// Options are the global flags that come before the subcommand.
type Options struct {
	DataDir string
	Store   string        // --store postgres://…, else $CODEBENCH_STORE
	Wait    time.Duration // --wait: how long to wait for a busy data folder
}

// ParseGlobal reads the global flags (--data DIR) and returns them with the
// remaining arguments; no remaining arguments means "open the window".
func ParseGlobal(args []string, getenv func(string) string) (Options, []string, error) {
	fs := flag.NewFlagSet("codebench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o Options
	fs.StringVar(&o.DataDir, "data", "", "data folder")
	fs.StringVar(&o.Store, "store", "", "shared database, e.g. postgres://coder@db.practice.lan/codebench")
	fs.DurationVar(&o.Wait, "wait", 0, "how long to wait for a data folder in use, e.g. 30s")
	if err := fs.Parse(args); err != nil {
		return o, nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if o.Wait < 0 {
		return o, nil, fmt.Errorf("%w: --wait must not be negative", ErrUsage)
	}
	if o.DataDir == "" {
		o.DataDir = getenv("CODEBENCH_DATA")
	}
	if o.Store == "" {
		o.Store = getenv(workstation.EnvStore)
	}
	if o.Store != "" && !workstation.IsShared(o.Store) {
		return o, nil, fmt.Errorf("%w: --store takes a connection string such as postgres://coder@db.practice.lan/codebench (the data folder is --data)", ErrUsage)
	}
	if o.DataDir == "" {
		d, err := app.DefaultDataDir()
		if err != nil {
			return o, nil, err
		}
		o.DataDir = d
	}
	return o, fs.Args(), nil
}

// Run executes the subcommand in args[0] and returns the process exit
// status: 0 on success, 1 on failure, 2 on a usage error, ExitBusy (75)
// when the data folder is open in another Codebench.
func Run(env *Env, args []string) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.IsTerminal == nil {
		env.IsTerminal = func() bool { return false }
	}
	if len(args) == 0 {
		args = []string{"help"}
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	case "-v", "--version", "-version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "codebench: unknown command %q; run `codebench help` for the list\n", name)
		return 2
	}
	err := c.Run(env, args[1:])
	var exit ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.Code
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintln(env.Stdout, strings.TrimSpace(c.Usage))
		return 0
	case errors.Is(err, storage.ErrAlreadyOpen), errors.Is(err, app.ErrLeased):
		fmt.Fprintf(env.Stderr, "codebench %s: %v (or run it with --wait 30s to queue)\n", name, err)
		return ExitBusy
	case errors.Is(err, ErrUsage):
		fmt.Fprintf(env.Stderr, "codebench %s: %v\n\n%s\n", name, err, strings.TrimSpace(c.Usage))
		return 2
	default:
		fmt.Fprintf(env.Stderr, "codebench %s: %v\n", name, err)
		return 1
	}
}

// newFlags returns a flag set for a subcommand that reports errors as
// usage errors instead of printing and exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (`record show ID --json`), and wraps errors as usage errors.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "-" || !strings.HasPrefix(args[0], "-") {
			pos = append(pos, args[0])
			args = args[1:]
			continue
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
	}
}

func init() {
	register(Command{
		Name:    "version",
		Summary: "print the version",
		Usage:   "codebench version\n\nPrints the Codebench version.",
		Run: func(env *Env, args []string) error {
			fmt.Fprintf(env.Stdout, "%s %s\n", app.Name, app.Version)
			return nil
		},
	})
	register(Command{
		Name:    "help",
		Summary: "list the commands, or explain one: codebench help COMMAND",
		Usage:   "codebench help [COMMAND]",
		Run:     runHelp,
	})
}

func runHelp(env *Env, args []string) error {
	if len(args) > 0 {
		c, ok := commands[args[0]]
		if !ok {
			return fmt.Errorf("%w: no command %q", ErrUsage, args[0])
		}
		fmt.Fprintln(env.Stdout, strings.TrimSpace(c.Usage))
		return nil
	}
	fmt.Fprintf(env.Stdout, `%s %s: medical record coding workstation.

With no command it opens the window. With a command it works as a
command-line tool over the same data.

Usage: codebench [--data DIR] [--store URL] [--wait DURATION] [COMMAND [ARGS...]]

Global flags:
  --data DIR       data folder (default: $CODEBENCH_DATA, else the per-user data folder)
  --store URL      keep the records in a practice's shared database instead of the
                   data folder, e.g. postgres://coder@db.lan/codebench?sslmode=verify-full
                   (default $CODEBENCH_STORE); code sets and caches stay in the data folder
  --wait DURATION  when another Codebench has the data folder open, wait up to
                   DURATION (30s, 2m; default $CODEBENCH_WAIT, else 0) for it;
                   a command that finds the folder busy exits with status 75

Exit status: 0 done, 1 failed, 2 wrong usage, 75 data folder busy or record
being coded by someone else.

Commands:
`, app.Name, app.Version)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(env.Stdout, "  %-10s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(env.Stdout, "\nRun `codebench help COMMAND` for a command's flags.")
	return nil
}
