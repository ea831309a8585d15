package cli

import (
	"errors"
	"fmt"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/workstation"
)

const storeUsage = `codebench store copy --from DIR|URL --to DIR|URL [--force]

copy   moves a practice's whole store, e.g. from a workstation's data folder
       to a shared PostgreSQL database (postgres://…) or back: users (their
       passphrases carry over), records, notes with their original files,
       favourite and recent codes, and the audit trail, entry for entry.
       It then opens the copy, checks that every count matches and that the
       audit chain verifies and continues the source's, and writes the copy
       to the target's audit trail. A target that already holds a store is
       refused unless --force, which replaces it. The source is unchanged.

The user is $CODEBENCH_USER (else the source's first user), the passphrase
$CODEBENCH_PASSPHRASE or asked on the terminal. A data folder must not be
open in another Codebench while it is copied.`

func init() {
	register(Command{Name: "store", Summary: "copy a whole store between a data folder and a shared database", Usage: storeUsage, Run: runStore})
}

func runStore(env *Env, args []string) error {
	if len(args) == 0 || args[0] != "copy" {
		return fmt.Errorf("%w: say store copy", ErrUsage)
	}
	fs := newFlags("store copy")
	from := fs.String("from", "", "data folder or postgres:// URL to copy from")
	to := fs.String("to", "", "data folder or postgres:// URL to copy to")
	force := fs.Bool("force", false, "replace a target that already holds a store")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if *from == "" || *to == "" || len(pos) > 0 {
		return fmt.Errorf("%w: give --from and --to", ErrUsage)
	}
	if *from == *to {
		return fmt.Errorf("%w: --from and --to are the same store", ErrUsage)
	}
	user := env.Getenv(envUser)
	if user == "" {
		users, err := workstation.StoreUsers(*from)
		if err != nil {
			return fmt.Errorf("source %s: %w", workstation.Redact(*from), err)
		}
		if len(users) == 0 {
			return fmt.Errorf("source %s has no users: nothing to copy", workstation.Redact(*from))
		}
		user = users[0]
	}
	pass, err := readPassphrase(env, envPassphrase, "Passphrase for "+user, false)
	if err != nil {
		return err
	}
	counts, err := CopyStore(*from, *to, user, pass, *force)
	if err != nil {
		return err
	}
	for _, k := range []storage.ItemKind{storage.ItemUser, storage.ItemRecord, storage.ItemNote, storage.ItemFavourite, storage.ItemRecent, storage.ItemAudit} {
		fmt.Fprintf(env.Stdout, "%-18s %d\n", k, counts[k])
	}
	fmt.Fprintf(env.Stderr, "codebench: copied %s to %s; counts match and the audit trail verifies\n", workstation.Redact(*from), workstation.Redact(*to))
	return nil
}

// ErrCopyMismatch means a finished store copy does not hold what the
// source held: the target must not be used.
var ErrCopyMismatch = errors.New("the copy does not match the source")

// CopyStore copies everything in the store at from to an empty store at
// to (a data folder or a shared database's URL each), then opens the copy
// and verifies it: the count of every kind of item, and an audit chain
// that verifies and holds the source's trail entry for entry. It returns
// the source's counts.
func CopyStore(from, to, user, pass string, force bool) (map[storage.ItemKind]int, error) {
	src, err := workstation.OpenStore(from, user, pass, storeOptions)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", workstation.Redact(from), err)
	}
	defer src.Close()
	srcRep, err := src.VerifyAudit()
	if err != nil {
		return nil, fmt.Errorf("source %s: %w: restore it from a backup before copying", workstation.Redact(from), err)
	}
	im, err := workstation.NewImport(to, src.MasterKey(), force, storeOptions)
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", workstation.Redact(to), err)
	}
	counts := map[storage.ItemKind]int{}
	if err := src.Export(func(it storage.Item) error {
		counts[it.Kind]++
		return im.Put(it)
	}); err != nil {
		im.Abort()
		return nil, fmt.Errorf("copy: %w", err)
	}
	if err := im.Finish(); err != nil {
		return nil, fmt.Errorf("copy: %w", err)
	}

	dst, err := workstation.OpenStore(to, user, pass, storeOptions)
	if err != nil {
		return nil, fmt.Errorf("open the copy %s: %w", workstation.Redact(to), err)
	}
	defer dst.Close()
	got := map[storage.ItemKind]int{}
	var copied *app.AuditEntry
	if err := dst.Export(func(it storage.Item) error {
		got[it.Kind]++
		if it.Kind == storage.ItemAudit && it.Audit.Seq == srcRep.Entries {
			copied = it.Audit
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read the copy back: %w", err)
	}
	for k, n := range counts {
		// Opening the copy signed in: its trail may have grown by that.
		if k == storage.ItemAudit && got[k] >= n || got[k] == n {
			continue
		}
		return nil, fmt.Errorf("%w: %d %s in the source, %d in the copy", ErrCopyMismatch, n, k, got[k])
	}
	if _, err := dst.VerifyAudit(); err != nil {
		return nil, fmt.Errorf("the copy's audit trail: %w", err)
	}
	if srcRep.Entries > 0 && (copied == nil || copied.Hash != srcRep.Head) {
		return nil, fmt.Errorf("%w: the audit trail does not continue the source's at entry %d", ErrCopyMismatch, srcRep.Entries)
	}
	detail := fmt.Sprintf("%d records, %d notes, %d audit entries", counts[storage.ItemRecord], counts[storage.ItemNote], counts[storage.ItemAudit])
	if err := dst.Audit(app.AuditEvent{Action: app.AuditStoreCopied, Detail: detail}); err != nil {
		return nil, err
	}
	return counts, nil
}
