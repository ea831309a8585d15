// Package report owns Codebench's paper output: the PDF record summary a
// chart can keep (facility header, patient, encounter, the codes in
// sequence, queries, status and who signed off, optionally the note text)
// and sending a PDF to the system printer. It is the only package that
// imports gofpdf; text is set in the Go fonts from golang.org/x/image,
// embedded as UTF-8 TrueType so every name prints as written.
package report

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/jung-kurt/gofpdf"
)

// Options are what the summary needs besides the record.
type Options struct {
	// Facility is the facility's name for the header, from the settings.
	Facility string
	// FacilityAddress is its address, one or more lines separated by "\n".
	FacilityAddress string
	// IncludeNotes appends the text of every note, page by page.
	IncludeNotes bool
	// PrintedBy is who produced the summary; printed in the header when set.
	PrintedBy string
	// Now is when the summary is produced: printed in the header and used
	// as the PDF's creation and modification dates. Zero means time.Now();
	// tests set it so the output is byte-for-byte reproducible.
	Now time.Time
	// Location is the time zone times are printed in; nil means time.Local.
	Location *time.Location
	// PageSize is "Letter" (the default) or "A4".
	PageSize string
}

// ErrNoRecord means Summary was called without a record.
var ErrNoRecord = errors.New("no record to print")

// Layout in millimetres. The table's fixed columns leave the title column
// about 77 mm on Letter paper.
const (
	marginX      = 15.0
	marginTop    = 14.0
	footerSpace  = 18.0 // from the page bottom: footer line plus breathing room
	lineH        = 3.9  // table and body text at 8.5 pt
	cellPad      = 1.2
	bodySize     = 8.5
	labelSize    = 7.5
	sectionSize  = 10.5
	noteTextSize = 8.0
	noteLineH    = 3.6
)

// Footer text on every page.
const confidential = "Confidential — contains protected health information"

type style struct {
	family, face string
	size         float64
	gray         int // 0 black … 255 white
}

var (
	stBody    = style{fontSans, "", bodySize, 0}
	stBold    = style{fontSans, "B", bodySize, 0}
	stLabel   = style{fontSans, "", labelSize, 90}
	stComment = style{fontSans, "I", bodySize - 0.5, 70}
	stSmall   = style{fontSans, "", labelSize, 70}
	stMono    = style{fontMono, "", noteTextSize, 0}
)

// line is one laid-out line of a table cell in its style.
type line struct {
	st   style
	text string
}

type column struct {
	head  string
	w     float64
	align string
	key   bool // repeat the cell's first line when a split row continues
}

type doc struct {
	core    bool            // benchmark baseline only: see summary
	faces   map[string]bool // embedded faces, by family+style
	pdf     *gofpdf.Fpdf
	rec     *app.Record
	opt     Options
	loc     *time.Location
	pageW   float64
	innerW  float64
	bottom  float64 // lowest y content may reach
	bodyTop float64 // y where content starts below a continuation header
	repeat  func()  // redraws a table header after a page break, or nil
}

// Summary writes rec as a PDF record summary to w. notes are the record's
// notes, printed in the order given: listed in the summary, and their text
// appended when opt.IncludeNotes is set. The output depends only on its
// inputs (opt.Now fixes the dates), so the same record gives the same bytes.
func Summary(w io.Writer, rec *app.Record, notes []app.Note, opt Options) error {
	return summary(w, rec, notes, opt, false)
}

// summary is Summary; coreFonts swaps the embedded Go fonts for the PDF
// core fonts (Helvetica, Courier), which cannot print most names. Only the
// benchmark's baseline sets it, to show what the embedded fonts cost.
func summary(w io.Writer, rec *app.Record, notes []app.Note, opt Options, coreFonts bool) error {
	if rec == nil {
		return ErrNoRecord
	}
	d, err := newDoc(rec, opt, coreFonts)
	if err != nil {
		return err
	}
	d.pdf.AddPage()
	d.firstHeader()
	d.patient()
	d.encounter()
	d.codes()
	d.acknowledgements()
	d.queries()
	d.status()
	d.documents(notes)
	if opt.IncludeNotes && len(notes) > 0 {
		d.appendix(notes)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write the record summary: %w", err)
	}
	return nil
}

