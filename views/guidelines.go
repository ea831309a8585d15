package views

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app/terminology"
)

// Guidelines are the ICD-10-CM Official Guidelines editions the code sets
// hold (*terminology.Set provides them).
type Guidelines interface {
	// GuidelineEditions lists every edition, oldest first.
	GuidelineEditions() []*terminology.GuidelineEdition
	// GuidelinesOn is the edition in effect on a date of service; the
	// error (terminology.ErrNoGuidelines) names the years loaded.
	GuidelinesOn(day time.Time) (*terminology.GuidelineEdition, error)
}

// guidelinesView reads the Official Guidelines: the edition, its table of
// contents or the sections matching a search on the left, the section
// with its subsections on the right. A citation opens in the edition of
// the record's date of service, or says why it cannot: the text of
// another edition is never shown in its place.
type guidelinesView struct {
	src      Guidelines
	editions []*terminology.GuidelineEdition
	ed       *terminology.GuidelineEdition

	edition *widget.Select
	search  *widget.Entry
	list    *widget.List
	rows    []guideRow
	notice  *widget.Label
	title   *widget.Label
	body    *widget.Label
	scroll  *container.Scroll
	current string // number of the section shown, "" for none
}

// guideRow is a line of the left-hand list: a section of the contents or
// a search hit.
type guideRow struct {
	number, text string
	level        int
}

func newGuidelinesView(src Guidelines) *guidelinesView {
	v := &guidelinesView{src: src, editions: src.GuidelineEditions()}
	labels := make([]string, len(v.editions))
	for i, e := range v.editions {
		labels[i] = e.Label()
	}
	v.edition = widget.NewSelect(labels, v.onEdition)
	v.edition.PlaceHolder = "Edition"
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search the guidelines")
	v.search.OnChanged = func(string) { v.fillList() }
	v.list = widget.NewList(func() int { return len(v.rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := v.rows[id]
			o.(*widget.Label).SetText(strings.Repeat("   ", max(r.level-1, 0)) + r.number + "  " + r.text)
		})
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.rows) {
			v.showSection(v.rows[id].number)
		}
	}
	v.notice = widget.NewLabel("")
	v.notice.Wrapping = fyne.TextWrapWord
	v.notice.Importance = widget.WarningImportance
	v.notice.Hide()
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Wrapping = fyne.TextWrapWord
	v.body = widget.NewLabel("")
	v.body.Wrapping = fyne.TextWrapWord
	v.scroll = container.NewVScroll(v.body)
	if n := len(v.editions); n > 0 {
		v.edition.SetSelectedIndex(n - 1)
	} else {
		v.say("The code sets hold no Official Guidelines: rebuild or import them with the guideline PDFs (codebench terms import FILE.pdf).")
	}
	return v
}

// content is the view's layout.
func (v *guidelinesView) content() fyne.CanvasObject {
	left := container.NewBorder(container.NewVBox(v.edition, v.search), nil, nil, nil, v.list)
	right := container.NewBorder(container.NewVBox(v.notice, v.title), nil, nil, nil, v.scroll)
	split := container.NewHSplit(left, right)
	split.Offset = 0.38
	return split
}

func (v *guidelinesView) onEdition(label string) {
	for _, e := range v.editions {
		if e.Label() == label {
			v.setEdition(e)
			return
		}
	}
}

// setEdition shows edition e; the section shown stays if e has it.
func (v *guidelinesView) setEdition(e *terminology.GuidelineEdition) {
	if v.ed == e {
		return
	}
	v.ed = e
	if v.edition.Selected != e.Label() {
		v.edition.SetSelected(e.Label())
	}
	v.fillList()
	if v.current != "" {
		v.showSection(v.current)
	} else {
		v.clearSection()
	}
}

// fillList shows the contents, or the search hits when there is a search.
func (v *guidelinesView) fillList() {
	v.rows = v.rows[:0]
	if v.ed != nil {
		if q := strings.TrimSpace(v.search.Text); q != "" {
			for _, h := range v.ed.Search(q) {
				v.rows = append(v.rows, guideRow{number: h.Number, text: h.Heading + " — " + h.Snippet, level: 1})
			}
		} else {
			for _, s := range v.ed.Sections {
				v.rows = append(v.rows, guideRow{number: s.Number, text: s.Heading, level: s.Level})
			}
		}
	}
	v.list.UnselectAll()
	v.list.Refresh()
}

