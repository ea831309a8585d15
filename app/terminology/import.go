package terminology

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/intake"
)

// ErrNothingToImport means none of the given files is a release file
// Codebench recognises.
var ErrNothingToImport = errors.New("no code-set release files found: pick the CMS/CDC zips or the files inside them (order files, HCPCS .xlsx/.txt, Tabular/Index XML, POA or conversion files, Official Guidelines PDFs)")

// fileKind is what a release file holds.
type fileKind int

const (
	kindUnknown fileKind = iota
	kindOrderCM
	kindOrderPCS
	kindHCPCSXLSX
	kindHCPCSTXT
	kindTabular
	kindIndex // any ICD10CM.index document: index, eindex, drug, neoplasm
	kindPCSIndex
	kindPOA
	kindPOAAdd
	kindPOADelete
	kindConversion
	kindGuidelines // ICD-10-CM Official Guidelines PDF
)

// kindOrder is the order in which kinds are applied: codes first, so the
// notes and index can attach to them.
var kindOrder = map[fileKind]int{
	kindOrderCM: 1, kindOrderPCS: 1, kindHCPCSXLSX: 2, kindHCPCSTXT: 2,
	kindTabular: 3, kindIndex: 4, kindPCSIndex: 4, kindPOA: 5, kindPOAAdd: 6, kindPOADelete: 6, kindConversion: 7, kindGuidelines: 8,
}

// source is one release file found under the paths given to Import.
type source struct {
	name string // path shown in errors: file, or zip!member
	kind fileKind
	year int
	// month orders several releases of one year (HCPCS quarters).
	month int
	data  func() ([]byte, error)
}

var yearRe = regexp.MustCompile(`(?:^|[^0-9])(20[1-9][0-9])(?:[^0-9]|$)`)
var fyRe = regexp.MustCompile(`(?i)FY ?([0-9]{2})(?:[^0-9]|$)`)

// yearIn finds a 20YY year in a file or folder name, the last one in the
// name; 0 if none.
func yearIn(name string) int {
	m := yearRe.FindAllStringSubmatch(name, -1)
	if len(m) > 0 {
		y, _ := strconv.Atoi(m[len(m)-1][1])
		return y
	}
	if m := fyRe.FindStringSubmatch(name); m != nil {
		y, _ := strconv.Atoi(m[1])
		return 2000 + y
	}
	return 0
}

// yearFromPath looks for a year in the base name first, then in each
// folder or zip name above it, nearest first.
func yearFromPath(p string) int {
	p = strings.ReplaceAll(p, "!", "/")
	parts := strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' })
	for i := len(parts) - 1; i >= 0; i-- {
		if y := yearIn(parts[i]); y != 0 {
			return y
		}
	}
	return 0
}

// classify recognises a release file by its name and first bytes.
func classify(name string, head []byte) fileKind {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	ext := path.Ext(base)
	switch {
	case ext == ".pdf" && strings.Contains(base, "guideline") && bytes.HasPrefix(head, []byte("%PDF")):
		return kindGuidelines
	case ext == ".pdf" || ext == ".xsd" || ext == ".doc" || ext == ".docx" || ext == ".htm" || ext == ".html":
		return kindUnknown
	case ext == ".xml":
		return classifyXML(head)
	case ext == ".xlsx":
		switch {
		case strings.Contains(base, "conversion"):
			return kindConversion
		case strings.HasPrefix(base, "hcpc"):
			return kindHCPCSXLSX
		}
		return kindUnknown
	}
	if ext != ".txt" && ext != "" {
		return kindUnknown
	}
	switch {
	case strings.Contains(base, "addenda"):
		return kindUnknown
	case strings.Contains(base, "poaexempt"):
		switch {
		case strings.Contains(base, "add"):
			return kindPOAAdd
		case strings.Contains(base, "delete"):
			return kindPOADelete
		case strings.Contains(base, "revise"):
			return kindUnknown // titles only; the full list carries them
		}
		if bytes.HasPrefix(bytes.TrimPrefix(head, utf8BOM), []byte("Order")) {
			return kindPOA
		}
		return kindUnknown
	case strings.Contains(base, "order"):
		sys, ok := sniffOrderSystem(head)
		if !ok {
			// Named like an order file but not laid out like one: let the
			// parser say which line is wrong.
			if strings.Contains(base, "pcs") {
				return kindOrderPCS
			}
			return kindOrderCM
		}
		if strings.Contains(base, "pcs") {
			return kindOrderPCS
		}
		if strings.Contains(base, "cm") {
			return kindOrderCM
		}
		if sys == app.ICD10PCS {
			return kindOrderPCS
		}
		return kindOrderCM
	case strings.HasPrefix(base, "hcpc") && looksHCPCSTxt(head):
		return kindHCPCSTXT
	}
	return kindUnknown
}