func newDoc(rec *app.Record, opt Options, coreFonts bool) (*doc, error) {
	size := "Letter"
	switch strings.ToLower(strings.TrimSpace(opt.PageSize)) {
	case "", "letter":
	case "a4":
		size = "A4"
	default:
		return nil, fmt.Errorf("page size %q: use Letter or A4", opt.PageSize)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	loc := opt.Location
	if loc == nil {
		loc = time.Local
	}
	pdf := gofpdf.New("P", "mm", size, "")
	// The alias must be set before the UTF-8 fonts are added: gofpdf sizes
	// each font's subset by it.
	pdf.AliasNbPages("{nb}")
	// Faces are embedded on first use (see set): parsing one costs about
	// a quarter of a one-page summary.
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(opt.Now)
	pdf.SetModificationDate(opt.Now)
	// Metadata shows up in file browsers and print queues: keep PHI out.
	pdf.SetTitle("Record summary "+rec.ID, true)
	pdf.SetCreator(app.Name+" "+app.Version, true)
	pdf.SetMargins(marginX, marginTop, marginX)
	// Every break is decided here, so headers repeat and rows never run
	// into the footer.
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(cellPad)
	pw, ph := pdf.GetPageSize()
	d := &doc{
		core:   coreFonts,
		faces:  map[string]bool{},
		pdf:    pdf,
		rec:    rec,
		opt:    opt,
		loc:    loc,
		pageW:  pw,
		innerW: pw - 2*marginX,
		bottom: ph - footerSpace,
	}
	pdf.SetHeaderFuncMode(d.pageHeader, false)
	pdf.SetFooterFunc(d.pageFooter)
	if pdf.Err() {
		return nil, fmt.Errorf("set up the PDF: %w", pdf.Error())
	}
	return d, nil
}

func (d *doc) set(st style) {
	family := st.family
	if d.core {
		family = "Helvetica"
		if st.family == fontMono {
			family = "Courier"
		}
	} else if key := family + st.face; !d.faces[key] {
		d.faces[key] = true
		for _, f := range fontFaces {
			if f.family == family && f.style == st.face {
				d.pdf.AddUTF8FontFromBytes(f.family, f.style, f.ttf)
			}
		}
	}
	d.pdf.SetFont(family, st.face, st.size)
	d.pdf.SetTextColor(st.gray, st.gray, st.gray)
}

// lines cleans and wraps text to fit a cell of width w in style st.
func (d *doc) lines(text string, st style, w float64) []line {
	text = clean(text, true)
	d.set(st)
	out := make([]line, 0, 2)
	for _, s := range wrap(text, w-2*cellPad, d.pdf.GetStringWidth) {
		out = append(out, line{st, s})
	}
	return out
}

func (d *doc) time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.loc).Format("2006-01-02 15:04 MST")
}

// pageHeader runs on every new page; the first page has the full header
// instead, drawn by firstHeader.
func (d *doc) pageHeader() {
	p := d.pdf
	if p.PageNo() == 1 {
		p.SetXY(marginX, marginTop)
		return
	}
	y := marginTop - 4
	p.SetXY(marginX, y)
	d.set(stSmall)
	left := strings.Join(nonEmpty(d.opt.Facility, "Record summary "+d.rec.ID), " · ")
	right := clean(d.rec.Patient.Name, false) + " · MRN " + clean(d.rec.Patient.MRN, false)
	p.CellFormat(d.innerW/2, 4, fitText(clean(left, false), d.innerW/2-2*cellPad, p.GetStringWidth), "", 0, "L", false, 0, "")
	p.CellFormat(d.innerW/2, 4, fitText(right, d.innerW/2-2*cellPad, p.GetStringWidth), "", 0, "R", false, 0, "")
	y += 5
	d.rule(y, 160)
	d.bodyTop = y + 2
	p.SetXY(marginX, d.bodyTop)
}

