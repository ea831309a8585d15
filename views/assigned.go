package views

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/views/widgets"
)

// assignedList is the record's codes in sequence: role, POA, procedure
// date and a HCPCS code's units are edited in place; Alt+↑/↓ or the arrows resequence; the evidence
// button shows the words in the note that support the code. Its handlers
// name a code by its assignment ID, which a resequence does not change.
type assignedList struct {
	widget.BaseWidget
	box      *fyne.Container
	rows     []*widgets.Selectable
	rec      *app.Record
	selected int    // row of the selected code, -1 for none
	selID    string // its assignment ID: the selection follows the code when it moves
	readOnly bool

	onMove     func(id string, to int) // to is the 0-based row it moves to
	onRemove   func(id string)
	onUpdate   func(id string, c CodeChange)
	onEvidence func(id string)
	onLink     func(id string)
}

var roleLabels = func() []string {
	out := make([]string, len(app.Roles))
	for i, r := range app.Roles {
		out[i] = roleLabel(r)
	}
	return out
}()

func roleLabel(r app.Role) string {
	switch r {
	case app.Principal:
		return "Principal / first-listed"
	case app.Secondary:
		return "Secondary"
	case app.Admitting:
		return "Admitting"
	case app.Procedure:
		return "Procedure"
	}
	return string(r)
}

var poaLabels = []string{"POA: Y", "POA: N", "POA: U", "POA: W", "POA: exempt"}

func newAssignedList() *assignedList {
	l := &assignedList{selected: -1}
	l.box = container.NewVBox()
	l.ExtendBaseWidget(l)
	return l
}

func (l *assignedList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVScroll(l.box))
}

// set shows the record's codes. The selected code stays selected wherever
// it moved; when it is gone, the row at its place (or the last) is.
func (l *assignedList) set(rec *app.Record, readOnly bool) {
	l.rec = rec
	l.readOnly = readOnly
	n := len(rec.Assignments)
	if i, err := rec.AssignmentIndex(l.selID); l.selID != "" && err == nil {
		l.selected = i
	}
	if l.selected >= n {
		l.selected = n - 1
	}
	if l.selected < 0 && n > 0 {
		l.selected = 0
	}
	l.rows = make([]*widgets.Selectable, n)
	objs := make([]fyne.CanvasObject, 0, n+1)
	if n == 0 {
		empty := widget.NewLabel("No codes yet. Search on the right and press Enter to assign the selected code.")
		empty.Wrapping = fyne.TextWrapWord
		objs = append(objs, empty)
	}
	for i := range rec.Assignments {
		l.rows[i] = l.newRow(i)
		l.rows[i].Selected = i == l.selected
		objs = append(objs, l.rows[i])
	}
	l.selID = ""
	if l.selected >= 0 {
		l.selID = rec.Assignments[l.selected].ID
	}
	l.box.Objects = objs
	l.box.Refresh()
}

func (l *assignedList) selectRow(i int) {
	l.selected = i
	l.selID = ""
	if l.rec != nil && i >= 0 && i < len(l.rec.Assignments) {
		l.selID = l.rec.Assignments[i].ID
	}
	for j, r := range l.rows {
		r.SetSelected(j == i)
	}
}

// selectID selects the code with the given assignment ID, if shown.
func (l *assignedList) selectID(id string) {
	if l.rec == nil {
		return
	}
	if i, err := l.rec.AssignmentIndex(id); err == nil {
		l.selectRow(i)
	}
}

