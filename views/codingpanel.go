package views

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/views/widgets"
)

const searchLimit = 60

// codingPanel is the terminology browser on the right of the workspace: a
// search box that updates on every keystroke, filters, results with why
// they matched, and the detail of the selected code with its hierarchy,
// Tabular notes (with their source year), index entries and 7th-character
// picker.
type codingPanel struct {
	widget.BaseWidget
	run      runner
	terms    Terms
	year     int
	systems  []app.System // default systems when "All systems" is chosen
	readOnly bool

	search   *widgets.SearchEntry
	system   *widget.Select
	billable *widget.Check
	yearInfo *widget.Label
	info     *widget.Label
	results  *widget.List
	hits     []CodeHit
	selected int
	seq      int // last search started
	shown    int // search whose results are shown
	// assignWhenReady is set when Enter comes before the results of the
	// text typed: the first result is assigned when they arrive.
	assignWhenReady bool
	// assignOnSeventh is set when Enter was refused for want of a 7th
	// character: picking one then assigns at once.
	assignOnSeventh bool

	detail    CodeDetail
	detailOK  bool
	detailSeq int
	crumbs    *widget.Label
	heading   *widget.Label
	badge     *widgets.Badge
	body      *widget.RichText
	seventh   *widget.Select
	seventhBx *fyne.Container
	assign    *widget.Button
	split     *container.Split

	// sc shows favourites, recent and the patient's codes (shortcuts.go).
	sc shortcutState

	// onAssign assigns code, found through hit (code is hit's code with
	// a 7th character when one was picked); the service fills in its title.
	onAssign func(hit CodeHit, code string)
}

func systemChoices() []string {
	return []string{"All systems", app.ICD10CM.Label(), app.ICD10PCS.Label(), app.HCPCS.Label()}
}

func newCodingPanel(run runner, year int, systems []app.System) *codingPanel {
	c := &codingPanel{run: run, year: year, systems: systems, selected: -1}
	c.search = widgets.NewSearchEntry()
	c.search.SetPlaceHolder("Search codes: words from the note, a code, or an index term (Ctrl+F)")
	c.search.OnChanged = func(string) { c.runSearch() }
	c.search.OnDown = func() { c.moveSelection(+1) }
	c.search.OnUp = func() { c.moveSelection(-1) }
	c.search.OnSubmitted = func(string) { c.onAssignSelected() }
	c.search.OnEscape = func() { c.search.SetText("") }
	c.system = widget.NewSelect(systemChoices(), nil)
	if len(systems) == 1 {
		c.system.SetSelected(systems[0].Label())
	} else {
		c.system.SetSelectedIndex(0)
	}
	if len(systems) > 1 && len(systems) < len(app.Systems) {
		labels := make([]string, len(systems))
		for i, sys := range systems {
			labels[i] = sys.Label()
		}
		c.system.Options[0] = strings.Join(labels, " + ")
		c.system.SetSelectedIndex(0)
	}
	c.system.OnChanged = func(string) { c.runSearch() }
	c.billable = widget.NewCheck("Billable only", func(bool) { c.runSearch() })
	c.yearInfo = widget.NewLabel(fmt.Sprintf("FY%d", year))
	c.info = widget.NewLabel("Loading code sets…")
	c.info.SizeName = theme.SizeNameCaptionText
	c.results = widget.NewList(func() int { return len(c.hits) }, c.newRow, c.updateRow)
	c.results.OnSelected = func(id widget.ListItemID) {
		c.selected = id
		c.loadDetail()
	}
	c.crumbs = widget.NewLabel("")
	c.crumbs.Wrapping = fyne.TextWrapWord
	c.crumbs.SizeName = theme.SizeNameCaptionText
	c.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.heading.Wrapping = fyne.TextWrapWord
	c.badge = widgets.NewBadge("", theme.ColorNameSuccess)
	c.badge.Hide()
	c.body = widget.NewRichText()
	c.body.Wrapping = fyne.TextWrapWord
	c.seventh = widget.NewSelect(nil, nil)
	c.seventh.PlaceHolder = "Pick the 7th character"
	c.seventhBx = container.NewBorder(nil, nil, widget.NewLabel("7th character"), nil, c.seventh)
	c.seventhBx.Hide()
	c.assign = widget.NewButtonWithIcon("Assign (Enter)", theme.ContentAddIcon(), c.onAssignSelected)
	c.assign.Importance = widget.HighImportance
	c.assign.Disable()
	c.ExtendBaseWidget(c)
	return c
}