func (d *doc) pageFooter() {
	p := d.pdf
	_, ph := p.GetPageSize()
	y := ph - footerSpace + 5
	d.rule(y, 160)
	p.SetXY(marginX, y+1)
	d.set(stSmall)
	p.CellFormat(d.innerW*0.7, 4, confidential, "", 0, "L", false, 0, "")
	p.CellFormat(d.innerW*0.3, 4, "Page "+strconv.Itoa(p.PageNo())+" of {nb}", "", 0, "R", false, 0, "")
}

func (d *doc) rule(y float64, gray int) {
	d.pdf.SetDrawColor(gray, gray, gray)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginX, y, marginX+d.innerW, y)
}

// newPage starts a page and, inside a table, repeats its header.
func (d *doc) newPage() {
	d.pdf.AddPage()
	if d.repeat != nil {
		d.repeat()
	}
}

// ensure starts a new page unless h more millimetres fit on this one.
func (d *doc) ensure(h float64) {
	if d.pdf.GetY()+h > d.bottom {
		d.newPage()
	}
}

func (d *doc) firstHeader() {
	p := d.pdf
	leftW, rightW := d.innerW*0.58, d.innerW*0.42
	y0 := marginTop
	// Facility, left.
	p.SetXY(marginX, y0)
	facility := d.opt.Facility
	facSt := style{fontSans, "B", 13, 0}
	if strings.TrimSpace(facility) == "" {
		facility = "Facility name not set (Settings)"
		facSt.gray = 120
	}
	yl := d.block(marginX, y0, leftW, d.lines(facility, facSt, leftW), 5.6)
	if addr := strings.TrimSpace(d.opt.FacilityAddress); addr != "" {
		yl = d.block(marginX, yl, leftW, d.lines(addr, style{fontSans, "", 8.5, 60}, leftW), 3.8)
	}
	// Document title and provenance, right.
	var right []line
	right = append(right, d.lines("Coded record summary", style{fontSans, "B", 11, 0}, rightW)...)
	right = append(right, d.lines("Record "+d.rec.ID, stSmall, rightW)...)
	printed := "Printed " + d.time(d.opt.Now)
	if d.opt.PrintedBy != "" {
		printed += " by " + d.opt.PrintedBy
	}
	right = append(right, d.lines(printed, stSmall, rightW)...)
	right = append(right, d.lines(app.Name+" "+app.Version, stSmall, rightW)...)
	yr := d.blockAligned(marginX+leftW, y0, rightW, right, 4.3, "R")
	y := max(yl, yr) + 1.5
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.5)
	p.Line(marginX, y, marginX+d.innerW, y)
	p.SetXY(marginX, y+2)
	if d.rec.Demo {
		d.set(style{fontSans, "B", 9, 0})
		p.SetFillColor(255, 240, 200)
		p.CellFormat(d.innerW, 6, "DEMO RECORD — made-up patient, not for any chart", "", 1, "C", true, 0, "")
		p.SetY(p.GetY() + 1)
	}
}

// block draws lines at (x, y) in a column of width w and returns the y
// below them.
func (d *doc) block(x, y, w float64, ls []line, h float64) float64 {
	return d.blockAligned(x, y, w, ls, h, "L")
}

func (d *doc) blockAligned(x, y, w float64, ls []line, h float64, align string) float64 {
	for _, l := range ls {
		d.set(l.st)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(w, h, l.text, "", 0, align, false, 0, "")
		y += h
	}
	return y
}

func (d *doc) section(title string) {
	d.ensure(14) // a heading never sits alone at the foot of a page
	p := d.pdf
	y := p.GetY() + 2.5
	p.SetXY(marginX, y)
	d.set(style{fontSans, "B", sectionSize, 0})
	p.CellFormat(d.innerW, 5.5, title, "", 0, "L", false, 0, "")
	d.rule(y+5.8, 120)
	p.SetXY(marginX, y+7)
}