func (l *assignedList) newRow(i int) *widgets.Selectable {
	a := l.rec.Assignments[i]
	num := widget.NewLabelWithStyle(fmt.Sprintf("%d.", i+1), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	code := widget.NewLabelWithStyle(codeset.DisplayAssigned(a), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabel(a.Title)
	title.Truncation = fyne.TextTruncateEllipsis
	line1 := container.NewBorder(nil, nil, container.NewHBox(num, code), nil, title)

	role := widget.NewSelect(roleLabels, nil)
	for j, r := range app.Roles {
		if r == a.Role {
			role.SetSelectedIndex(j)
		}
	}
	role.OnChanged = func(string) {
		r := app.Roles[role.SelectedIndex()]
		if r != a.Role {
			l.update(a.ID, CodeChange{Role: &r})
		}
	}
	tools := []fyne.CanvasObject{role}
	if a.System == app.ICD10CM && l.rec.Encounter.Type == app.Inpatient {
		poa := widget.NewSelect(poaLabels, nil)
		poa.PlaceHolder = "POA: ?"
		for j, p := range app.POAs {
			if p == a.POA {
				poa.SetSelectedIndex(j)
			}
		}
		poa.OnChanged = func(string) {
			p := app.POAs[poa.SelectedIndex()]
			if p != a.POA {
				l.update(a.ID, CodeChange{POA: &p})
			}
		}
		tools = append(tools, poa)
	}
	if a.System != app.ICD10CM || a.Role == app.Procedure {
		date := widget.NewEntry()
		date.SetPlaceHolder("Procedure date")
		date.SetText(app.FormatDate(a.ProcedureDate))
		date.Validator = func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			_, err := app.ParseDate(s)
			return err
		}
		save := func(s string) {
			s = strings.TrimSpace(s)
			var d time.Time
			if s != "" {
				var err error
				if d, err = app.ParseDate(s); err != nil {
					return
				}
			}
			if d.Equal(a.ProcedureDate) {
				return
			}
			l.update(a.ID, CodeChange{ProcedureDate: &d})
		}
		date.OnSubmitted = save
		date.OnChanged = func(s string) {
			if len(strings.TrimSpace(s)) == len(app.DateLayout) {
				save(s)
			}
		}
		if l.readOnly {
			date.Disable()
		}
		tools = append(tools, container.NewGridWrap(fyne.NewSize(130, date.MinSize().Height), date))
	}
	if a.System == app.HCPCS {
		tools = append(tools, l.unitsEntry(a))
	}
	var evidence *widget.Button
	if a.Evidence != nil {
		evidence = widget.NewButtonWithIcon("Evidence", theme.VisibilityIcon(), func() { l.selectRow(i); l.onEvidence(a.ID) })
	} else {
		evidence = widget.NewButtonWithIcon("Link selection", theme.MailAttachmentIcon(), func() { l.selectRow(i); l.onLink(a.ID) })
		if l.readOnly {
			evidence.Disable()
		}
	}
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { l.selectRow(i); l.move(i, i-1) })
	down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { l.selectRow(i); l.move(i, i+1) })
	rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { l.remove(i) })
	if i == 0 {
		up.Disable()
	}
	if i == len(l.rec.Assignments)-1 {
		down.Disable()
	}
	if l.readOnly {
		role.Disable()
		up.Disable()
		down.Disable()
		rm.Disable()
		for _, t := range tools {
			if s, ok := t.(*widget.Select); ok {
				s.Disable()
			}
		}
	}
	line2 := container.NewHBox(append(tools, evidence, up, down, rm)...)
	row := widgets.NewSelectable(container.NewVBox(line1, line2), func() { l.selectRow(i) })
	if !l.readOnly {
		// Drag a row up or down to resequence; the number shows where it
		// will land.
		row.OnDragged = func(dy float32) {
			l.selectRow(i)
			to := l.dropIndex(i, dy, row.Size().Height)
			if to == i {
				num.SetText(fmt.Sprintf("%d.", i+1))
			} else {
				num.SetText(fmt.Sprintf("%d. → %d", i+1, to+1))
			}
		}
		row.OnDragEnd = func(dy float32) {
			num.SetText(fmt.Sprintf("%d.", i+1))
			l.move(i, l.dropIndex(i, dy, row.Size().Height))
		}
	}
	return row
}

// dropIndex is where a row dragged by dy lands, counting rows of height h.
func (l *assignedList) dropIndex(i int, dy, h float32) int {
	if h <= 0 {
		return i
	}
	steps := int(dy / h)
	if r := dy/h - float32(steps); r > 0.5 {
		steps++
	} else if r < -0.5 {
		steps--
	}
	to := i + steps
	if to < 0 {
		to = 0
	}
	if n := len(l.rec.Assignments); to >= n {
		to = n - 1
	}
	return to
}

func (l *assignedList) update(id string, c CodeChange) {
	if l.readOnly || l.onUpdate == nil {
		return
	}
	l.onUpdate(id, c)
}

// move asks to move the code in row from to row to; the selection goes
// with it.
func (l *assignedList) move(from, to int) {
	if l.readOnly || l.rec == nil || from < 0 || to < 0 || from >= len(l.rec.Assignments) || to >= len(l.rec.Assignments) || from == to {
		return
	}
	id := l.rec.Assignments[from].ID
	// Show the new order at once, so a second Alt+↓ before the save is
	// back moves the same code on; the saved record (or, if the save
	// fails, the record as it is saved) replaces it.
	shown := cloneRecord(l.rec)
	a := shown.Assignments[from]
	rest := append(shown.Assignments[:from:from], shown.Assignments[from+1:]...)
	shown.Assignments = append(append(append([]app.Assignment{}, rest[:to]...), a), rest[to:]...)
	l.selID = id
	l.set(shown, l.readOnly)
	if l.onMove != nil {
		l.onMove(id, to)
	}
}

func (l *assignedList) remove(i int) {
	if l.readOnly || l.rec == nil || i < 0 || i >= len(l.rec.Assignments) {
		return
	}
	if l.onRemove != nil {
		l.onRemove(l.rec.Assignments[i].ID)
	}
}

// unitsEntry edits a HCPCS code's units of service: a whole number of 1
// to app.MaxUnits, empty for none given (one). It saves on Enter (not on
// every keystroke: each save is a change in the audit trail).
func (l *assignedList) unitsEntry(a app.Assignment) fyne.CanvasObject {
	units := widget.NewEntry()
	units.SetPlaceHolder("Units")
	if a.Units > 0 {
		units.SetText(strconv.Itoa(a.Units))
	}
	parse := func(s string) (int, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n == 0 {
			return 0, fmt.Errorf("units: a whole number from 1 to %d", app.MaxUnits)
		}
		return n, app.CheckUnits(n)
	}
	units.Validator = func(s string) error {
		_, err := parse(s)
		return err
	}
	units.OnSubmitted = func(s string) {
		n, err := parse(s)
		if err != nil || n == a.Units {
			return
		}
		l.update(a.ID, CodeChange{Units: &n})
	}
	if l.readOnly {
		units.Disable()
	}
	return container.NewGridWrap(fyne.NewSize(80, units.MinSize().Height), units)
}
