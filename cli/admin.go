package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/atomicfile"
	"github.com/codebench/codebench/storage"
)

func init() {
	register(Command{Name: "audit", Summary: "verify or print the audit trail", Run: runAudit, Usage: `codebench audit verify
codebench audit log [--record ID]

verify  checks every entry of the audit trail against the hash chain and
        exits 1 if an entry was edited, removed or reordered.
log     prints the audit trail (time, user, action, record, detail).`})
	register(Command{Name: "backup", Summary: "write an encrypted backup of the database", Run: runBackup, Usage: `codebench backup --out FILE

Writes a consistent, encrypted copy of the database (it may stay open in
the window) to FILE. It restores with any passphrase valid at backup time.`})
	register(Command{Name: "restore", Summary: "replace the database with a backup", Run: runRestore, Usage: `codebench restore FILE [--force]

Restores a backup into the data folder, unlocked with $CODEBENCH_PASSPHRASE
(else asked) of $CODEBENCH_USER (else the backup's first user), as the
passphrase was when the backup was made. It refuses to replace an existing
database unless --force is given.

The audit entries of the replaced database that the backup does not hold
are carried into the restored one, after a "restore" entry. When the
backup's passphrase does not unlock the replaced database, give its
passphrase in $CODEBENCH_REPLACED_PASSPHRASE; without it the replaced
database is kept aside as db.replaced-TIME with keys.json.replaced-TIME.
A restore that is stopped part-way (a crash, a kill) is finished by the
next command or window that opens the folder.`})
	register(Command{Name: "passwd", Summary: "change your passphrase", Run: runPasswd, Usage: `codebench passwd

Changes the passphrase of $CODEBENCH_USER (else the first user): the old
one from $CODEBENCH_PASSPHRASE and the new one from
$CODEBENCH_NEW_PASSPHRASE, else both asked on the terminal. Only the
wrapped key is rewritten, not the data.`})
	register(Command{Name: "user", Summary: "list, add, disable, enable or remove users", Run: runUser, Usage: `codebench user list
codebench user add NAME
codebench user disable NAME
codebench user enable NAME
codebench user remove NAME
codebench user role NAME admin|coder

list     prints every user with their role, and whether they are disabled.
add      gives NAME their own passphrase ($CODEBENCH_NEW_PASSPHRASE, else
         asked), as a coder. A name that differs from an existing one only
         in case, width or accents' encoding ("ａlice", "ALICE") is refused.
disable  stops NAME from signing in; enable lets them in again.
remove   deletes NAME from the key file.
role     makes NAME an administrator or a coder.

Only an administrator (the first user of a database is one) adds, disables,
enables, removes users and changes roles; you unlock with your own
passphrase first ($CODEBENCH_USER, $CODEBENCH_PASSPHRASE). Disabling and
removing change the database's master key, so a copy of an older keys.json
with the user's passphrase no longer opens the data; every other user keeps
their passphrase. Every change is written to the audit trail.

A shared database (--store postgres://…) has no roles and no disabled
users: list prints the names, any user may add another, and disable,
enable, remove and role work on data folders only.`})
}

func runAudit(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: say verify or log", ErrUsage)
	}
	fs := newFlags("audit " + args[0])
	record := fs.String("record", "", "only entries about this record")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: unexpected %q", ErrUsage, pos[0])
	}
	switch args[0] {
	case "verify", "log":
	default:
		return fmt.Errorf("%w: unknown audit command %q", ErrUsage, args[0])
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	if args[0] == "verify" {
		rep, err := s.Store.VerifyAudit()
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "audit trail verified: %d entries, last hash %s\n", rep.Entries, rep.Head)
		return nil
	}
	log, err := s.Store.AuditLog(*record)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 2, 2, ' ', 0)
	for _, e := range log {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Format("2006-01-02 15:04:05"), e.User, e.Action, e.RecordID, e.Detail)
	}
	return tw.Flush()
}

func runBackup(env *Env, args []string) error {
	fs := newFlags("backup")
	out := fs.String("out", "", "backup file to write")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) > 0 {
		return fmt.Errorf("%w: give --out FILE", ErrUsage)
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	b, ok := s.Store.(interface{ Backup(w io.Writer) error })
	if !ok {
		return fmt.Errorf("%s is a shared database: back it up on the server (pg_dump), or copy it to a folder with `codebench store copy`", s.Store.Location())
	}
	// Into a temporary file first: a failed backup never replaces a good one.
	if err := atomicfile.Write(*out, 0o600, b.Backup); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(env.Stderr, "codebench: backup written to %s\n", *out)
	return nil
}

// envReplacedPassphrase unlocks the database a restore replaces when the
// backup's passphrase does not, so its audit trail is carried over.
const envReplacedPassphrase = "CODEBENCH_REPLACED_PASSPHRASE"