func classifyXML(head []byte) fileKind {
	h := head
	if len(h) > 2048 {
		h = h[:2048]
	}
	switch {
	case bytes.Contains(h, []byte("<ICD10CM.tabular")):
		return kindTabular
	case bytes.Contains(h, []byte("<ICD10CM.index")):
		return kindIndex
	case bytes.Contains(h, []byte("<ICD10PCS.index")):
		return kindPCSIndex
	}
	return kindUnknown
}

// looksHCPCSTxt reports whether the first record follows the HCPCS
// fixed-width layout: code, 5-digit sequence, record id 3/4/7/8.
func looksHCPCSTxt(head []byte) bool {
	head = bytes.TrimPrefix(head, utf8BOM)
	if len(head) < 12 {
		return false
	}
	for _, c := range head[5:10] {
		if c < '0' || c > '9' {
			return false
		}
	}
	switch head[10] {
	case '3', '4', '7', '8':
		return true
	}
	return false
}

// collect walks paths (files, folders, zips, .gz) and returns every
// recognised release file. Unrecognised files inside folders and zips
// (PDFs, layout notes, code lists) are skipped; an unrecognised file named
// directly is an error.
func collect(ctx context.Context, paths []string) ([]source, error) {
	var out []source
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
		if !st.IsDir() {
			n := len(out)
			if out, err = addFile(out, p, fileOpener(p)); err != nil {
				return nil, err
			}
			if len(out) == n {
				return nil, fmt.Errorf("import %s: not a code-set release file Codebench recognises (order file, HCPCS .xlsx/.txt, Tabular/Index XML, POA list, conversion table, Official Guidelines PDF, or a zip of them)", p)
			}
			continue
		}
		err = filepath.WalkDir(p, func(fp string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if de.IsDir() || strings.HasPrefix(de.Name(), ".") {
				return nil
			}
			out, err = addFile(out, fp, fileOpener(fp))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
	}
	return out, nil
}

// opener opens a file's content from the start.
type opener func() (io.ReadCloser, error)

func readAll(open opener) ([]byte, error) {
	rc, err := open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 1<<30))
}

func fileOpener(p string) opener {
	return func() (io.ReadCloser, error) { return os.Open(p) }
}

// addFile recognises one file (opening zips and .gz) and appends it.
func addFile(out []source, name string, open opener) ([]source, error) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		b, err := readAll(open)
		if err != nil {
			return out, fmt.Errorf("import %s: %w", name, err)
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return out, fmt.Errorf("import %s: not a readable zip (%v): download it again", name, err)
		}
		for _, f := range zr.File {
			if f.FileInfo().IsDir() || strings.HasPrefix(path.Base(f.Name), ".") || strings.HasPrefix(f.Name, "__MACOSX/") {
				continue
			}
			out, err = addFile(out, name+"!"+f.Name, f.Open)
			if err != nil {
				return out, err
			}
		}
		return out, nil
	case strings.HasSuffix(lower, ".gz"):
		gz := func() (io.ReadCloser, error) {
			rc, err := open()
			if err != nil {
				return nil, err
			}
			zr, err := gzip.NewReader(rc)
			if err != nil {
				rc.Close()
				return nil, fmt.Errorf("not a readable gzip file (%v): download it again", err)
			}
			return struct {
				io.Reader
				io.Closer
			}{zr, rc}, nil
		}
		return addNamed(out, name, name[:len(name)-3], gz)
	}
	return addNamed(out, name, name, open)
}