func (c *codingPanel) CreateRenderer() fyne.WidgetRenderer {
	filters := container.NewHBox(c.system, c.billable, c.yearInfo)
	top := container.NewVBox(c.search, container.NewBorder(nil, nil, filters, nil, c.info))
	detail := container.NewBorder(container.NewVBox(c.crumbs, container.NewBorder(nil, nil, nil, container.NewVBox(c.badge), c.heading)),
		container.NewVBox(c.seventhBx, c.assign, c.starButton()), nil, nil, container.NewVScroll(c.body))
	c.split = container.NewHSplit(c.results, detail)
	c.split.Offset = 0.5
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, c.split))
}

// setTerms is called once the code sets have loaded.
func (c *codingPanel) setTerms(t Terms) {
	c.terms = t
	c.info.SetText("Type to search.")
	c.runSearch()
}

func (c *codingPanel) setReadOnly(ro bool) {
	c.readOnly = ro
	c.updateAssign()
}

func (c *codingPanel) focus() {
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c.search); cv != nil {
		cv.Focus(c.search)
	}
}

// searchFor puts text in the search box (from the note's selection).
func (c *codingPanel) searchFor(text string) {
	c.search.SetText(text)
	c.focus()
}

func (c *codingPanel) query() CodeQuery {
	q := CodeQuery{Text: strings.TrimSpace(c.search.Text), Year: c.year, BillableOnly: c.billable.Checked, Limit: searchLimit}
	if i := c.system.SelectedIndex(); i > 0 {
		q.System = app.Systems[i-1]
	}
	return q
}

// runSearch searches off the UI goroutine; results of an older query that
// arrive after a newer one are dropped.
func (c *codingPanel) runSearch() {
	if c.terms == nil {
		return
	}
	c.seq++
	seq := c.seq
	q := c.query()
	if q.Text == "" {
		c.assignWhenReady = false
		if c.showShortcuts(seq) {
			return
		}
		c.shown = seq
		c.setHits(nil, "Type to search.")
		return
	}
	terms, systems := c.terms, c.systems
	var hits []CodeHit
	c.run.Go(func() {
		hits = terms.Search(q)
		if q.System == "" && len(systems) > 0 && len(systems) < len(app.Systems) {
			hits = keepSystems(hits, systems)
		}
	}, func() {
		if seq != c.seq {
			return
		}
		c.shown = seq
		msg := fmt.Sprintf("%d results", len(hits))
		if len(hits) == 0 {
			msg = "No codes match. Try other words, or fewer."
		} else if len(hits) >= q.Limit {
			msg = fmt.Sprintf("First %d results", len(hits))
		}
		c.setHits(hits, msg)
		if c.assignWhenReady {
			c.assignWhenReady = false
			c.onAssignSelected()
		}
	})
}

