package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DataDir: t.TempDir(),
		Getenv: func(string) string { return "" }}
	code = Run(env, args)
	return out.String(), errb.String(), code
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, code := run(t, args...)
		if code != 0 || out != app.Name+" "+app.Version+"\n" {
			t.Errorf("%v: got %q, exit %d", args, out, code)
		}
	}
}

func TestHelpListsCommands(t *testing.T) {
	out, _, code := run(t, "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("help does not list %q:\n%s", name, out)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	_, errOut, code := run(t, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("got exit %d, stderr %q", code, errOut)
	}
}

func TestParseGlobal(t *testing.T) {
	env := map[string]string{"CODEBENCH_DATA": "/from/env"}
	getenv := func(k string) string { return env[k] }
	cases := []struct {
		args     []string
		wantDir  string
		wantRest []string
	}{
		{[]string{"--data", "/x", "version"}, "/x", []string{"version"}},
		{[]string{"version"}, "/from/env", []string{"version"}},
		{nil, "/from/env", nil},
	}
	for _, c := range cases {
		o, rest, err := ParseGlobal(c.args, getenv)
		if err != nil {
			t.Fatal(err)
		}
		if o.DataDir != c.wantDir || strings.Join(rest, " ") != strings.Join(c.wantRest, " ") {
			t.Errorf("%v: got dir %q rest %v", c.args, o.DataDir, rest)
		}
	}
}

func TestParseFlagsInterleaved(t *testing.T) {
	fs := newFlags("t")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, []string{"ID1", "--json", "E11.9"})
	if err != nil || !*asJSON || strings.Join(pos, ",") != "ID1,E11.9" {
		t.Fatalf("got %v %v %v", pos, *asJSON, err)
	}
}
