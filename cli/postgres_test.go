package cli

import (
	"bytes"
	"path/filepath"
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
	dsn := testpg.DB(t)
	out := c.ok("store", "copy", "--from", c.dir, "--to", dsn)
	if !strings.Contains(out, "records            1") {
		t.Fatalf("copy to PostgreSQL printed\n%s", out)
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
	if got, errOut, code := c.runStore(dsn, "user", "list"); code != 0 || got != "ines\n" {
		t.Fatalf("user list on PostgreSQL: exit %d %q %s", code, got, errOut)
	}
	// A non-empty database is refused without --force.
	if errOut := c.fail(1, "store", "copy", "--from", c.dir, "--to", dsn); !strings.Contains(errOut, "force") {
		t.Errorf("copy onto a filled database: %s", errOut)
	}
	back := filepath.Join(t.TempDir(), "back")
	c.ok("store", "copy", "--from", dsn, "--to", back)
	d := &cliRunner{t: t, dir: back, env: c.env}
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
