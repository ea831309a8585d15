package cli

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/storage"
	"github.com/codebench/codebench/workstation"
)

func TestStoreCopyFolderToFolder(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	c.ok("note", "add", id, "--text", "Copied note text.")
	c.ok("code", "add", id, "E11.9")
	// Between data folders every user goes as they were: role, state and
	// passphrase.
	c.env[envNewPassphrase] = "marek's passphrase"
	c.ok("user", "add", "marek")
	c.env[envNewPassphrase] = "ola's passphrase 1"
	c.ok("user", "add", "ola")
	c.ok("user", "disable", "ola")
	to := filepath.Join(t.TempDir(), "copy")
	out := c.ok("store", "copy", "--from", c.dir, "--to", to)
	for _, want := range []string{"records            1", "notes              1", "users              3"} {
		if !strings.Contains(out, want) {
			t.Errorf("store copy printed\n%s\nwant a line %q", out, want)
		}
	}
	d := &cliRunner{t: t, dir: to, env: c.env}
	if got, want := d.ok("user", "list"), c.ok("user", "list"); got != want {
		t.Errorf("users of the copy:\n%s\nof the source:\n%s", got, want)
	}
	m := &cliRunner{t: t, dir: to, env: map[string]string{envUser: "marek", envPassphrase: "marek's passphrase"}}
	if got := m.ok("note", "text", id, "N000001"); got != "Copied note text.\n" {
		t.Errorf("marek on the copy: %q", got)
	}
	if got := d.ok("note", "text", id, "N000001"); got != "Copied note text.\n" {
		t.Errorf("the copy's note: %q", got)
	}
	if got := d.ok("audit", "verify"); !strings.Contains(got, "verified") {
		t.Errorf("audit verify on the copy: %s", got)
	}
	if got := d.ok("audit", "log"); !strings.Contains(got, string(app.AuditStoreCopied)) || !strings.Contains(got, string(app.AuditCodeAssigned)) {
		t.Errorf("the copy's audit log lacks the source's entries or the copy:\n%s", got)
	}
	// A target that holds a store is refused without --force.
	errOut := c.fail(1, "store", "copy", "--from", c.dir, "--to", to)
	if !strings.Contains(errOut, "--force") {
		t.Errorf("copy onto a store: %s", errOut)
	}
	c.ok("store", "copy", "--from", c.dir, "--to", to, "--force")
	c.fail(2, "store", "copy", "--from", c.dir)
}

// leasedStore is the folder's store with a lease held by another coder,
// as a shared database has when someone else is coding the record.
type leasedStore struct {
	storage.Backend
	holder app.Lease
}

func (s leasedStore) Lease(id string, _ time.Duration) (app.Lease, error) {
	if id == s.holder.RecordID {
		return s.holder, &app.LeasedError{Lease: s.holder}
	}
	return app.Lease{RecordID: id}, nil
}

func TestCodeAddOnARecordSomeoneIsCoding(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	since := time.Date(2026, 3, 2, 10, 2, 0, 0, time.Local)
	workstation.RegisterStore("leasetest", workstation.StoreDriver{
		Users: func(dsn string) ([]string, error) { return storage.Users(strings.TrimPrefix(dsn, "leasetest://")) },
		Open: func(dsn, user, pass string, opt *storage.Options) (storage.Backend, error) {
			st, err := storage.Open(strings.TrimPrefix(dsn, "leasetest://"), user, pass, opt)
			if err != nil {
				return nil, err
			}
			return leasedStore{st, app.Lease{RecordID: id, User: "marta", Since: since, Expires: time.Now().Add(time.Hour)}}, nil
		},
	})
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: t.TempDir(), Store: "leasetest://" + c.dir,
		Getenv: func(k string) string { return c.env[k] }}
	if code := Run(env, []string{"code", "add", id, "E11.9"}); code != ExitBusy {
		t.Fatalf("code add on a leased record: exit %d, want %d\n%s", code, ExitBusy, errb.String())
	}
	if !strings.Contains(errb.String(), "Being coded by marta since 10:02") {
		t.Errorf("stderr %q does not name the holder", errb.String())
	}
	if got := c.ok("record", "show", id); strings.Contains(got, "E11.9") {
		t.Error("the code was added although the record is leased")
	}
}

func TestParseGlobalStore(t *testing.T) {
	env := map[string]string{"CODEBENCH_STORE": "postgres://coder@db.lan/codebench"}
	o, _, err := ParseGlobal([]string{"--data", "/x", "version"}, func(k string) string { return env[k] })
	if err != nil || o.Store != env["CODEBENCH_STORE"] || o.DataDir != "/x" {
		t.Errorf("from the environment: %+v %v", o, err)
	}
	o, _, err = ParseGlobal([]string{"--store", "postgresql://other/cb", "--data", "/x", "version"}, func(k string) string { return env[k] })
	if err != nil || o.Store != "postgresql://other/cb" {
		t.Errorf("the flag before the environment: %+v %v", o, err)
	}
	if _, _, err := ParseGlobal([]string{"--store", "/a/folder", "--data", "/x", "version"}, func(string) string { return "" }); !errors.Is(err, ErrUsage) {
		t.Errorf("--store with a folder: %v, want a usage error", err)
	}
}