func keepSystems(hits []CodeHit, systems []app.System) []CodeHit {
	out := hits[:0:0]
	for _, h := range hits {
		for _, s := range systems {
			if h.System == s {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

func (c *codingPanel) setHits(hits []CodeHit, msg string) {
	c.hits = hits
	c.info.SetText(msg)
	c.results.UnselectAll()
	c.selected = -1
	c.results.Refresh()
	if len(hits) > 0 {
		c.results.Select(0)
		c.results.ScrollToTop()
	} else {
		c.clearDetail()
	}
}

func (c *codingPanel) moveSelection(d int) {
	if len(c.hits) == 0 {
		return
	}
	i := c.selected + d
	if i < 0 {
		i = 0
	}
	if i >= len(c.hits) {
		i = len(c.hits) - 1
	}
	c.results.Select(i)
	c.results.ScrollTo(i)
}

func (c *codingPanel) newRow() fyne.CanvasObject {
	code := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	badge := widgets.NewBadge("", theme.ColorNameSuccess)
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	why := widget.NewLabel("")
	why.Truncation = fyne.TextTruncateEllipsis
	why.SizeName = theme.SizeNameCaptionText
	why.TextStyle = fyne.TextStyle{Italic: true}
	return container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(code, container.NewCenter(badge)), nil, title), why)
}

func (c *codingPanel) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(c.hits) {
		return
	}
	h := c.hits[id]
	v := o.(*fyne.Container)
	line := v.Objects[0].(*fyne.Container)
	title := line.Objects[0].(*widget.Label)
	left := line.Objects[1].(*fyne.Container)
	left.Objects[0].(*widget.Label).SetText(codeset.Display(h.System, h.Code))
	setBillable(left.Objects[1].(*fyne.Container).Objects[0].(*widgets.Badge), h.System, h.Billable)
	title.SetText(h.Title)
	v.Objects[1].(*widget.Label).SetText(h.Why)
}

func setBillable(b *widgets.Badge, sys app.System, billable bool) {
	switch {
	case billable:
		b.Color = theme.ColorNameSuccess
		b.SetText("BILLABLE")
	case sys == app.ICD10CM:
		b.Color = theme.ColorNameWarning
		b.SetText("HEADER")
	default:
		b.Color = theme.ColorNameWarning
		b.SetText("NOT BILLABLE")
	}
	b.Show()
}

func (c *codingPanel) clearDetail() {
	c.detailSeq++
	c.detailOK = false
	c.crumbs.SetText("")
	c.heading.SetText("")
	c.badge.Hide()
	c.body.Segments = nil
	c.body.Refresh()
	c.seventhBx.Hide()
	c.updateAssign()
}

// loadDetail fetches the selected code's detail off the UI goroutine.
func (c *codingPanel) loadDetail() {
	if c.selected < 0 || c.selected >= len(c.hits) || c.terms == nil {
		c.clearDetail()
		return
	}
	h := c.hits[c.selected]
	c.detailSeq++
	seq := c.detailSeq
	terms, year := c.terms, c.year
	var d CodeDetail
	var err error
	c.run.Go(func() { d, err = terms.Detail(h.System, h.Code, year) }, func() {
		if seq != c.detailSeq {
			return
		}
		if err != nil {
			c.detailOK = false
			c.heading.SetText(codeset.Display(h.System, h.Code) + " " + h.Title)
			c.body.ParseMarkdown("Detail not available: " + err.Error())
			c.updateAssign()
			return
		}
		c.showDetail(d)
	})
}

func (c *codingPanel) showDetail(d CodeDetail) {
	c.detail = d
	c.detailOK = true
	var crumbs []string
	for _, p := range d.Path {
		crumbs = append(crumbs, strings.TrimSpace(p.Code+" "+p.Title))
	}
	c.crumbs.SetText(strings.Join(crumbs, " › "))
	c.heading.SetText(codeset.Display(d.System, d.Code) + "  " + d.Title)
	setBillable(c.badge, d.System, d.Billable)
	c.body.Segments = detailSegments(d, c.year)
	c.body.Refresh()
	if len(d.Seventh) > 0 && len(d.Code) < 7 {
		opts := make([]string, len(d.Seventh))
		for i, s := range d.Seventh {
			opts[i] = s.Char + " - " + s.Title
		}
		c.seventh.Options = opts
		c.seventh.ClearSelected()
		c.assignOnSeventh = false
		c.seventh.OnChanged = func(string) {
			c.updateAssign()
			if c.assignOnSeventh && c.seventh.SelectedIndex() >= 0 {
				c.assignOnSeventh = false
				c.onAssignSelected()
				c.focus()
			}
		}
		c.seventhBx.Show()
	} else {
		c.seventh.OnChanged = nil
		c.seventh.Options = nil
		c.seventh.ClearSelected()
		c.seventhBx.Hide()
	}
	c.updateAssign()
}

// detailSegments lays out the notes, index entries and children.
func detailSegments(d CodeDetail, year int) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	para := func(s string, style widget.RichTextStyle) {
		segs = append(segs, &widget.TextSegment{Text: s, Style: style})
	}
	if !d.Valid {
		st := widget.RichTextStyleStrong
		st.ColorName = theme.ColorNameError
		para(fmt.Sprintf("Not valid in FY%d (the encounter's fiscal year).", year), st)
	}
	for _, n := range d.Notes {
		head := n.Kind.Label()
		src := fmt.Sprintf("  (Tabular FY%d", n.Year)
		if n.From != "" && n.From != codeset.Display(d.System, d.Code) {
			src += ", at " + n.From
		}
		src += ")"
		h := widget.RichTextStyleStrong
		h.Inline = true
		segs = append(segs, &widget.TextSegment{Text: head, Style: h})
		c := widget.RichTextStyleInline
		c.ColorName = theme.ColorNamePlaceHolder
		c.SizeName = theme.SizeNameCaptionText
		segs = append(segs, &widget.TextSegment{Text: src, Style: c})
		para("", widget.RichTextStyleParagraph)
		var items []widget.RichTextSegment
		for _, t := range n.Texts {
			items = append(items, &widget.TextSegment{Text: t, Style: widget.RichTextStyleParagraph})
		}
		segs = append(segs, &widget.ListSegment{Items: items})
	}
	if len(d.Index) > 0 {
		para("Index entries", widget.RichTextStyleStrong)
		var items []widget.RichTextSegment
		for _, ix := range d.Index {
			items = append(items, &widget.TextSegment{Text: indexLine(ix), Style: widget.RichTextStyleParagraph})
		}
		segs = append(segs, &widget.ListSegment{Items: items})
	}
	if len(d.Children) > 0 {
		para("Codes under it", widget.RichTextStyleStrong)
		var items []widget.RichTextSegment
		for _, ch := range d.Children {
			items = append(items, &widget.TextSegment{Text: codeset.Display(d.System, ch.Code) + "  " + ch.Title, Style: widget.RichTextStyleParagraph})
		}
		segs = append(segs, &widget.ListSegment{Items: items})
	}
	if len(segs) == 0 {
		para("No Tabular notes at this code.", widget.RichTextStyleParagraph)
	}
	return segs
}