// fields lays out label/value pairs two to a row.
func (d *doc) fields(pairs [][2]string) {
	const labelW = 27.0
	valueW := d.innerW/2 - labelW
	cols := []column{{"", labelW, "L", true}, {"", valueW, "L", false}, {"", labelW, "L", true}, {"", valueW, "L", false}}
	for i := 0; i < len(pairs); i += 2 {
		cells := make([][]line, 4)
		for j := 0; j < 2 && i+j < len(pairs); j++ {
			cells[2*j] = d.lines(pairs[i+j][0], stLabel, labelW)
			cells[2*j+1] = d.lines(orDash(pairs[i+j][1]), stBody, valueW)
		}
		d.row(cols, cells, false)
	}
}

func (d *doc) patient() {
	pt := d.rec.Patient
	d.section("Patient")
	d.fields([][2]string{
		{"Name", pt.Name},
		{"MRN", pt.MRN},
		{"Date of birth", app.FormatDate(pt.DOB)},
		{"Sex", sexLabel(pt.Sex)},
	})
}

func (d *doc) encounter() {
	e := d.rec.Encounter
	d.section("Encounter")
	pairs := [][2]string{
		{"Account", e.Account},
		{"Type", e.Type.Label()},
	}
	if e.Type == app.Inpatient {
		pairs = append(pairs, [2]string{"Admitted", app.FormatDate(e.Service)}, [2]string{"Discharged", app.FormatDate(e.Discharge)})
	} else {
		pairs = append(pairs, [2]string{"Date of service", app.FormatDate(e.Service)})
	}
	pairs = append(pairs, [2]string{"Provider", e.Provider})
	if e.Facility != "" {
		pairs = append(pairs, [2]string{"Facility", e.Facility})
	}
	if !e.CodingDate().IsZero() {
		basis := "date of service"
		if e.Type == app.Inpatient && !e.Discharge.IsZero() {
			basis = "discharge date"
		}
		pairs = append(pairs, [2]string{"Fiscal year", fmt.Sprintf("FY%d (by %s)", d.rec.Year(), basis)})
	}
	d.fields(pairs)
}

// RoleLabel is how a code's role reads on the summary: the principal
// diagnosis of an outpatient, office or emergency encounter is the
// "first-listed" diagnosis under the outpatient guidelines (Section IV).
func RoleLabel(r app.Role, t app.EncounterType) string {
	switch r {
	case app.Principal:
		if t == app.Inpatient {
			return "Principal diagnosis"
		}
		return "First-listed diagnosis"
	case app.Secondary:
		return "Secondary diagnosis"
	case app.Admitting:
		return "Admitting diagnosis"
	case app.Procedure:
		return "Procedure"
	case "":
		return ""
	}
	return string(r)
}

func (d *doc) codeColumns() []column {
	cols := []column{
		{"#", 7, "R", true},
		{"Role", 31, "L", false},
		{"Code", 17, "L", true},
		{"Code set", 19, "L", false},
		{"Title at assignment", 0, "L", false},
		{"POA", 9, "C", false},
		{"FY", 11, "C", false},
		{"Proc. date", 19.5, "L", false},
	}
	rest := d.innerW
	for _, c := range cols {
		rest -= c.w
	}
	cols[4].w = rest
	return cols
}