// showSection shows section number of the current edition, or says the
// edition does not have it.
func (v *guidelinesView) showSection(number string) {
	v.current = number
	if v.ed == nil {
		return
	}
	sec, err := v.ed.LookupGuideline(number)
	if err != nil {
		v.clearSection()
		v.current = number
		if errors.Is(err, terminology.ErrNoGuidelineSection) {
			v.say(fmt.Sprintf("%s is not in the Official Guidelines %s. Pick another edition on the left to read it there.", number, v.ed.Label()))
		} else {
			v.say(err.Error())
		}
		return
	}
	v.notice.Hide()
	v.title.SetText(fmt.Sprintf("%s %s\nICD-10-CM Official Guidelines, %s, page %d", sec.Number, sec.Heading, v.ed.Label(), sec.Page))
	v.body.SetText(v.ed.FullText(sec))
	v.scroll.ScrollToTop()
}

func (v *guidelinesView) clearSection() {
	v.current = ""
	v.title.SetText("")
	v.body.SetText("")
	v.notice.Hide()
}

func (v *guidelinesView) say(s string) {
	v.notice.SetText(s)
	v.notice.Show()
}

// openCitation shows the cited section in the edition in effect on day
// (a record's date of service). When no edition of that fiscal year is
// loaded, nothing is shown but the reason.
func (v *guidelinesView) openCitation(day time.Time, cite string) {
	number, err := terminology.NormalizeGuidelineNumber(cite)
	if err != nil {
		v.say(err.Error())
		return
	}
	e, err := v.src.GuidelinesOn(day)
	if err != nil {
		v.ed = nil
		v.edition.ClearSelected()
		v.fillList()
		v.clearSection()
		v.say(fmt.Sprintf("%s cannot be shown for a date of service of %s: %v.", citeLabel(number), day.Format(time.DateOnly), err))
		return
	}
	v.ed = nil // show the section even when e was already shown
	v.current = number
	v.setEdition(e)
}

// citeLabel writes a section number as the edits cite it.
func citeLabel(number string) string {
	switch {
	case number == terminology.AppendixI:
		return number
	case !strings.Contains(number, "."):
		return "Section " + number
	}
	return "§" + number
}

// The window's side: the menu item and the citations of the edits.

// onGuidelines opens the Official Guidelines window (or brings it up).
func (u *ui) onGuidelines() {
	g := u.guidelines()
	if g == nil {
		return
	}
	if u.ws != nil && u.ws.rec != nil && g.ed == nil {
		if e, err := g.src.GuidelinesOn(u.ws.rec.Encounter.CodingDate()); err == nil {
			g.setEdition(e)
		}
	}
	u.guideWin.Canvas().Focus(g.search)
}

// onCite opens a citation of the open record's edits.
func (u *ui) onCite(cite string) {
	if u.ws == nil || u.ws.rec == nil {
		return
	}
	day := u.ws.rec.Encounter.CodingDate()
	if g := u.guidelines(); g != nil {
		g.openCitation(day, cite)
	}
}

// guidelines shows the guidelines window, making it on first use; nil when
// the code sets are not loaded.
func (u *ui) guidelines() *guidelinesView {
	if u.book == nil || u.book.Guidelines == nil {
		u.fail("The Official Guidelines are not available", errors.New("the code sets are not loaded yet, or hold no guidelines"))
		return nil
	}
	if u.guideWin == nil || u.guide == nil || u.guide.src != u.book.Guidelines {
		if u.guideWin != nil {
			u.guideWin.Close()
		}
		u.guide = newGuidelinesView(u.book.Guidelines)
		w := u.app.NewWindow("ICD-10-CM Official Guidelines")
		w.SetContent(u.guide.content())
		w.Resize(fyne.NewSize(980, 700))
		w.SetOnClosed(func() { u.guideWin, u.guide = nil, nil })
		u.guideWin = w
	}
	u.guideWin.Show()
	u.guideWin.RequestFocus()
	return u.guide
}
