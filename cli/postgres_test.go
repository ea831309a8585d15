package cli

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/codebench/codebench/internal/testenv/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// runStore runs a command against the shared database dsn.
func (c *cliRunner) runStore(dsn string, args ...string) (string, string, int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: c.dir, Store: dsn,
		Getenv: func(k string) string { return c.env[k] }}
	code := Run(env, args)
	return out.String(), errb.String(), code
}

func TestStoreCopyFolderToPostgresAndBack(t *testing.T) {
	c := newRunner(t)
	id := c.newRecord()
	c.ok("note", "add", id, "--text", "Round trip note.")
	c.ok("code", "add", id, "E11.9")
	c.env[envNewPassphrase] = "marek's passphrase"
	c.ok("user", "add", "marek")
	dsn := testpg.DB(t)
	// A data folder's users hold key pairs, which the shared database
	// cannot: only the user copying goes (their key wrapped again with
	// their passphrase), and the others are named.
	out, errOut, code := c.run("store", "copy", "--from", c.dir, "--to", dsn)
	if code != 0 || !strings.Contains(out, "records            1") || !strings.Contains(out, "users              1") {
		t.Fatalf("copy to PostgreSQL: exit %d, printed\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "users not copied") || !strings.Contains(errOut, "marek") {
		t.Errorf("the copy does not name the user left out: %s", errOut)
	}
	if got, _, _ := c.runStore(dsn, "audit", "log"); !strings.Contains(got, "users not copied: marek") {
		t.Errorf("the copy's audit entry does not name the user left out:\n%s", got)
	}
	m := &cliRunner{t: t, dir: c.dir, env: map[string]string{envUser: "marek", envPassphrase: "marek's passphrase"}}
	if _, errOut, code := m.runStore(dsn, "record", "show", id); code == 0 || !strings.Contains(errOut, "wrong user name or passphrase") {
		t.Errorf("marek signed in to the shared copy: exit %d %s", code, errOut)
	}
	// One of its users adds them again.
	c.env[envNewPassphrase] = "marek's shared passphrase"
	if _, errOut, code := c.runStore(dsn, "user", "add", "marek"); code != 0 {
		t.Fatalf("user add on PostgreSQL: exit %d %s", code, errOut)
	}
	if _, errOut, code := c.runStore(dsn, "user", "disable", "marek"); code == 0 || !strings.Contains(errOut, "data folder only") {
		t.Errorf("user disable on PostgreSQL: exit %d %s", code, errOut)
	}
	// The commands work on the shared database as on the folder.
	if got, errOut, code := c.runStore(dsn, "note", "text", id, "N000001"); code != 0 || got != "Round trip note.\n" {
		t.Fatalf("note text on PostgreSQL: exit %d %q %s", code, got, errOut)
	}
	if _, errOut, code := c.runStore(dsn, "code", "add", id, "I10"); code != 0 {
		t.Fatalf("code add on PostgreSQL: exit %d %s", code, errOut)
	}
	if got, errOut, code := c.runStore(dsn, "audit", "verify"); code != 0 || !strings.Contains(got, "verified") {
		t.Fatalf("audit verify on PostgreSQL: exit %d %q %s", code, got, errOut)
	}
	if got, errOut, code := c.runStore(dsn, "user", "list"); code != 0 || got != "ines\nmarek\n" {
		t.Fatalf("user list on PostgreSQL: exit %d %q %s", code, got, errOut)
	}
	// A non-empty database is refused without --force.
	if errOut := c.fail(1, "store", "copy", "--from", c.dir, "--to", dsn); !strings.Contains(errOut, "force") {
		t.Errorf("copy onto a filled database: %s", errOut)
	}
	back := filepath.Join(t.TempDir(), "back")
	c.ok("store", "copy", "--from", dsn, "--to", back)
	d := &cliRunner{t: t, dir: back, env: c.env}
	// The shared database's users keep their passphrases; its first user
	// administers the folder.
	if got := d.ok("user", "list"); !regexp.MustCompile(`(?m)^ines +admin\n^marek +coder\n$`).MatchString(got) {
		t.Errorf("users copied back:\n%s", got)
	}
	m.dir, m.env[envPassphrase] = back, "marek's shared passphrase"
	if got := m.ok("note", "text", id, "N000001"); got != "Round trip note.\n" {
		t.Errorf("marek on the folder copied back: %q", got)
	}
	show := d.ok("record", "show", id)
	if !strings.Contains(show, "E11.9") || !strings.Contains(show, "I10") {
		t.Errorf("the folder copied back lacks the codes:\n%s", show)
	}
	if got := d.ok("note", "text", id, "N000001"); got != "Round trip note.\n" {
		t.Errorf("note copied back: %q", got)
	}
	if got := d.ok("audit", "verify"); !strings.Contains(got, "verified") {
		t.Errorf("audit verify after the round trip: %s", got)
	}
}