func (d *doc) codes() {
	d.section("Codes in sequence")
	as := d.rec.Assignments
	if len(as) == 0 {
		d.para("No codes assigned.", stComment, lineH)
		return
	}
	cols := d.codeColumns()
	head := func(cont bool) {
		if cont {
			d.set(stSmall)
			d.pdf.SetX(marginX)
			d.pdf.CellFormat(d.innerW, 4.5, "Codes in sequence, continued", "", 1, "L", false, 0, "")
		}
		d.tableHead(cols)
	}
	d.ensure(9 + 3*lineH)
	head(false)
	d.repeat = func() { head(true) }
	otherYear := false
	recYear := d.rec.Year()
	for i, a := range as {
		fy := ""
		if a.Year != 0 {
			fy = strconv.Itoa(a.Year)
			if a.Year != recYear {
				fy += "*"
				otherYear = true
			}
		}
		title := d.lines(orText(a.Title, "(no title recorded)"), stBody, cols[4].w)
		if a.Units > 0 {
			title = append(title, d.lines(fmt.Sprintf("Units of service: %d", a.Units), stBody, cols[4].w)...)
		}
		if c := strings.TrimSpace(a.Comment); c != "" {
			title = append(title, d.lines("Coder comment: "+c, stComment, cols[4].w)...)
		}
		d.row(cols, [][]line{
			d.lines(strconv.Itoa(i+1), stBody, cols[0].w),
			d.lines(RoleLabel(a.Role, d.rec.Encounter.Type), stBody, cols[1].w),
			d.lines(codeset.DisplayAssigned(a), stBold, cols[2].w),
			d.lines(a.System.Label(), stSmall, cols[3].w),
			title,
			d.lines(string(a.POA), stBody, cols[5].w),
			d.lines(fy, stBody, cols[6].w),
			d.lines(app.FormatDate(a.ProcedureDate), stBody, cols[7].w),
		}, true)
	}
	d.repeat = nil
	if otherYear {
		d.para(fmt.Sprintf("* checked against a fiscal year other than the record's FY%d.", recYear), stComment, lineH)
	}
}

func (d *doc) tableHead(cols []column) {
	p := d.pdf
	d.set(style{fontSans, "B", labelSize, 0})
	p.SetFillColor(228, 228, 228)
	p.SetX(marginX)
	for _, c := range cols {
		p.CellFormat(c.w, 5, fitText(c.head, c.w-2*cellPad, p.GetStringWidth), "", 0, c.align, true, 0, "")
	}
	p.SetXY(marginX, p.GetY()+5)
}

