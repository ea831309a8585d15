package views

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/suggest"
)

// Suggester reads a note and suggests codes (app/suggest.Engine).
type Suggester interface {
	Suggest(r suggest.Request) []suggest.Suggestion
}

// suggestedPanel lists the codes the open note supports: code, title,
// reason and assertion, the proposed ones first. Show highlights the
// evidence in the note viewer; Accept assigns a code with its evidence,
// Accept all the proposed ones (diagnoses first, the best one principal);
// Dismiss hides one for this record. The engine runs off the UI goroutine.
// Assigning and the audit entries (record id and code) are the
// workspace's: the panel calls onAccept and onDismiss.
type suggestedPanel struct {
	widget.BaseWidget
	run       runner
	engine    Suggester
	status    *widget.Label
	box       *fyne.Container
	acceptAll *widget.Button
	busy      *widget.ProgressBarInfinite // while the engine reads a note

	noteID string
	items  []suggest.Suggestion
	rows   map[string]fyne.CanvasObject // each shown suggestion's row, by suggestionKey
	// lessCertain holds the less certain candidates' rows, collapsed;
	// nil when there are none.
	lessCertain *widget.Accordion
	dismissed   map[string]bool // system/code, for the record shown
	gen         int             // the last note asked for; older results are dropped
	readOnly    bool

	onShow    func(ev app.Evidence)
	onAccept  func(items []suggest.Suggestion, ev []app.Evidence)
	onDismiss func(s suggest.Suggestion)
	// onRecord reports whether a suggestion's code is settled on the
	// record (assigned, or dismissed when the record was open before):
	// such a suggestion is not listed.
	onRecord func(s suggest.Suggestion) bool
}

func newSuggestedPanel(run runner, engine Suggester) *suggestedPanel {
	p := &suggestedPanel{run: run, engine: engine, dismissed: map[string]bool{}}
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.box = container.NewVBox()
	p.acceptAll = widget.NewButton("Accept all", p.onAcceptAll)
	p.acceptAll.Disable()
	p.busy = widget.NewProgressBarInfinite()
	p.busy.Stop()
	p.busy.Hide()
	p.ExtendBaseWidget(p)
	return p
}

func (p *suggestedPanel) CreateRenderer() fyne.WidgetRenderer {
	// The tab says "Suggested": the first row is what the panel found.
	top := container.NewBorder(nil, nil, nil, container.NewVBox(p.acceptAll), p.status)
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(top, p.busy), nil, nil, nil, container.NewVScroll(p.box)))
}

func suggestionKey(s suggest.Suggestion) string { return string(s.System) + "/" + s.Code }

// setEngine hands the panel the engine once the code sets have loaded.
func (p *suggestedPanel) setEngine(e Suggester) { p.engine = e }

// undismiss lists s again (an accept the service refused).
func (p *suggestedPanel) undismiss(s suggest.Suggestion) {
	delete(p.dismissed, suggestionKey(s))
	p.refresh()
}

// forRecord forgets what was dismissed for the previous record.
func (p *suggestedPanel) forRecord() {
	p.dismissed = map[string]bool{}
	p.items, p.noteID = nil, ""
	p.refresh()
}

// load reads a note's pages off the UI goroutine and shows what it
// supports; a later load (another note) wins over an earlier one still
// running.
func (p *suggestedPanel) load(noteID string, pages []app.Page, setting app.EncounterType, date time.Time) {
	if p.engine == nil {
		p.status.SetText("Suggestions need the code sets.")
		return
	}
	p.gen++
	gen := p.gen
	p.status.SetText(fmt.Sprintf("Reading the note (%s)…", plural(len(pages), "page")))
	p.busy.Show()
	p.busy.Start()
	texts := make([]string, len(pages))
	for i, pg := range pages {
		texts[i] = pg.Text
	}
	var got []suggest.Suggestion
	p.run.Go(func() {
		got = p.engine.Suggest(suggest.Request{Pages: texts, Setting: setting, Date: date})
	}, func() {
		if gen != p.gen {
			return
		}
		p.busy.Stop()
		p.busy.Hide()
		p.noteID, p.items = noteID, got
		p.refresh()
	})
}

// shown is the suggestions not dismissed, in a coder's sequence: the
// proposed ones first, then the less certain candidates, then those
// listed only to say why they are not proposed (negated, history,
// integral).
func (p *suggestedPanel) shown() []suggest.Suggestion {
	var out []suggest.Suggestion
	for _, s := range p.items {
		if !p.dismissed[suggestionKey(s)] && (p.onRecord == nil || !p.onRecord(s)) {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ti, tj := tier(out[i]), tier(out[j]); ti != tj {
			return ti < tj
		}
		return sequenced(out[i], out[j])
	})
	return out
}

// tier places a suggestion: proposed, less certain (a candidate the coder
// may still accept), or listed to say why it is not proposed.
func tier(s suggest.Suggestion) int {
	switch {
	case s.Proposed:
		return 0
	case s.LessCertain:
		return 1
	}
	return 2
}

