package views

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/views/widgets"
)

// worklist lists records by status with their counts, searchable by MRN,
// name or account and sorted by date of service.
type worklist struct {
	widget.BaseWidget
	recs Records
	run  runner
	win  fyne.Window
	fail func(string, error)

	onOpen       func(id string)
	onOpenedDemo func(id string)
	onNew        func()
	onImport     func()

	status  app.Status
	tabs    map[app.Status]*widget.Button
	all     *widget.Button
	search  *widgets.SearchEntry
	sort    *widget.Select
	list    *widget.List
	rows    []app.RecordSummary
	counts  map[app.Status]int
	cursor  int
	empty   *fyne.Container
	none    *widget.Label
	body    *fyne.Container
	openID  string // the record shown in the workspace
	seq     int
	demoBtn *widget.Button

	stopSave func() // stops listening for saved records
}

func newWorklist(recs Records, run runner, win fyne.Window, fail func(string, error)) *worklist {
	w := &worklist{recs: recs, run: run, win: win, fail: fail, tabs: map[app.Status]*widget.Button{}, cursor: -1}
	w.all = widget.NewButton("All", func() { w.onStatus("") })
	for _, s := range app.Statuses {
		w.tabs[s] = widget.NewButton(s.Label(), func() { w.onStatus(s) })
	}
	w.search = widgets.NewSearchEntry()
	w.search.SetPlaceHolder("Search MRN, name or account")
	w.search.OnChanged = func(string) { w.refresh() }
	w.search.OnDown = func() { w.move(+1) }
	w.search.OnUp = func() { w.move(-1) }
	w.search.OnSubmitted = func(string) { w.openCursor() }
	w.search.OnEscape = func() { w.search.SetText("") }
	w.sort = widget.NewSelect([]string{"Newest service date first", "Oldest service date first"}, nil)
	w.sort.SetSelectedIndex(0)
	w.sort.OnChanged = func(string) { w.refresh() }
	w.list = widget.NewList(func() int { return len(w.rows) }, w.newRow, w.updateRow)
	w.list.OnSelected = func(id widget.ListItemID) {
		w.cursor = id
		if id >= 0 && id < len(w.rows) && w.onOpen != nil {
			w.onOpen(w.rows[id].ID)
		}
	}
	w.demoBtn = widget.NewButtonWithIcon("Open the demo record", theme.DocumentIcon(), w.onDemo)
	w.demoBtn.Importance = widget.HighImportance
	newBtn := widget.NewButtonWithIcon("New record (Ctrl+N)", theme.ContentAddIcon(), func() {
		if w.onNew != nil {
			w.onNew()
		}
	})
	hint := widget.NewLabel("No records yet. The demo record is a made-up patient and note, marked DEMO, " +
		"to try the whole workflow. Or drop a note file (text, image, TIFF or PDF) on the window.")
	hint.Wrapping = fyne.TextWrapWord
	w.empty = container.NewVBox(hint, w.demoBtn, newBtn)
	w.none = widget.NewLabel("No records match. Clear the search (Escape) or pick another status.")
	w.none.Wrapping = fyne.TextWrapWord
	w.body = container.NewStack(w.list)
	w.ExtendBaseWidget(w)
	w.updateTabs()
	// Any record saved (here, in the workspace, by a new-record form)
	// changes the counts or the rows.
	w.stopSave = recs.OnSaved(func(*app.Record) { fyne.Do(w.refresh) })
	return w
}

// close stops the worklist listening for saves.
func (w *worklist) close() {
	if w.stopSave != nil {
		w.stopSave()
		w.stopSave = nil
	}
}

func (w *worklist) CreateRenderer() fyne.WidgetRenderer {
	newBtn := widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() {
		if w.onNew != nil {
			w.onNew()
		}
	})
	importBtn := widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		if w.onImport != nil {
			w.onImport()
		}
	})
	head := container.NewBorder(nil, nil, widget.NewLabelWithStyle("Worklist", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(newBtn, importBtn))
	tabs := container.NewGridWithColumns(2, w.all)
	for _, s := range app.Statuses {
		tabs.Add(w.tabs[s])
	}
	top := container.NewVBox(head, w.search, tabs, w.sort)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, w.body))
}

func (w *worklist) query() RecordQuery {
	return RecordQuery{Status: w.status, Text: strings.TrimSpace(w.search.Text), Oldest: w.sort.SelectedIndex() == 1}
}

