package views

import (
	"context"
	"fmt"
	"image"
	"strings"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/views/widgets"
)

// loadedNote is a saved note with its original file.
type loadedNote = importedNote

// renderWidth is the pixel width pages are rendered at; zoom scales the
// result on screen.
const (
	renderWidth = 1100
	thumbWidth  = 110
)

// noteViewer is the left side of the workspace: page thumbnails, the page
// with zoom and fit-width, its text layer (typed, PDF text or OCR) beside
// it, find in note, and "search codes for the selected text".
type noteViewer struct {
	widget.BaseWidget
	run    runner
	intake Intake
	fail   func(string, error)

	notes    []loadedNote
	thumbGen int // bumped when the thumbnails are redrawn; older renders stop
	cur      int // note index
	page     int // 1-based

	noteSel   *widget.Select
	pageLabel *widget.Label
	zoomLabel *widget.Label
	zoom      float32 // 0 means fit width
	img       *canvas.Image
	imgSize   fyne.Size
	imgScroll *container.Scroll
	thumbs    *fyne.Container
	thumbList []*widgets.Selectable
	pageSide  *fyne.Container
	pageTools *fyne.Container
	split     *container.Split
	body      *fyne.Container

	text      *widgets.ReadOnlyText
	find      *widgets.SearchEntry
	findInfo  *widget.Label
	marked    *widget.RichText
	markedBox *container.Scroll
	textStack *fyne.Container
	matches   []int // byte offsets of find matches in the page text
	matchLen  int
	matchAt   int

	renderSeq    int
	viewW        float32 // width of the page area, for fit width
	onSearchText func(string)

	docMu  sync.Mutex // guards doc and docKey, used off the UI goroutine
	doc    Document   // the note whose pages are drawn, opened once
	docKey string
}

func newNoteViewer(run runner, in Intake, fail func(string, error), notes []loadedNote) *noteViewer {
	v := &noteViewer{run: run, intake: in, fail: fail, page: 1}
	v.noteSel = widget.NewSelect(nil, func(string) {
		if i := v.noteSel.SelectedIndex(); i >= 0 && i != v.cur {
			v.cur = i
			v.showPage(1)
		}
	})
	v.pageLabel = widget.NewLabel("")
	v.zoomLabel = widget.NewLabel("Fit")
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.imgScroll = container.NewScroll(container.NewCenter(v.img))
	v.thumbs = container.NewVBox()
	v.pageTools = container.NewHBox()
	v.text = widgets.NewReadOnlyText()
	v.text.Menu = func() []*fyne.MenuItem {
		return []*fyne.MenuItem{fyne.NewMenuItem("Search codes for the selection", v.onSearchSelection)}
	}
	v.find = widgets.NewSearchEntry()
	v.find.SetPlaceHolder("Find in note")
	v.find.OnChanged = func(string) { v.onFind() }
	v.find.OnSubmitted = func(string) { v.nextMatch(+1) }
	v.find.OnDown = func() { v.nextMatch(+1) }
	v.find.OnUp = func() { v.nextMatch(-1) }
	v.find.OnEscape = v.clearFind
	v.findInfo = widget.NewLabel("")
	v.marked = widget.NewRichText()
	v.marked.Wrapping = fyne.TextWrapWord
	v.markedBox = container.NewVScroll(v.marked)
	v.textStack = container.NewStack(v.text)
	v.pageSide = container.NewBorder(nil, nil, container.NewVScroll(v.thumbs), nil,
		container.New(&fitLayout{v: v}, v.imgScroll))
	v.split = container.NewHSplit(v.pageSide, v.textStack)
	v.split.Offset = 0.6
	v.body = container.NewStack()
	v.ExtendBaseWidget(v)
	v.setNotes(notes)
	return v
}

func (v *noteViewer) CreateRenderer() fyne.WidgetRenderer {
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { v.showPage(v.page - 1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.showPage(v.page + 1) })
	zin := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { v.zoomBy(1.25) })
	zout := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { v.zoomBy(0.8) })
	fit := widget.NewButtonWithIcon("", theme.ViewFullScreenIcon(), func() { v.zoomBy(0) })
	sel := widget.NewButtonWithIcon("Search codes", theme.SearchIcon(), v.onSearchSelection)
	v.pageTools.Objects = []fyne.CanvasObject{prev, v.pageLabel, next, zout, v.zoomLabel, zin, fit}
	bar := container.NewHBox(v.noteSel, v.pageTools)
	findRow := container.NewBorder(nil, nil, nil, container.NewHBox(v.findInfo, sel), v.find)
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(bar, findRow), nil, nil, nil, v.body))
}