// indexLine is one index entry: its book, path, table column and year.
func indexLine(ix codeset.IndexRef) string {
	book := map[codeset.IndexKind]string{codeset.ExternalIndex: "External cause index: ",
		codeset.DrugTable: "Table of Drugs: ", codeset.NeoplasmTable: "Neoplasm Table: ", codeset.PCSIndex: "PCS Index: "}[ix.Kind]
	s := book + strings.Join(ix.Path, " › ")
	if ix.Column != "" {
		s += " [" + ix.Column + "]"
	}
	if ix.Code != "" {
		s += " → " + ix.Code
	}
	return s + fmt.Sprintf("  (FY%d)", ix.Year)
}

// fillSeventh builds the full code from a category and a 7th character,
// padding with the placeholder X to six characters first.
func fillSeventh(code, char string) string {
	for len(code) < 6 {
		code += "X"
	}
	return code + char
}

// chosenCode is the code Enter would assign now, or "" with the reason.
func (c *codingPanel) chosenCode() (code, why string) {
	if c.selected < 0 || c.selected >= len(c.hits) {
		return "", "Select a code first."
	}
	h := c.hits[c.selected]
	if !c.detailOK || c.detail.Code != h.Code {
		return h.Code, ""
	}
	if len(c.detail.Seventh) > 0 && len(h.Code) < 7 {
		i := c.seventh.SelectedIndex()
		if i < 0 {
			return "", "Pick the 7th character first: it completes the code."
		}
		return fillSeventh(h.Code, c.detail.Seventh[i].Char), ""
	}
	return h.Code, ""
}

func (c *codingPanel) updateAssign() {
	c.updateStar()
	code, why := c.chosenCode()
	if c.readOnly || code == "" {
		c.assign.Disable()
		if why != "" && c.selected >= 0 {
			c.assign.SetText(why)
		} else {
			c.assign.SetText("Assign (Enter)")
		}
		return
	}
	c.assign.SetText("Assign " + codeset.Display(c.hits[c.selected].System, code) + " (Enter)")
	c.assign.Enable()
}

func (c *codingPanel) onAssignSelected() {
	if c.readOnly {
		c.info.SetText("The record is final: reopen it to change the codes.")
		return
	}
	if c.shown != c.seq {
		c.assignWhenReady = true
		c.info.SetText("Searching…")
		return
	}
	code, why := c.chosenCode()
	if code == "" {
		c.info.SetText(why)
		if c.seventhBx.Visible() {
			c.assignOnSeventh = true
			if cv := fyne.CurrentApp().Driver().CanvasForObject(c.seventh); cv != nil {
				cv.Focus(c.seventh)
			}
		}
		return
	}
	if c.onAssign != nil {
		c.onAssign(c.hits[c.selected], code)
	}
	c.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}