func addNamed(out []source, display, name string, open opener) ([]source, error) {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".pdf":
		if !strings.Contains(strings.ToLower(path.Base(name)), "guideline") {
			return out, nil
		}
	case ".xsd", ".doc", ".docx", ".htm", ".html", ".csv", ".xls", ".rtf", ".zip":
		return out, nil
	}
	rc, err := open()
	if err != nil {
		return out, fmt.Errorf("import %s: %w", display, err)
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(rc, head)
	rc.Close()
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return out, fmt.Errorf("import %s: %w", display, err)
	}
	k := classify(name, head[:n])
	if k == kindUnknown {
		return out, nil
	}
	out = append(out, source{name: display, kind: k, year: yearFromPath(name), month: hcpcsQuarter(path.Base(name)),
		data: func() ([]byte, error) { return readAll(open) }})
	return out, nil
}

// Import reads official release files and returns a new Set holding all of
// them. paths are files or folders, searched recursively, with zips opened
// as downloaded. Each file is recognised by its name and content. progress,
// if not nil, is called after each file. Any malformed file fails the
// whole import with the file name and line; the Set is only returned
// complete.
func Import(ctx context.Context, paths []string, progress func(done, total int, what string), opts ...ImportOption) (*Set, error) {
	srcs, err := collect(ctx, paths)
	if err != nil {
		return nil, err
	}
	if len(srcs) == 0 {
		return nil, ErrNothingToImport
	}
	sort.SliceStable(srcs, func(i, j int) bool {
		a, b := srcs[i], srcs[j]
		if kindOrder[a.kind] != kindOrder[b.kind] {
			return kindOrder[a.kind] < kindOrder[b.kind]
		}
		if a.year != b.year {
			return a.year < b.year
		}
		if a.month != b.month {
			return a.month < b.month
		}
		return a.name < b.name
	})
	s := newSet()
	imp := &importer{set: s}
	for _, o := range opts {
		o(imp)
	}
	for i, src := range srcs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := src.data()
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", src.name, err)
		}
		if err := imp.apply(ctx, src, b); err != nil {
			return nil, fmt.Errorf("import %s: %w", src.name, err)
		}
		if progress != nil {
			progress(i+1, len(srcs), src.name)
		}
	}
	imp.finish()
	return s, nil
}

// importer applies parsed files to a fresh set.
type importer struct {
	set *Set
	// Tabular Lists wait until every order file is in; the newest wins.
	tabular []*tabular
	// Full POA lists wait for their year's add/delete lists.
	poa []poaList
	// pdf reads guideline PDFs; nil for an engine without a cache.
	pdf *intake.Reader
}

type poaList struct {
	fy    int
	codes []string
}

