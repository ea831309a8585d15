package views

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// Markup masters for the key screens: they change only when the screen
// does. Regenerate after a deliberate change by deleting testdata/*.xml,
// running the tests once and copying testdata/failed/*.xml back.

func TestMarkupFirstRun(t *testing.T) {
	f := newFixture(t)
	test.AssertRendersToMarkup(t, "first_run.xml", f.win.Canvas())
}

func TestMarkupWorklistAndWorkspace(t *testing.T) {
	f := newFixture(t)
	ws := f.openDemo()
	test.AssertRendersToMarkup(t, "worklist_demo.xml", f.win.Canvas())
	for _, q := range []string{"pneumonia", "E11.22"} {
		ws.coder.search.SetText(q)
		ws.coder.search.OnSubmitted("")
	}
	ws.coder.search.SetText("fracture")
	f.typeShortcut("1", ctrlMod)
	test.AssertRendersToMarkup(t, "workspace_coded.xml", f.win.Canvas())
}

func TestMarkupLocked(t *testing.T) {
	f := newFixture(t)
	f.openDemo()
	f.u.lock()
	test.AssertRendersToMarkup(t, "locked.xml", f.win.Canvas())
}
