package storage_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/codebench/codebench/cli"
	"github.com/codebench/codebench/storage"
)

// TestAuditVerifyCommand drives `codebench audit verify` over a database
// whose audit trail was edited, cut and reordered behind its back.
func TestAuditVerifyCommand(t *testing.T) {
	const pass = "audit verify passphrase"
	run := func(dir string, args ...string) (string, int) {
		var out, errb bytes.Buffer
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: dir,
			Getenv: func(k string) string {
				return map[string]string{"CODEBENCH_PASSPHRASE": pass, "CODEBENCH_USER": "auditor"}[k]
			}}
		code := cli.Run(env, args)
		return out.String() + errb.String(), code
	}
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		if out, code := run(dir, "record", "new", "--mrn", "AV-1", "--name", "Auditson, Vera", "--dob", "1980-05-05",
			"--sex", "F", "--type", "office", "--date", "2025-10-20"); code != 0 {
			t.Fatalf("record new: %s", out)
		}
		run(dir, "note", "add", "R000001", "--text", "First note.")
		run(dir, "note", "add", "R000001", "--text", "Second note.")
		if out, code := run(dir, "audit", "verify"); code != 0 || !strings.Contains(out, "audit trail verified") {
			t.Fatalf("untouched trail: %d %s", code, out)
		}
		return dir
	}
	cases := []struct {
		name string
		seq  uint64
		edit func(old []byte) []byte
		want string
	}{
		// Entries: 1 user-added, 2 login, 3 record-created, 4 logout, 5 login, 6 note-added,
		// 7 logout, 8 login, 9 note-added, 10 logout, 11 login.
		{"edited", 6, func(old []byte) []byte { return bytes.Replace(old, []byte("N000001"), []byte("N000009"), 1) }, "entry 6 was edited"},
		{"removed", 3, func([]byte) []byte { return nil }, "entry 3 is missing"},
		{"reordered", 5, nil, "reordered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := setup(t)
			var err error
			if c.edit != nil {
				err = storage.TamperAuditEntry(dir, "auditor", pass, c.seq, c.edit)
			} else {
				var nine []byte
				if err = storage.TamperAuditEntry(dir, "auditor", pass, 9, func(old []byte) []byte { nine = old; return old }); err == nil {
					var six []byte
					err = storage.TamperAuditEntry(dir, "auditor", pass, 6, func(old []byte) []byte { six = old; return nine })
					if err == nil {
						err = storage.TamperAuditEntry(dir, "auditor", pass, 9, func([]byte) []byte { return six })
					}
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			out, code := run(dir, "audit", "verify")
			if code != 1 || !strings.Contains(out, "audit trail has been altered") || !strings.Contains(out, c.want) {
				t.Errorf("audit verify after the trail was %s: exit %d\n%s", c.name, code, out)
			}
		})
	}
}
