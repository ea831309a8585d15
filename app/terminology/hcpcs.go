package terminology

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// hcpcsRecord is one HCPCS Level II code or modifier with its whole long
// description (continuation records joined).
type hcpcsRecord struct {
	Code        string // canonical: modifiers without their leading blanks
	Modifier    bool
	Short, Long string
	Added       string // YYYY-MM-DD
	Effective   string
	Termination string
	Action      string
}

// HCPCS record layout (CMS contractor record, 320 bytes; 1-based columns).
const (
	hcpcsLongFrom, hcpcsLongTo   = 12, 91
	hcpcsShortFrom, hcpcsShortTo = 92, 119
	hcpcsAddFrom                 = 269 // ADD DT, CCYYMMDD
	hcpcsEffFrom                 = 277 // ACT EFF DT
	hcpcsTermFrom                = 285 // TERM DT
	hcpcsActionAt                = 293 // ACTION CD
)

// excluded reports codes Codebench must never ship: CPT (AMA; numeric
// codes and numeric modifiers) and CDT (ADA; D-series codes).
func excludedHCPCS(code string, modifier bool) bool {
	if modifier {
		return len(code) == 2 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9'
	}
	if len(code) == 5 && code[0] == 'D' {
		return true
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// hcpcsDate turns CCYYMMDD into YYYY-MM-DD; blank stays blank.
func hcpcsDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" || s == "00000000" {
		return "", nil
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return "", fmt.Errorf("%w: date %q is not CCYYMMDD", ErrMalformed, s)
	}
	return t.Format(time.DateOnly), nil
}

// hcpcsCollector joins first and continuation records in file order.
type hcpcsCollector struct {
	out  []hcpcsRecord
	seen map[string]bool
}

func (h *hcpcsCollector) add(rawCode, recID, long, short, add, eff, term, action string) error {
	code := strings.ToUpper(strings.TrimSpace(rawCode))
	switch recID {
	case "3", "7":
	case "4", "8":
		if len(h.out) == 0 || h.out[len(h.out)-1].Code != code {
			return fmt.Errorf("%w: continuation record for %q does not follow its first record", ErrMalformed, code)
		}
		last := &h.out[len(h.out)-1]
		if l := strings.TrimSpace(long); l != "" {
			last.Long = strings.TrimSpace(last.Long + " " + l)
		}
		return nil
	default:
		return fmt.Errorf("%w: record id %q (want 3, 4, 7 or 8)", ErrMalformed, recID)
	}
	mod := recID == "7"
	if mod && !validCode(code, 2, 2) || !mod && !validCode(code, 5, 5) {
		return fmt.Errorf("%w: %q is not a HCPCS code or modifier", ErrMalformed, rawCode)
	}
	if h.seen[code] {
		return fmt.Errorf("%w: code %s appears twice", ErrMalformed, code)
	}
	h.seen[code] = true
	r := hcpcsRecord{Code: code, Modifier: mod, Short: strings.TrimSpace(short), Long: strings.TrimSpace(long), Action: strings.TrimSpace(action)}
	var err error
	if r.Added, err = hcpcsDate(add); err != nil {
		return err
	}
	if r.Effective, err = hcpcsDate(eff); err != nil {
		return err
	}
	if r.Termination, err = hcpcsDate(term); err != nil {
		return err
	}
	if r.Long == "" {
		r.Long = r.Short
	}
	h.out = append(h.out, r)
	return nil
}

// records returns the codes without CPT and CDT content.
func (h *hcpcsCollector) records() []hcpcsRecord {
	out := h.out[:0]
	for _, r := range h.out {
		if !excludedHCPCS(r.Code, r.Modifier) {
			out = append(out, r)
		}
	}
	return out
}