// sequenced orders suggestions as a coder sequences codes: conditions
// before status and history Z codes (Z79.4 is never the reason for the
// visit), diagnoses before procedures, each best first, so the
// best-supported condition is principal (first-listed).
func sequenced(a, b suggest.Suggestion) bool {
	group := func(s suggest.Suggestion) int {
		switch {
		case s.System != app.ICD10CM:
			return 2
		case strings.HasPrefix(s.Code, "Z"):
			return 1
		}
		return 0
	}
	if ga, gb := group(a), group(b); ga != gb {
		return ga < gb
	}
	return a.Score > b.Score
}

func (p *suggestedPanel) refresh() {
	items := p.shown()
	p.box.Objects = p.box.Objects[:0]
	p.rows = map[string]fyne.CanvasObject{}
	proposed := 0
	var less *fyne.Container
	// A heading the coder opened stays open when the list changes.
	wasOpen := p.lessCertain != nil && p.lessCertain.Items[0].Open
	for _, s := range items {
		if s.Proposed {
			proposed++
		}
		r := p.row(s)
		p.rows[suggestionKey(s)] = r
		if !s.LessCertain {
			p.box.Objects = append(p.box.Objects, r)
			continue
		}
		if less == nil {
			// The less certain candidates come last of what the coder
			// may accept, under one heading, closed until asked for.
			less = container.NewVBox()
			item := widget.NewAccordionItem("", less)
			item.Open = wasOpen
			p.lessCertain = widget.NewAccordion(item)
			p.box.Objects = append(p.box.Objects, p.lessCertain)
		}
		less.Objects = append(less.Objects, r)
	}
	if less != nil {
		p.lessCertain.Items[0].Title = fmt.Sprintf("Less certain (%d)", len(less.Objects))
	} else {
		p.lessCertain = nil
	}
	switch {
	case p.noteID == "":
		p.status.SetText("Open a note to see the codes it supports.")
	case len(items) == 0:
		p.status.SetText("Nothing to suggest from this note.")
	case proposed == 0:
		p.status.SetText("Nothing left to accept: the rest are listed for why they are not proposed.")
	default:
		p.status.SetText(fmt.Sprintf("%d proposed. A coder confirms every code.", proposed))
	}
	if proposed > 0 && !p.readOnly {
		p.acceptAll.Enable()
	} else {
		p.acceptAll.Disable()
	}
	p.box.Refresh()
}

// row is one suggestion: code and title, assertion and reason, and its
// buttons. A negated, past or outpatient-uncertain finding has no Accept;
// a less certain candidate has one (the coder decides), Accept all leaves
// it.
func (p *suggestedPanel) row(s suggest.Suggestion) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(s.Code+"  "+s.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: s.Proposed})
	head.Wrapping = fyne.TextWrapWord
	why := widget.NewLabel(string(s.Assertion) + " — " + s.Reason)
	why.Wrapping = fyne.TextWrapWord
	why.SizeName = theme.SizeNameCaptionText
	show := widget.NewButton("Show", func() { p.onShowItem(s) })
	dismiss := widget.NewButton("Dismiss", func() { p.onDismissItem(s) })
	buttons := container.NewHBox(show)
	if s.Proposed || s.LessCertain {
		accept := widget.NewButton("Accept", func() { p.onAcceptItems([]suggest.Suggestion{s}) })
		if p.readOnly {
			accept.Disable()
		}
		buttons.Add(accept)
	}
	buttons.Add(dismiss)
	return container.NewVBox(head, why, buttons, widget.NewSeparator())
}

func (p *suggestedPanel) evidence(s suggest.Suggestion) app.Evidence {
	if len(s.Evidence) == 0 {
		return app.Evidence{NoteID: p.noteID}
	}
	e := s.Evidence[0]
	return app.Evidence{NoteID: p.noteID, Page: e.Page, Start: e.Start, End: e.End, Text: e.Text}
}

func (p *suggestedPanel) onShowItem(s suggest.Suggestion) {
	if p.onShow != nil {
		p.onShow(p.evidence(s))
	}
}

func (p *suggestedPanel) onDismissItem(s suggest.Suggestion) {
	p.dismissed[suggestionKey(s)] = true
	if p.onDismiss != nil {
		p.onDismiss(s)
	}
	p.refresh()
}

func (p *suggestedPanel) onAcceptItems(items []suggest.Suggestion) {
	if p.readOnly || len(items) == 0 {
		return
	}
	ev := make([]app.Evidence, len(items))
	for i, s := range items {
		ev[i] = p.evidence(s)
		p.dismissed[suggestionKey(s)] = true // accepted: it is on the record now
	}
	if p.onAccept != nil {
		p.onAccept(items, ev)
	}
	p.refresh()
}

// onAcceptAll assigns every proposed suggestion in the order shown (see
// sequenced).
func (p *suggestedPanel) onAcceptAll() {
	var items []suggest.Suggestion
	for _, s := range p.shown() {
		if s.Proposed {
			items = append(items, s)
		}
	}
	p.onAcceptItems(items)
}