// refresh reloads the rows off the UI goroutine; a newer refresh wins.
func (w *worklist) refresh() {
	if w.recs == nil {
		return
	}
	w.seq++
	seq := w.seq
	q := w.query()
	var res RecordList
	var err error
	w.run.Go(func() { res, err = w.recs.List(q) }, func() {
		if seq != w.seq {
			return
		}
		if err != nil {
			w.fail("Could not read the worklist", err)
			return
		}
		w.rows = res.Records
		w.counts = res.Counts
		if w.cursor >= len(w.rows) {
			w.cursor = len(w.rows) - 1
		}
		w.updateTabs()
		total := 0
		for _, n := range w.counts {
			total += n
		}
		switch {
		case total == 0 && q.Text == "":
			w.body.Objects = []fyne.CanvasObject{container.NewVBox(w.empty)}
		case len(w.rows) == 0:
			w.body.Objects = []fyne.CanvasObject{container.NewVBox(w.none)}
		default:
			w.body.Objects = []fyne.CanvasObject{w.list}
		}
		w.body.Refresh()
		w.list.Refresh()
	})
}

func (w *worklist) updateTabs() {
	total := 0
	for _, s := range app.Statuses {
		n := w.counts[s]
		total += n
		b := w.tabs[s]
		b.SetText(fmt.Sprintf("%s (%d)", s.Label(), n))
		b.Importance = widget.MediumImportance
		if w.status == s {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	w.all.SetText(fmt.Sprintf("All (%d)", total))
	w.all.Importance = widget.MediumImportance
	if w.status == "" {
		w.all.Importance = widget.HighImportance
	}
	w.all.Refresh()
}

// markOpen shows which row is open in the workspace.
func (w *worklist) markOpen(id string) {
	w.openID = id
	w.list.Refresh()
}

func (w *worklist) onStatus(s app.Status) {
	w.status = s
	w.cursor = -1
	w.list.UnselectAll()
	w.updateTabs()
	w.refresh()
}

// move walks the rows from the search box with ↑/↓ without opening them.
func (w *worklist) move(d int) {
	if len(w.rows) == 0 {
		return
	}
	w.cursor += d
	if w.cursor < 0 {
		w.cursor = 0
	}
	if w.cursor >= len(w.rows) {
		w.cursor = len(w.rows) - 1
	}
	w.list.ScrollTo(w.cursor)
	w.list.Refresh()
}

func (w *worklist) openCursor() {
	if w.cursor < 0 && len(w.rows) > 0 {
		w.cursor = 0
	}
	if w.cursor >= 0 && w.cursor < len(w.rows) {
		w.list.Select(w.cursor)
	}
}

func (w *worklist) newRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	status := widgets.NewBadge("", theme.ColorNamePrimary)
	demo := widgets.NewBadge("DEMO", theme.ColorNameWarning)
	meta := widget.NewLabel("")
	meta.Truncation = fyne.TextTruncateEllipsis
	meta.SizeName = theme.SizeNameCaptionText
	mark := widget.NewLabel("")
	return container.NewBorder(nil, nil, mark, nil, container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(demo, status), name), meta))
}

func (w *worklist) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(w.rows) {
		return
	}
	r := w.rows[id]
	c := o.(*fyne.Container)
	mark := c.Objects[1].(*widget.Label)
	switch {
	case id == w.cursor:
		mark.SetText("›")
	case r.ID == w.openID:
		mark.SetText("•")
	default:
		mark.SetText(" ")
	}
	v := c.Objects[0].(*fyne.Container)
	top := v.Objects[0].(*fyne.Container)
	top.Objects[0].(*widget.Label).SetText(r.Name)
	badges := top.Objects[1].(*fyne.Container)
	demo := badges.Objects[0].(*widgets.Badge)
	if r.Demo {
		demo.Show()
	} else {
		demo.Hide()
	}
	st := badges.Objects[1].(*widgets.Badge)
	st.Color = statusColor(r.Status)
	st.SetText(r.Status.Label())
	parts := []string{"MRN " + r.MRN}
	if r.Account != "" {
		parts = append(parts, "Acct "+r.Account)
	}
	parts = append(parts, app.FormatDate(r.Service), r.Type.Label())
	if r.Codes > 0 {
		parts = append(parts, fmt.Sprintf("%d codes", r.Codes))
	}
	v.Objects[1].(*widget.Label).SetText(strings.Join(parts, " · "))
}

func statusColor(s app.Status) fyne.ThemeColorName {
	switch s {
	case app.OnHold:
		return theme.ColorNameWarning
	case app.Coded:
		return theme.ColorNameSuccess
	case app.Final:
		return theme.ColorNameForeground
	}
	return theme.ColorNamePrimary
}

// onDemo creates the made-up demo record with its note and opens it.
func (w *worklist) onDemo() {
	w.demoBtn.Disable()
	var rec *app.Record
	var err error
	w.run.Serial(func() {
		r, text := demoRecord()
		rec, err = w.recs.Create(r)
		if err != nil {
			return
		}
		_, err = w.recs.AddNote(rec.ID, demoNote(rec.ID, text), nil)
		if err == nil {
			rec, err = w.recs.Record(rec.ID)
		}
	}, func() {
		w.demoBtn.Enable()
		if err != nil {
			w.fail("Could not create the demo record", err)
			return
		}
		if w.onOpenedDemo != nil {
			w.onOpenedDemo(rec.ID)
		}
	})
}
