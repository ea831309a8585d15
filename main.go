// Command codebench is the Codebench medical coding workstation. With no
// subcommand it opens the window; with one it is the command-line tool.
package main

import (
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"
	"golang.org/x/term"

	"github.com/codebench/codebench/cli"
	"github.com/codebench/codebench/desktop"
	"github.com/codebench/codebench/internal/heapprofile"
	_ "github.com/codebench/codebench/internal/locale" // before Fyne reads the locale
	"github.com/codebench/codebench/views"
)

func main() {
	opts, args, err := cli.ParseGlobal(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "codebench:", err)
		os.Exit(2)
	}
	if len(args) > 0 {
		env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, DataDir: opts.DataDir, Store: opts.Store, Wait: opts.Wait,
			Getenv: os.Getenv, IsTerminal: func() bool { return term.IsTerminal(int(os.Stdin.Fd())) }}
		os.Exit(cli.Run(env, args))
	}
	heapprofile.Start(os.Getenv)
	a := fyneapp.NewWithID("org.codebench.workstation")
	if opts.Store == "" {
		opts.Store = a.Preferences().String(views.PrefStore) // Settings → Shared database
	}
	views.NewMainWindow(a, desktop.NewDeps(opts.DataDir, opts.Store)).ShowAndRun()
}