// setNotes replaces the notes shown and opens the first page of the last
// note added.
func (v *noteViewer) setNotes(notes []loadedNote) {
	v.notes = notes
	names := make([]string, len(notes))
	for i, n := range notes {
		names[i] = noteName(n.Note, i)
	}
	v.noteSel.Options = names
	v.cur = len(notes) - 1
	if v.cur >= 0 {
		v.noteSel.SetSelectedIndex(v.cur)
	}
	v.noteSel.Refresh()
	v.showPage(1)
}

func noteName(n app.Note, i int) string {
	if n.FileName != "" {
		return n.FileName
	}
	return fmt.Sprintf("Note %d", i+1)
}

func (v *noteViewer) note() *loadedNote {
	if v.cur < 0 || v.cur >= len(v.notes) {
		return nil
	}
	return &v.notes[v.cur]
}

// hasPages reports whether the current note has page images to draw.
func (v *noteViewer) hasPages() bool {
	n := v.note()
	if n == nil || v.intake == nil || len(n.Original) == 0 {
		return false
	}
	mt := n.Note.MediaType
	return strings.HasPrefix(mt, "image/") || mt == "application/pdf"
}

func (v *noteViewer) pageCount() int {
	if n := v.note(); n != nil {
		return len(n.Note.Pages)
	}
	return 0
}

// pageText is the text layer of the page shown.
func (v *noteViewer) pageText() string {
	n := v.note()
	if n == nil || v.page < 1 || v.page > len(n.Note.Pages) {
		return ""
	}
	return n.Note.Pages[v.page-1].Text
}

func (v *noteViewer) showPage(p int) {
	n := v.note()
	if n == nil {
		v.pageLabel.SetText("No note")
		v.text.SetText("")
		v.body.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel("No note yet: drop a file on the window or press Ctrl+O."))}
		v.body.Refresh()
		return
	}
	if p < 1 {
		p = 1
	}
	if c := v.pageCount(); p > c && c > 0 {
		p = c
	}
	v.page = p
	src := ""
	if p <= len(n.Note.Pages) {
		pg := n.Note.Pages[p-1]
		src = string(pg.Source)
		if pg.Source == app.SourceOCR && pg.Confidence > 0 {
			src = fmt.Sprintf("OCR %.0f%%", pg.Confidence)
		}
	}
	label := fmt.Sprintf("Page %d of %d", p, v.pageCount())
	if src != "" {
		label += " · " + src
	}
	v.pageLabel.SetText(label)
	v.text.SetText(v.pageText())
	v.text.SetPlaceHolder("This page has no text layer " + src)
	if v.find.Text != "" {
		v.onFind()
	}
	if v.hasPages() {
		v.pageTools.Show()
		v.body.Objects = []fyne.CanvasObject{v.split}
		v.renderPage()
		if len(v.thumbList) != v.pageCount() {
			v.renderThumbs()
		}
		for i, t := range v.thumbList {
			t.SetSelected(i+1 == p)
		}
	} else {
		v.pageTools.Hide()
		v.body.Objects = []fyne.CanvasObject{v.textStack}
	}
	v.body.Refresh()
}

// docSource is what opens a note's document off the UI goroutine.
type docSource struct {
	key, name string
	data      []byte
}

func (v *noteViewer) source() docSource {
	n := v.note()
	return docSource{key: fmt.Sprintf("%d/%s", v.cur, n.Note.ID), name: noteName(n.Note, v.cur), data: n.Original}
}

// document returns the open document of src, opening it on first use.
// The viewer keeps one note open at a time: opening another closes the
// one before. It runs off the UI goroutine.
func (v *noteViewer) document(src docSource) (Document, error) {
	v.docMu.Lock()
	defer v.docMu.Unlock()
	if v.doc != nil && v.docKey == src.key {
		return v.doc, nil
	}
	if v.doc != nil {
		v.doc.Close()
		v.doc = nil
	}
	d, err := v.intake.Open(context.Background(), src.name, src.data)
	if err != nil {
		return nil, err
	}
	v.doc, v.docKey = d, src.key
	return d, nil
}

// render draws page of src about width pixels wide.
func (v *noteViewer) render(src docSource, page, width int) (image.Image, error) {
	d, err := v.document(src)
	if err != nil {
		return nil, err
	}
	return d.Render(context.Background(), page, width)
}

// close closes the open document; the viewer opens it again if asked to
// draw once more.
func (v *noteViewer) close() {
	v.docMu.Lock()
	defer v.docMu.Unlock()
	if v.doc != nil {
		v.doc.Close()
		v.doc, v.docKey = nil, ""
	}
}

