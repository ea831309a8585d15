package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding/edits"
)

const checkUsage = `codebench check ID [--json]
codebench check ID --ack RULE --codes CODE[,CODE] --reason TEXT
codebench check --rules

Runs the coding edits on record ID: validity of every code on the date of
service (discharge date for an inpatient stay), header codes, 7th
characters and placeholder X, Excludes1 pairs, manifestation and "code
first" sequencing, "use additional code" and "code also" reminders,
external cause codes, POA indicators, duplicates, and which code system
belongs to the setting. Each finding names its rule, cites its source
(the ICD-10-CM Official Guidelines section, the Tabular List note, the
POA-exempt list) and says what to do.

An error must be corrected before the record can be finalized; a warning
must be acknowledged with a reason. The exit status is 1 when there is an
error finding, 0 otherwise.

--ack acknowledges the warning of RULE on those codes (as the check prints
them) with the coder's reason, recorded in the audit trail, then checks
again. Errors cannot be acknowledged: correct the codes.

--rules lists every edit with its source.

--json prints an array of {"rule", "severity", "codes", "message",
"source"} objects, with "fixes", "acknowledged" and "reason" when set.

The code sets are the built-in ones, or the official release files in the
folder $CODEBENCH_CODESETS.`

func init() {
	register(Command{Name: "check", Summary: "run the coding edits on a record: codebench check ID [--json]", Usage: checkUsage, Run: runCheck})
}

func runCheck(env *Env, args []string) error {
	fs := newFlags("check")
	asJSON := fs.Bool("json", false, "print JSON")
	rules := fs.Bool("rules", false, "list the edits and their sources")
	ack := fs.String("ack", "", "acknowledge the warning of this rule")
	ackCodes := fs.String("codes", "", "the codes of the warning acknowledged, comma separated")
	reason := fs.String("reason", "", "why the warning is acknowledged")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *rules && len(pos) == 0 {
		for _, r := range edits.Rules {
			fmt.Fprintf(env.Stdout, "%-25s %s\n%25s source: %s\n", r.ID, r.Name, "", r.Source)
		}
		return nil
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: give one record id", ErrUsage)
	}
	s, r, err := openRecord(env, pos[0])
	if err != nil {
		return err
	}
	defer s.Close()
	terms, err := s.Terms()
	if err != nil {
		return err
	}
	findings := edits.Check(r, terms)
	if *ack != "" {
		if r, err = acknowledgeFinding(s, r.ID, findings, *ack, *ackCodes, *reason); err != nil {
			return err
		}
		findings = edits.Check(r, terms)
	}
	if findings == nil {
		findings = []edits.Finding{}
	}
	if *asJSON {
		err = writeJSON(env.Stdout, findings)
	} else {
		printFindings(env.Stdout, r.ID, r.Year(), findings)
	}
	if err != nil {
		return err
	}
	for _, f := range findings {
		if f.Severity == edits.Error {
			return ExitError{Code: 1}
		}
	}
	return nil
}

func printFindings(w io.Writer, id string, fy int, findings []edits.Finding) {
	var errs, warns, acked int
	for _, f := range findings {
		switch {
		case f.Severity == edits.Error:
			errs++
		case f.Acknowledged:
			acked++
		default:
			warns++
		}
	}
	if len(findings) == 0 {
		fmt.Fprintf(w, "Record %s (FY%d): no findings; the codes pass every edit.\n", id, fy)
		return
	}
	fmt.Fprintf(w, "Record %s (FY%d): %d error(s), %d warning(s) to acknowledge, %d acknowledged.\n", id, fy, errs, warns, acked)
	for _, f := range findings {
		label := strings.ToUpper(string(f.Severity))
		if f.Acknowledged {
			label = "ACKNOWLEDGED"
		}
		fmt.Fprintf(w, "\n%s [%s] %s\n  %s\n  Source: %s\n", label, f.Rule, strings.Join(f.Codes, ", "), f.Message, f.Source)
		if len(f.Fixes) > 0 {
			fmt.Fprintf(w, "  Corrected code(s): %s\n", strings.Join(f.Fixes, ", "))
		}
		if f.Acknowledged {
			fmt.Fprintf(w, "  Reason: %s\n", f.Reason)
		}
	}
}

// acknowledgeFinding records the coder's reason for keeping the codes of
// one warning the record has now.
func acknowledgeFinding(s *session, id string, findings []edits.Finding, rule, codes, reason string) (*app.Record, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("%w: --ack needs --reason: say why the codes are kept", ErrUsage)
	}
	want := edits.Finding{Rule: rule}
	for _, c := range strings.Split(codes, ",") {
		if c = strings.TrimSpace(c); c != "" {
			want.Codes = append(want.Codes, c)
		}
	}
	for _, f := range findings {
		if !f.Matches(app.Acknowledgement{Rule: want.Rule, Codes: want.Codes}) {
			continue
		}
		if f.Severity == edits.Error {
			return nil, fmt.Errorf("%s on %s: %w", rule, strings.Join(f.Codes, ", "), edits.ErrNotAcknowledgeable)
		}
		return s.Coding.Acknowledge(id, f.Rule, f.Codes, reason)
	}
	return nil, errors.New("the record has no " + rule + " warning on " + strings.Join(want.Codes, ", ") + ": run `codebench check " + id + "` for the rule and codes to give")
}