// parseHCPCSText reads the fixed-width HCPCS file CMS publishes beside the
// .xlsx (HCPC2025_OCT_ANWEB.txt).
func parseHCPCSText(r io.Reader) ([]hcpcsRecord, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	h := &hcpcsCollector{seen: map[string]bool{}}
	n := 0
	for sc.Scan() {
		n++
		b := bytes.TrimRight(sc.Bytes(), "\r\n")
		if n == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		line := newColumns(b)
		if line.len() < 12 {
			return nil, fmt.Errorf("line %d: %w: record too short (%d characters)", n, ErrMalformed, line.len())
		}
		col := func(from, to int) string { return line.col(from-1, to) }
		for _, c := range col(6, 10) {
			if c < '0' || c > '9' {
				return nil, fmt.Errorf("line %d: %w: columns 6-10 must be the sequence number", n, ErrMalformed)
			}
		}
		if err := h.add(col(1, 5), col(11, 11), col(hcpcsLongFrom, hcpcsLongTo), col(hcpcsShortFrom, hcpcsShortTo),
			col(hcpcsAddFrom, hcpcsAddFrom+7), col(hcpcsEffFrom, hcpcsEffFrom+7), col(hcpcsTermFrom, hcpcsTermFrom+7),
			col(hcpcsActionAt, hcpcsActionAt)); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: %w: line too long", n+1, ErrMalformed)
		}
		return nil, err
	}
	if len(h.out) == 0 {
		return nil, fmt.Errorf("%w: no HCPCS records", ErrMalformed)
	}
	return h.records(), nil
}

// xlsxLimits bounds what a workbook may unpack to (the HCPCS file is
// 16 MB unpacked): a damaged or hostile zip header cannot make excelize
// allocate gigabytes, and nothing is unpacked to temporary files.
var xlsxLimits = excelize.Options{UnzipSizeLimit: 128 << 20, UnzipXMLSizeLimit: 128 << 20}

// openWorkbook opens an official .xlsx within xlsxLimits and names its
// first sheet, the one CMS and CDC put their table in.
func openWorkbook(r io.Reader) (*excelize.File, string, error) {
	f, err := excelize.OpenReader(r, xlsxLimits)
	if err != nil {
		return nil, "", fmt.Errorf("%w: not a readable .xlsx workbook (%v)", ErrMalformed, err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, "", fmt.Errorf("%w: the workbook has no sheet", ErrMalformed)
	}
	return f, sheets[0], nil
}

// parseHCPCSXLSX reads the HCPCS alpha-numeric spreadsheet: first sheet,
// first row the header (HCPC, SEQNUM, RECID, LONG DESCRIPTION, SHORT
// DESCRIPTION, ..., ADD DT, ACT EFF DT, TERM DT, ACTION CD).
func parseHCPCSXLSX(r io.Reader) (recs []hcpcsRecord, err error) {
	defer func() {
		// excelize may panic on some corrupt workbooks; report them as such.
		if p := recover(); p != nil {
			recs, err = nil, fmt.Errorf("%w: unreadable spreadsheet (%v)", ErrMalformed, p)
		}
	}()
	f, sheet, err := openWorkbook(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: sheet %s: %v", ErrMalformed, sheet, err)
	}
	defer rows.Close()
	h := &hcpcsCollector{seen: map[string]bool{}}
	col := map[string]int{}
	need := []string{"HCPC", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION"}
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("row %d: %w: %v", n, ErrMalformed, err)
		}
		if n == 1 {
			for i, c := range cells {
				col[strings.ToUpper(strings.TrimSpace(c))] = i
			}
			for _, k := range need {
				if _, ok := col[k]; !ok {
					return nil, fmt.Errorf("row 1: %w: no %q column: this is not the HCPCS alpha-numeric file", ErrMalformed, k)
				}
			}
			continue
		}
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(cells) {
				return ""
			}
			return cells[i]
		}
		if strings.TrimSpace(get("HCPC")) == "" && strings.TrimSpace(get("RECID")) == "" {
			continue
		}
		if err := h.add(get("HCPC"), strings.TrimSpace(get("RECID")), get("LONG DESCRIPTION"), get("SHORT DESCRIPTION"),
			get("ADD DT"), get("ACT EFF DT"), get("TERM DT"), get("ACTION CD")); err != nil {
			return nil, fmt.Errorf("row %d: %w", n, err)
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(h.out) == 0 {
		return nil, fmt.Errorf("%w: no HCPCS records", ErrMalformed)
	}
	return h.records(), nil
}

// hcpcsQuarter returns 1-12 for the month named in a HCPCS file name
// (HCPC2025_OCT_ANWEB.xlsx → 10), 0 when none.
func hcpcsQuarter(name string) int {
	up := strings.ToUpper(name)
	for i, m := range []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"} {
		if strings.Contains(up, "_"+m) || strings.Contains(up, m+"_") {
			return i + 1
		}
	}
	return 0
}