func (imp *importer) apply(ctx context.Context, src source, b []byte) error {
	s := imp.set
	switch src.kind {
	case kindOrderCM, kindOrderPCS:
		sys := app.ICD10CM
		if src.kind == kindOrderPCS {
			sys = app.ICD10PCS
		}
		if src.year == 0 {
			return fmt.Errorf("%w: cannot tell the fiscal year: keep the year in the file name (icd10cm_order_2026.txt) or its folder/zip name", ErrMalformed)
		}
		if src.year < FirstYear || src.year >= FirstYear+64 {
			return fmt.Errorf("%w: fiscal year %d is outside %d-%d", ErrMalformed, src.year, FirstYear, FirstYear+63)
		}
		var rows []orderRow
		if _, err := parseOrderFile(bytes.NewReader(b), func(r orderRow) { rows = append(rows, r) }); err != nil {
			return err
		}
		s.addYear(sys, src.year, rows)
	case kindHCPCSXLSX, kindHCPCSTXT:
		var recs []hcpcsRecord
		var err error
		if src.kind == kindHCPCSXLSX {
			recs, err = parseHCPCSXLSX(bytes.NewReader(b))
		} else {
			recs, err = parseHCPCSText(bytes.NewReader(b))
		}
		if err != nil {
			return err
		}
		if src.year < FirstYear || src.year >= FirstYear+64 {
			return fmt.Errorf("%w: cannot tell the release year: keep the year in the file name (HCPC2025_OCT_ANWEB.xlsx)", ErrMalformed)
		}
		s.addHCPCS(src.year, src.month, recs)
	case kindTabular:
		t, err := parseTabular(bytes.NewReader(b), src.year)
		if err != nil {
			return err
		}
		imp.tabular = append(imp.tabular, t)
	case kindIndex, kindPCSIndex:
		ix, err := parseIndex(bytes.NewReader(b), path.Base(src.name), src.year)
		if err != nil {
			return err
		}
		if old := s.indexes[ix.Kind]; old == nil || old.Year <= ix.Year {
			s.indexes[ix.Kind] = ix
		}
	case kindPOA, kindPOAAdd, kindPOADelete:
		codes, fy, err := parsePOAList(bytes.NewReader(b))
		if err != nil {
			return err
		}
		if fy == 0 {
			fy = src.year
		}
		if fy < FirstYear {
			return fmt.Errorf("%w: cannot tell the fiscal year of the POA list: keep it in the name (POAexemptCodesFY26.txt)", ErrMalformed)
		}
		switch src.kind {
		case kindPOA:
			imp.poa = append(imp.poa, poaList{fy, codes})
		case kindPOAAdd:
			s.poaAdded[fy] = codes
		case kindPOADelete:
			s.poaDeleted[fy] = codes
		}
	case kindConversion:
		if src.year < FirstYear {
			return fmt.Errorf("%w: cannot tell the fiscal year of the conversion table: keep it in the name (ICD-10-CM-CONVERSION-TABLE-FY2026.xlsx)", ErrMalformed)
		}
		rows, err := parseConversionXLSX(bytes.NewReader(b), src.year)
		if err != nil {
			return err
		}
		if src.year >= s.convYear {
			s.applyConversions(src.year, rows)
		}
	case kindGuidelines:
		pages, err := imp.guidelinesText(ctx, b)
		if err != nil {
			return err
		}
		ed, err := parseGuidelines(pages)
		if err != nil {
			return err
		}
		s.addGuidelines(ed)
	}
	return nil
}

// addHCPCS puts one HCPCS release in as year fy, replacing what that year
// held (releases are applied oldest quarter first, so the latest wins).
func (s *Set) addHCPCS(fy, month int, recs []hcpcsRecord) {
	rows := make([]orderRow, len(recs))
	for i, r := range recs {
		rows[i] = orderRow{Code: r.Code, Billable: !r.Modifier, Short: r.Short, Long: r.Long}
	}
	s.addYear(app.HCPCS, fy, rows)
	d := s.systems[app.HCPCS]
	for _, r := range recs {
		c := d.byCode[r.Code]
		c.Modifier = r.Modifier
		c.Added = r.Added
		c.Effective = r.Effective
		c.Termination = r.Termination
	}
	label := strconv.Itoa(fy)
	if month > 0 {
		label += " " + time.Month(month).String()[:3]
	}
	s.hcpcsRelease[fy] = label
}

// finish links the hierarchy and everything that hangs on it.
func (imp *importer) finish() {
	sort.SliceStable(imp.tabular, func(i, j int) bool { return imp.tabular[i].year < imp.tabular[j].year })
	if n := len(imp.tabular); n > 0 {
		imp.set.applyTabular(imp.tabular[n-1])
	}
	sort.SliceStable(imp.poa, func(i, j int) bool { return imp.poa[i].fy > imp.poa[j].fy })
	for _, l := range imp.poa {
		imp.set.applyPOA(l.fy, l.codes)
	}
	imp.set.finish()
}

// finish recomputes everything derived: parents and children, chapters
// and sections of ICD-10-CM codes, index references.
func (s *Set) finish() {
	s.ensureBooks() // before the references are cleared (linkIndex)
	s.unpack()
	for _, sys := range app.Systems {
		s.link(sys)
	}
	s.placeInChapters()
	s.linkIndex()
}