// renderPage draws the page off the UI goroutine; a newer page wins.
func (v *noteViewer) renderPage() {
	v.renderSeq++
	seq := v.renderSeq
	src, page := v.source(), v.page
	var img image.Image
	var err error
	v.run.Go(func() {
		img, err = v.render(src, page, renderWidth)
	}, func() {
		if seq != v.renderSeq {
			return
		}
		if err != nil {
			v.fail("Could not draw the page", fmt.Errorf("%w; its text is still shown on the right", err))
			return
		}
		v.img.Image = img
		b := img.Bounds()
		v.imgSize = fyne.NewSize(float32(b.Dx()), float32(b.Dy()))
		v.applyZoom()
	})
}

func (v *noteViewer) renderThumbs() {
	count := v.pageCount()
	v.thumbList = make([]*widgets.Selectable, count)
	v.thumbs.Objects = nil
	imgs := make([]*canvas.Image, count)
	for i := 0; i < count; i++ {
		im := canvas.NewImageFromImage(nil)
		im.FillMode = canvas.ImageFillContain
		im.SetMinSize(fyne.NewSize(thumbWidth*0.7, thumbWidth*0.9))
		imgs[i] = im
		v.thumbList[i] = widgets.NewSelectable(container.NewBorder(nil, widget.NewLabelWithStyle(fmt.Sprint(i+1), fyne.TextAlignCenter, fyne.TextStyle{}), nil, nil, im),
			func() { v.showPage(i + 1) })
		v.thumbs.Add(v.thumbList[i])
	}
	v.thumbs.Refresh()
	// One page after the other, so a 200-page scan does not start 200
	// renders at once; switching notes stops the chain.
	v.thumbGen++
	v.renderThumb(v.thumbGen, v.source(), imgs, 0)
}

func (v *noteViewer) renderThumb(gen int, src docSource, imgs []*canvas.Image, i int) {
	if i >= len(imgs) || gen != v.thumbGen {
		return
	}
	var img image.Image
	v.run.Go(func() {
		img, _ = v.render(src, i+1, thumbWidth)
	}, func() {
		if gen != v.thumbGen {
			return
		}
		if img != nil {
			imgs[i].Image = img
			imgs[i].Refresh()
		}
		v.renderThumb(gen, src, imgs, i+1)
	})
}

// zoomBy multiplies the zoom; 0 goes back to fit width.
func (v *noteViewer) zoomBy(f float32) {
	if f == 0 {
		v.zoom = 0
	} else {
		if v.zoom == 0 {
			v.zoom = v.fitScale()
		}
		v.zoom *= f
		if v.zoom < 0.1 {
			v.zoom = 0.1
		}
		if v.zoom > 4 {
			v.zoom = 4
		}
	}
	v.applyZoom()
}

func (v *noteViewer) fitScale() float32 {
	w := v.viewW - theme.Padding()*2
	if v.imgSize.Width == 0 || w <= 0 {
		return 1
	}
	return w / v.imgSize.Width
}

func (v *noteViewer) applyZoom() {
	z := v.zoom
	if z == 0 {
		z = v.fitScale()
		v.zoomLabel.SetText("Fit")
	} else {
		v.zoomLabel.SetText(fmt.Sprintf("%.0f%%", v.zoom*100))
	}
	v.img.SetMinSize(fyne.NewSize(v.imgSize.Width*z, v.imgSize.Height*z))
	v.img.Refresh()
	v.imgScroll.Refresh()
}

// selection returns the selected text and where it is, for the evidence
// link of the next code assigned.
func (v *noteViewer) selection() (*app.Evidence, bool) {
	sel := v.text.SelectedText()
	n := v.note()
	if sel == "" || n == nil {
		return nil, false
	}
	text := v.pageText()
	end := runeToByte(text, v.text.CursorTextOffset())
	start := end - len(sel)
	if start < 0 || text[start:end] != sel {
		start = end
		end = start + len(sel)
	}
	if end > len(text) || text[start:end] != sel {
		start = strings.Index(text, sel)
		end = start + len(sel)
	}
	if start < 0 {
		return nil, false
	}
	return &app.Evidence{NoteID: n.Note.ID, Page: v.page, Start: start, End: end, Text: sel}, true
}

func runeToByte(s string, r int) int {
	i := 0
	for b := range s {
		if i == r {
			return b
		}
		i++
	}
	return len(s)
}

func (v *noteViewer) onSearchSelection() {
	sel := strings.Join(strings.Fields(v.text.SelectedText()), " ")
	if sel == "" {
		sel = strings.TrimSpace(v.find.Text)
	}
	if sel == "" {
		v.findInfo.SetText("Select words in the note first")
		return
	}
	if v.onSearchText == nil {
		return
	}
	if utf8.RuneCountInString(sel) > 120 {
		sel = string([]rune(sel)[:120])
	}
	v.onSearchText(sel)
}

