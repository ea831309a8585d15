package desktop

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/internal/testenv/testpack"
	"github.com/codebench/codebench/views"
	"github.com/codebench/codebench/workstation"
)

// walk calls fn for every object under o, widgets' renderers included.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, k := range x.Objects {
			walk(k, fn)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(x).Objects() {
			walk(k, fn)
		}
	}
}

// eventually polls cond while the window's work runs off the UI goroutine.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var ok bool
		views.WithUI(func() { ok = cond() })
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func button(w fyne.Window, text string) *widget.Button {
	var found *widget.Button
	walk(w.Canvas().Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// texts is every label and rich text the window shows, one per line.
func texts(w fyne.Window) string {
	var b strings.Builder
	walk(w.Canvas().Content(), func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		}
	})
	return b.String()
}

// TestDemoNoteSuggestionsInTheWindow opens the demo record in the real
// window over the real data folder, code sets and suggestion engine: the
// Suggested panel lists the codes the note supports and not the negated
// chest pain or the symptoms integral to the pneumonia; accepting J18.9
// assigns it with its evidence and writes the acceptance to the audit
// trail (record id and code, no note text).
func TestDemoNoteSuggestionsInTheWindow(t *testing.T) {
	testpack.Set(t) // the official code sets, generated from ../shared/terminology
	dir := filepath.Join(t.TempDir(), "data")
	wr := newWiring(workstation.Config{DataDir: dir, LoadCodeSets: testpack.Load})
	a := test.NewTempApp(t)
	var win fyne.Window
	views.WithUI(func() {
		win = views.NewMainWindow(a, wr.deps())
		win.Resize(fyne.NewSize(1280, 768))
	})
	defer win.Close()

	// The form asks the data folder whether it has users off the UI
	// goroutine: name, passphrase and again show once it knows.
	var entries []*widget.Entry
	eventually(t, "the first-run form", func() bool {
		entries = nil
		walk(win.Canvas().Content(), func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok {
				entries = append(entries, e)
			}
		})
		return len(entries) == 3 && button(win, "Create and open") != nil
	})
	views.WithUI(func() {
		test.Type(entries[0], "Casey Coder")
		test.Type(entries[1], "correct horse battery")
		test.Type(entries[2], "correct horse battery")
	})
	views.WithUI(func() { test.Tap(button(win, "Create and open")) })
	eventually(t, "the worklist", func() bool { return button(win, "Open the demo record") != nil })
	eventually(t, "the code sets", func() bool { return strings.Contains(texts(win), "ICD-10-CM") })
	views.WithUI(func() { test.Tap(button(win, "Open the demo record")) })
	eventually(t, "the suggestions", func() bool { return strings.Contains(texts(win), "proposed. A coder confirms") })

	var shown string
	views.WithUI(func() { shown = texts(win) })
	for _, code := range []string{"J18.9", "E11.22", "N18.31", "E11.65", "I12.9", "E78.5", "Z79.4", "Z79.84", "Z87.891"} {
		if !strings.Contains(shown, code+"  ") {
			t.Errorf("%s is not suggested", code)
		}
	}
	// Every row is "code  title" then "assertion — reason": a negated or
	// integral symptom may be listed, never as present.
	lines := strings.Split(shown, "\n")
	negated := false
	for i, l := range lines {
		if strings.HasPrefix(l, "R07") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "negated") {
			negated = true
		}
		if strings.HasPrefix(l, "R07") || strings.HasPrefix(l, "R05") || strings.HasPrefix(l, "R50.9") {
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "present") {
				t.Errorf("%q is listed as present: %q", l, lines[i+1])
			}
		}
	}

	if !negated {
		t.Error("the note's \"No chest pain\" is not listed as negated")
	}

	// Accept J18.9: the Accept button in its row.
	var accept *widget.Button
	views.WithUI(func() {
		walk(win.Canvas().Content(), func(o fyne.CanvasObject) {
			c, ok := o.(*fyne.Container)
			if !ok || accept != nil || len(c.Objects) < 3 {
				return
			}
			if l, ok := c.Objects[0].(*widget.Label); ok && strings.HasPrefix(l.Text, "J18.9  ") {
				walk(c, func(o fyne.CanvasObject) {
					if b, ok := o.(*widget.Button); ok && b.Text == "Accept" {
						accept = b
					}
				})
			}
		})
	})
	if accept == nil {
		t.Fatal("no Accept for J18.9")
	}
	views.WithUI(func() { test.Tap(accept) })
	eventually(t, "the assignment", func() bool { return strings.Contains(texts(win), "Assigned J18.9 from the note.") })

	svc := wr.ws.Session().Coding
	wl, err := svc.List(app.ListFilter{})
	if err != nil || len(wl.Records) != 1 {
		t.Fatalf("worklist %+v, %v", wl, err)
	}
	rec, err := svc.Record(wl.Records[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Demo || len(rec.Assignments) != 1 || rec.Assignments[0].Code != "J189" || rec.Assignments[0].Role != app.Principal {
		t.Fatalf("the record's codes: %+v", rec.Assignments)
	}
	ev := rec.Assignments[0].Evidence
	if ev == nil || ev.NoteID != rec.NoteIDs[0] || !strings.Contains(strings.ToLower(ev.Text), "pneumonia") {
		t.Fatalf("evidence %+v", ev)
	}
	note, err := svc.Note(ev.NoteID)
	if err != nil || note.Pages[ev.Page-1].Text[ev.Start:ev.End] != ev.Text {
		t.Fatalf("the evidence does not point at its words in the note: %+v, %v", ev, err)
	}
	log, err := svc.AuditLog(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var accepted bool
	for _, e := range log {
		if e.Action == app.AuditSuggestionAccepted {
			accepted = e.Detail == "icd10cm J18.9"
			if strings.Contains(e.Detail, "pneumonia") {
				t.Errorf("the audit entry holds note text: %q", e.Detail)
			}
		}
	}
	if !accepted {
		t.Fatalf("the acceptance is not on the audit trail: %+v", log)
	}
}
