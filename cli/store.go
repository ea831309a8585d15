package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/workstation"
)

const storeUsage = `codebench store copy --from DIR|URL --to DIR|URL [--force]

copy   moves a practice's whole store, e.g. from a workstation's data folder
       to a shared PostgreSQL database (postgres://…) or back: users,
       records, notes with their original files, favourite and recent
       codes, and the audit trail, entry for entry. It then opens the copy,
       checks that every count matches and that the audit chain verifies
       and continues the source's, and writes the copy to the target's
       audit trail. A target that already holds a store is refused unless
       --force, which replaces it. The source is unchanged.

Users and their passphrases: the data is copied under the source's master
key, so every user whose key the target can hold keeps their passphrase.
A copy between two data folders keeps every user as they were (roles,
disabled users). A data folder keeps a key pair per user, which a shared
database cannot hold: copied to one, only the user who runs the copy is
carried over (their key is wrapped again with the passphrase given here),
and the copy lists the others; one of its users adds them again (codebench
user add NAME) with a new passphrase. A shared database has no roles:
copied to a data folder, its first user becomes the administrator and the
others coders, each keeping their passphrase.

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
	res, err := CopyStore(*from, *to, user, pass, *force)
	if err != nil {
		return err
	}
	for _, k := range []storage.ItemKind{storage.ItemUser, storage.ItemRecord, storage.ItemNote, storage.ItemFavourite, storage.ItemRecent, storage.ItemAudit} {
		fmt.Fprintf(env.Stdout, "%-18s %d\n", k, res.Counts[k]-res.usersLeft(k))
	}
	if len(res.UsersLeft) > 0 {
		fmt.Fprintf(env.Stderr, "codebench: users not copied (the target cannot hold their keys): %s; add them again on the target with codebench user add NAME\n",
			strings.Join(res.UsersLeft, ", "))
	}
	fmt.Fprintf(env.Stderr, "codebench: copied %s to %s; counts match and the audit trail verifies\n", workstation.Redact(*from), workstation.Redact(*to))
	return nil
}

// ErrCopyMismatch means a finished store copy does not hold what the
// source held: the target must not be used.
var ErrCopyMismatch = errors.New("the copy does not match the source")

// CopyResult is what a store copy moved.
type CopyResult struct {
	// Counts are the source's items of each kind.
	Counts map[storage.ItemKind]int
	// UsersLeft are the source's users the target could not take (their
	// keys are in a format it does not read: storage.ErrKeyNotPortable).
	UsersLeft []string
}

// usersLeft is how many items of kind k were not copied.
func (r *CopyResult) usersLeft(k storage.ItemKind) int {
	if k == storage.ItemUser {
		return len(r.UsersLeft)
	}
	return 0
}

// CopyStore copies everything in the store at from to an empty store at
// to (a data folder or a shared database's URL each), then opens the copy
// and verifies it: the count of every kind of item, and an audit chain
// that verifies and holds the source's trail entry for entry. The copying
// user's key is wrapped again with pass where the source's format cannot
// go to the target, so they can always sign in to the copy; other users
// whose keys cannot go are left out and listed.
func CopyStore(from, to, user, pass string, force bool) (*CopyResult, error) {
	src, err := workstation.OpenStore(from, user, pass, storeOptions)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", workstation.Redact(from), err)
	}
	defer src.Close()
	srcRep, err := src.VerifyAudit()
	if err != nil {
		return nil, fmt.Errorf("source %s: %w: restore it from a backup before copying", workstation.Redact(from), err)
	}
	master := src.MasterKey()
	im, err := workstation.NewImport(to, master, force, storeOptions)
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", workstation.Redact(to), err)
	}
	var kdf storage.KDF
	if storeOptions != nil {
		kdf = storeOptions.KDF
	}
	res := &CopyResult{Counts: map[storage.ItemKind]int{}}
	if err := src.Export(func(it storage.Item) error {
		res.Counts[it.Kind]++
		if it.Kind == storage.ItemUser && !it.Portable() && it.Key.Name == src.User() {
			k, err := storage.WrapKey(it.Key.Name, pass, master, kdf)
			if err != nil {
				return err
			}
			k.Created, k.Changed = it.Key.Created, it.Key.Changed
			it.Key = k
		}
		err := im.Put(it)
		if it.Kind == storage.ItemUser && errors.Is(err, storage.ErrKeyNotPortable) {
			res.UsersLeft = append(res.UsersLeft, it.Key.Name)
			return nil
		}
		return err
	}); err != nil {
		im.Abort()
		return nil, fmt.Errorf("copy: %w", err)
	}
	if err := im.Finish(); err != nil {
		return nil, fmt.Errorf("copy: %w", err)
	}

	dst, err := workstation.OpenStore(to, src.User(), pass, storeOptions)
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
	for k, n := range res.Counts {
		n -= res.usersLeft(k)
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
	detail := fmt.Sprintf("%d records, %d notes, %d audit entries", res.Counts[storage.ItemRecord], res.Counts[storage.ItemNote], res.Counts[storage.ItemAudit])
	if len(res.UsersLeft) > 0 {
		detail += "; users not copied: " + strings.Join(res.UsersLeft, ", ")
	}
	if err := dst.Audit(app.AuditEvent{Action: app.AuditStoreCopied, Detail: detail}); err != nil {
		return nil, err
	}
	return res, nil
}