// row draws one table row, with a rule under it when ruled. A row that
// does not fit moves to the next page whole; a row taller than a page is
// split across pages, so nothing ever runs past the bottom margin.
func (d *doc) row(cols []column, cells [][]line, ruled bool) {
	p := d.pdf
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	fresh := int((d.bottom - d.bodyTopForTables() - 2*cellPad) / lineH)
	broke := false // just started a page: never break twice in a row
	for i := 0; i < n; {
		y := p.GetY()
		avail := int((d.bottom - y - 2*cellPad) / lineH)
		rest := n - i
		if rest > avail && !broke && ((i == 0 && rest <= fresh) || avail < 1) {
			d.newPage()
			broke = true
			continue
		}
		take := min(rest, max(avail, 1))
		x := marginX
		for ci, c := range cols {
			if i > 0 && c.key && i >= len(cells[ci]) && len(cells[ci]) > 0 {
				// Say which row continues here.
				d.set(cells[ci][0].st)
				p.SetXY(x, y+cellPad)
				p.CellFormat(c.w, lineH, cells[ci][0].text, "", 0, c.align, false, 0, "")
			}
			for k := i; k < i+take && k < len(cells[ci]); k++ {
				l := cells[ci][k]
				d.set(l.st)
				p.SetXY(x, y+cellPad+float64(k-i)*lineH)
				p.CellFormat(c.w, lineH, l.text, "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		y += float64(take)*lineH + 2*cellPad
		if ruled {
			d.rule(y, 200)
		}
		p.SetXY(marginX, y)
		i += take
		broke = false
		if i < n {
			d.newPage()
			broke = true
		}
	}
}

// bodyTopForTables is where a table's first row starts on a continuation
// page: below the running header, the "continued" line and the column heads.
func (d *doc) bodyTopForTables() float64 {
	top := d.bodyTop
	if top == 0 {
		top = marginTop + 3
	}
	return top + 4.5 + 5
}

// para writes wrapped text across the full width, breaking pages between
// lines.
func (d *doc) para(text string, st style, h float64) {
	d.paraAt(marginX, d.innerW, text, st, h)
}

func (d *doc) paraAt(x, w float64, text string, st style, h float64) {
	p := d.pdf
	for _, l := range d.lines(text, st, w) {
		d.ensure(h)
		d.set(l.st)
		p.SetXY(x, p.GetY())
		p.CellFormat(w, h, l.text, "", 2, "L", false, 0, "")
	}
	p.SetX(marginX)
}

func (d *doc) gap(h float64) {
	d.pdf.SetY(d.pdf.GetY() + h)
}

func (d *doc) acknowledgements() {
	if len(d.rec.Acknowledgements) == 0 {
		return
	}
	d.section("Warnings reviewed and kept")
	for _, a := range d.rec.Acknowledgements {
		head := a.Rule
		if len(a.Codes) > 0 {
			head += " — " + strings.Join(a.Codes, ", ")
		}
		d.para(head, stBold, lineH)
		d.paraAt(marginX+4, d.innerW-4, orText(a.Reason, "(no reason given)"), stBody, lineH)
		d.paraAt(marginX+4, d.innerW-4, signed(a.By, d.time(a.At)), stSmall, lineH)
		d.gap(1)
	}
}

// queries prints every provider query in the record's history, and the
// open one.
func (d *doc) queries() {
	type query struct {
		text, by, at string
		open         bool
	}
	var qs []query
	for _, h := range d.rec.History {
		if h.To == app.OnHold && strings.TrimSpace(h.Reason) != "" {
			qs = append(qs, query{text: h.Reason, by: h.By, at: d.time(h.At)})
		}
	}
	if q := strings.TrimSpace(d.rec.Query); q != "" {
		if len(qs) > 0 && strings.TrimSpace(qs[len(qs)-1].text) == q {
			qs[len(qs)-1].open = d.rec.Status == app.OnHold
		} else {
			qs = append(qs, query{text: q, open: d.rec.Status == app.OnHold})
		}
	}
	if len(qs) == 0 {
		return
	}
	d.section("Provider query")
	for _, q := range qs {
		head := "Query"
		if q.open {
			head = "Open query"
		}
		if s := signed(q.by, q.at); s != "" {
			head += ", sent " + s
		}
		d.para(head, stBold, lineH)
		d.paraAt(marginX+4, d.innerW-4, q.text, stBody, lineH)
		d.gap(1)
	}
}

func (d *doc) status() {
	r := d.rec
	d.section("Status and sign-off")
	st := r.Status
	if st == "" {
		st = app.ToCode
	}
	pairs := [][2]string{{"Status", st.Label()}}
	if c, ok := r.LastChange(app.Coded); ok {
		pairs = append(pairs, [2]string{"Coded by", signed(c.By, d.time(c.At))})
	} else {
		pairs = append(pairs, [2]string{"Coded by", "not yet coded"})
	}
	if f, ok := r.LastChange(app.Final); ok {
		v := signed(f.By, d.time(f.At))
		if r.Status != app.Final {
			v += " (since reopened)"
		}
		pairs = append(pairs, [2]string{"Finalized by", v})
	} else {
		pairs = append(pairs, [2]string{"Finalized by", "not finalized"})
	}
	pairs = append(pairs, [2]string{"Created by", signed(r.CreatedBy, d.time(r.CreatedAt))})
	d.fields(pairs)
	if len(r.History) == 0 {
		return
	}
	d.gap(1.5)
	cols := []column{
		{"When", 36, "L", true},
		{"Change", 42, "L", true},
		{"By", 32, "L", false},
		{"Reason or query", 0, "L", false},
	}
	cols[3].w = d.innerW - 36 - 42 - 32
	head := func(cont bool) {
		if cont {
			d.set(stSmall)
			d.pdf.SetX(marginX)
			d.pdf.CellFormat(d.innerW, 4.5, "History, continued", "", 1, "L", false, 0, "")
		}
		d.tableHead(cols)
	}
	d.ensure(5 + 2*lineH)
	head(false)
	d.repeat = func() { head(true) }
	for _, h := range r.History {
		from := h.From.Label()
		if h.From == "" {
			from = "new"
		}
		d.row(cols, [][]line{
			d.lines(d.time(h.At), stBody, cols[0].w),
			d.lines(from+" → "+h.To.Label(), stBody, cols[1].w),
			d.lines(h.By, stBody, cols[2].w),
			d.lines(h.Reason, stBody, cols[3].w),
		}, true)
	}
	d.repeat = nil
}

// documents lists the notes attached to the record.
func (d *doc) documents(notes []app.Note) {
	if len(notes) == 0 {
		return
	}
	d.section("Documents")
	for i, n := range notes {
		d.ensure(2 * lineH) // keep a note's name with its details
		d.para(fmt.Sprintf("%d. %s", i+1, noteName(n)), stBody, lineH)
		d.paraAt(marginX+4, d.innerW-4, noteMeta(n, d), stSmall, lineH)
	}
	if !d.opt.IncludeNotes {
		d.gap(1)
		d.para("Note text is not included in this summary.", stComment, lineH)
	}
}

func (d *doc) appendix(notes []app.Note) {
	d.newPage()
	d.set(style{fontSans, "B", 12, 0})
	d.pdf.CellFormat(d.innerW, 7, "Appendix: note text", "", 1, "L", false, 0, "")
	for i, n := range notes {
		d.section(fmt.Sprintf("Note %d: %s", i+1, noteName(n)))
		d.para(noteMeta(n, d), stSmall, lineH)
		if n.SHA256 != "" {
			d.para("SHA-256 of the original: "+n.SHA256, stSmall, lineH)
		}
		if len(n.Pages) == 0 {
			d.para("(no text)", stComment, lineH)
		}
		for _, pg := range n.Pages {
			d.ensure(4 + 3*noteLineH)
			d.gap(1.5)
			head := fmt.Sprintf("Page %d", pg.Number)
			switch pg.Source {
			case app.SourceOCR:
				head += fmt.Sprintf(" · recognised by OCR, confidence %.0f%%; check against the scan", pg.Confidence)
			case app.SourcePDF:
				head += " · text layer of the PDF"
			}
			d.para(head, style{fontSans, "B", labelSize, 60}, 4)
			text := strings.TrimRight(pg.Text, "\n ")
			if strings.TrimSpace(text) == "" {
				d.para("(no text on this page)", stComment, noteLineH)
				continue
			}
			d.para(text, stMono, noteLineH)
		}
	}
}

func noteName(n app.Note) string {
	if n.FileName != "" {
		return n.FileName
	}
	return "Typed note"
}

func noteMeta(n app.Note, d *doc) string {
	parts := nonEmpty(n.MediaType)
	if len(n.Pages) > 0 {
		parts = append(parts, plural(len(n.Pages), "page"))
	}
	if s := signed(n.AddedBy, d.time(n.AddedAt)); s != "" {
		parts = append(parts, "added "+s)
	}
	return strings.Join(parts, " · ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// signed joins who and when: "A. Coder, 2026-03-04 10:00 UTC".
func signed(by, at string) string {
	return strings.Join(nonEmpty(by, at), ", ")
}

func nonEmpty(ss ...string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func sexLabel(s app.Sex) string {
	switch s {
	case app.Female:
		return "Female"
	case app.Male:
		return "Male"
	case app.Unknown:
		return "Unknown"
	}
	return string(s)
}

func orDash(s string) string { return orText(s, "—") }

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// fitText shortens s with an ellipsis to fit w; used only for one-line
// running headers, never for record content in the body.
func fitText(s string, w float64, width func(string) float64) string {
	if width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