func (v *noteViewer) focusFind() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.find); c != nil {
		c.Focus(v.find)
	}
}

// onFind highlights every match of the find text in the page.
func (v *noteViewer) onFind() {
	q := strings.TrimSpace(v.find.Text)
	text := v.pageText()
	v.matches = nil
	if q == "" {
		v.clearMarks()
		return
	}
	lower, lq := strings.ToLower(text), strings.ToLower(q)
	for i := 0; ; {
		j := strings.Index(lower[i:], lq)
		if j < 0 || len(lower) != len(text) {
			break
		}
		v.matches = append(v.matches, i+j)
		i += j + len(lq)
	}
	v.matchLen = len(lq)
	v.matchAt = 0
	if len(v.matches) == 0 {
		v.findInfo.SetText("No match")
	} else {
		v.findInfo.SetText(fmt.Sprintf("1 of %d", len(v.matches)))
	}
	v.mark(text, v.matches, v.matchLen)
}

func (v *noteViewer) nextMatch(d int) {
	if len(v.matches) == 0 {
		return
	}
	v.matchAt = (v.matchAt + d + len(v.matches)) % len(v.matches)
	v.findInfo.SetText(fmt.Sprintf("%d of %d", v.matchAt+1, len(v.matches)))
	v.mark(v.pageText(), v.matches, v.matchLen)
}

// mark shows the page text with the given ranges highlighted, scrolled to
// the current one. The plain selectable text comes back on Escape.
func (v *noteViewer) mark(text string, starts []int, length int) {
	var segs []widget.RichTextSegment
	last := 0
	for i, s := range starts {
		if s < last || s+length > len(text) {
			continue
		}
		segs = append(segs, &widget.TextSegment{Text: text[last:s], Style: widget.RichTextStyleInline})
		st := widget.RichTextStyleStrong
		st.Inline = true
		if i == v.matchAt {
			st.ColorName = theme.ColorNamePrimary
		} else {
			st.ColorName = theme.ColorNameWarning
		}
		segs = append(segs, &widget.TextSegment{Text: text[s : s+length], Style: st})
		last = s + length
	}
	segs = append(segs, &widget.TextSegment{Text: text[last:], Style: widget.RichTextStyleInline})
	v.marked.Segments = segs
	v.marked.Refresh()
	v.textStack.Objects = []fyne.CanvasObject{v.markedBox}
	v.textStack.Refresh()
	if len(starts) > 0 && len(text) > 0 && v.matchAt < len(starts) {
		frac := float32(starts[v.matchAt]) / float32(len(text))
		h := v.marked.MinSize().Height
		y := frac*h - v.markedBox.Size().Height/3
		if y < 0 {
			y = 0
		}
		v.markedBox.Offset = fyne.NewPos(0, y)
		v.markedBox.Refresh()
	}
}

func (v *noteViewer) clearMarks() {
	v.findInfo.SetText("")
	v.textStack.Objects = []fyne.CanvasObject{v.text}
	v.textStack.Refresh()
}

func (v *noteViewer) clearFind() {
	v.find.SetText("")
	v.matches = nil
	v.clearMarks()
}

// showEvidence opens the note and page an assigned code points at and
// highlights the words.
func (v *noteViewer) showEvidence(ev *app.Evidence) {
	if ev == nil {
		return
	}
	for i, n := range v.notes {
		if n.Note.ID == ev.NoteID {
			if v.cur != i {
				v.cur = i
				v.noteSel.SetSelectedIndex(i)
			}
			v.showPage(ev.Page)
			text := v.pageText()
			if ev.Start >= 0 && ev.End <= len(text) && ev.Start < ev.End {
				v.matchAt = 0
				v.findInfo.SetText("Evidence")
				v.mark(text, []int{ev.Start}, ev.End-ev.Start)
			}
			return
		}
	}
	v.fail("Could not show the evidence", fmt.Errorf("its note is no longer on this record"))
}

// fitLayout fills its area with the page scroller and, in fit-width mode,
// re-fits the page whenever the area's width changes.
type fitLayout struct {
	v     *noteViewer
	lastW float32
}

func (l *fitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.v.viewW = size.Width
	if size.Width != l.lastW {
		l.lastW = size.Width
		if l.v.zoom == 0 && l.v.imgSize.Width > 0 {
			l.v.applyZoom()
		}
	}
}

func (l *fitLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(80, 80) }