func runRestore(env *Env, args []string) error {
	fs := newFlags("restore")
	force := fs.Bool("force", false, "replace an existing database")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: give the backup file", ErrUsage)
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	users, err := storage.BackupUsers(f)
	if err != nil {
		return err
	}
	user := env.Getenv(envUser)
	if user == "" {
		user = users[0]
	}
	if storage.Exists(env.DataDir) && !*force {
		return fmt.Errorf("%s already has a Codebench database: restore with --force to replace it (back it up first)", env.DataDir)
	}
	pass, err := readPassphrase(env, envPassphrase, "Passphrase for "+user+" when the backup was made", false)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, 0); err != nil {
		return err
	}
	opt := storage.Options{}
	if storeOptions != nil {
		opt = *storeOptions
	}
	opt.ReplacedPassphrase = env.Getenv(envReplacedPassphrase)
	asideBefore, _ := filepath.Glob(filepath.Join(env.DataDir, "db.replaced-*"))
	if err := storage.Restore(env.DataDir, f, user, pass, *force, &opt); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "codebench: restored %s into %s\n", pos[0], env.DataDir)
	aside, _ := filepath.Glob(filepath.Join(env.DataDir, "db.replaced-*"))
	if len(aside) > len(asideBefore) {
		fmt.Fprintf(env.Stderr, "codebench: the replaced database could not be unlocked to carry its audit trail over; it is kept in %s (set %s to carry it)\n",
			aside[len(aside)-1], envReplacedPassphrase)
	}
	return nil
}

func runPasswd(env *Env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: passwd takes no arguments", ErrUsage)
	}
	if w := newWorkstation(env); !w.Exists() {
		return fmt.Errorf("%s has no Codebench database yet", w.Location())
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	newPass, err := readPassphrase(env, envNewPassphrase, "New passphrase for "+s.Store.User()+" (at least 8 characters)", true)
	if err != nil {
		return err
	}
	if err := s.Store.ChangePassphrase(s.pass, newPass); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "codebench: passphrase changed for %s\n", s.Store.User())
	return nil
}

func runUser(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: say list, add, disable, enable, remove or role", ErrUsage)
	}
	if args[0] == "list" {
		if len(args) != 1 {
			return fmt.Errorf("%w: user list takes no arguments", ErrUsage)
		}
		if w := newWorkstation(env); w.Shared() {
			// A shared database has no roles and no disabled users.
			if !w.Exists() {
				return fmt.Errorf("%s has no Codebench database yet", w.Location())
			}
			names, err := w.Users()
			if err != nil {
				return err
			}
			for _, n := range names {
				fmt.Fprintln(env.Stdout, n)
			}
			return nil
		}
		users, err := storage.ListUsers(env.DataDir)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 2, 2, ' ', 0)
		for _, u := range users {
			if u.Disabled {
				fmt.Fprintf(tw, "%s\t%s\tdisabled\n", u.Name, u.Role)
			} else {
				fmt.Fprintf(tw, "%s\t%s\n", u.Name, u.Role)
			}
		}
		return tw.Flush()
	}
	want := map[string]int{"add": 2, "disable": 2, "enable": 2, "remove": 2, "role": 3}[args[0]]
	if want == 0 {
		return fmt.Errorf("%w: unknown user command %q", ErrUsage, args[0])
	}
	if len(args) != want {
		if args[0] == "role" {
			return fmt.Errorf("%w: give the user's name and admin or coder", ErrUsage)
		}
		return fmt.Errorf("%w: give the user's name", ErrUsage)
	}
	name := args[1]
	var role app.UserRole
	if args[0] == "role" {
		r, err := app.ParseUserRole(args[2])
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
		role = r
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	st, folder := s.Store.(*storage.Store)
	if !folder {
		// A shared database's users have no roles: each may add another.
		if args[0] != "add" {
			return fmt.Errorf("%s is a shared database, whose users have no roles and cannot be disabled: user %s works on a data folder only", s.Store.Location(), args[0])
		}
		pass, err := readPassphrase(env, envNewPassphrase, "Passphrase for "+name+" (at least 8 characters)", true)
		if err != nil {
			return err
		}
		if err := s.Store.AddUser(name, pass); err != nil {
			if errors.Is(err, storage.ErrExists) {
				return fmt.Errorf("user %s already exists", name)
			}
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: user %s added\n", name)
		return nil
	}
	switch args[0] {
	case "add":
		if err := st.CheckAdmin(); err != nil {
			return err
		}
		pass, err := readPassphrase(env, envNewPassphrase, "Passphrase for "+name+" (at least 8 characters)", true)
		if err != nil {
			return err
		}
		if err := st.AddUser(name, pass); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: user %s added as a coder\n", name)
	case "disable":
		if err := st.DisableUser(name); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: user %s disabled; the master key was changed\n", name)
	case "enable":
		if err := st.EnableUser(name); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: user %s enabled\n", name)
	case "remove":
		if err := st.RemoveUser(name); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: user %s removed; the master key was changed\n", name)
	case "role":
		if err := st.SetUserRole(name, role); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "codebench: user %s is now %s\n", name, strings.ToLower(role.Label()))
	}
	return nil
}
