package terminology

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/codebench/codebench/app"
)

// ErrMalformed means a release file does not follow its published layout.
var ErrMalformed = errors.New("malformed release file")

// utf8BOM starts files saved by some editors; it is not part of the layout.
var utf8BOM = []byte("\xef\xbb\xbf")

// orderRow is one line of a CMS order file.
type orderRow struct {
	Code     string
	Billable bool
	Short    string
	Long     string
}

// maxLine bounds one line of any text release file; CMS lines are under
// 400 bytes.
const maxLine = 64 << 10

// parseOrderFile reads a CMS ICD-10-CM or ICD-10-PCS order file (the
// fixed-width "tabular order" file: order number in columns 1-5, code in
// 7-13, billable/valid flag in 15, short title in 17-76, long title from
// 78). Lines may end in CRLF or LF; titles in Latin-1 are converted to
// UTF-8. A line that breaks the layout, or a code that appears twice,
// fails with the line number.
func parseOrderFile(r io.Reader, fn func(orderRow)) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	// CMS ends every line, the last too, with CR LF: a last line without
	// its end is a file cut short (a download or copy that stopped), whose
	// codes after the cut would be lost without a word.
	cut := false
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		adv, tok, err := bufio.ScanLines(data, atEOF)
		if atEOF && tok != nil && bytes.IndexByte(data[:adv], '\n') < 0 {
			cut = true
		}
		return adv, tok, err
	})
	seen := map[string]bool{}
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimRight(sc.Bytes(), "\r\n")
		if n == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			// A blank last line (or a stray blank line) carries no row.
			continue
		}
		if cut {
			return n, fmt.Errorf("line %d: %w: the file ends in the middle of a line, so it is cut short: download it again", n, ErrMalformed)
		}
		row, err := parseOrderLine(line)
		if err != nil {
			return n, fmt.Errorf("line %d: %w", n, err)
		}
		if seen[row.Code] {
			return n, fmt.Errorf("line %d: %w: code %s appears twice", n, ErrMalformed, row.Code)
		}
		seen[row.Code] = true
		fn(row)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return n, fmt.Errorf("line %d: %w: line longer than %d bytes", n+1, ErrMalformed, maxLine)
		}
		return n, err
	}
	if len(seen) == 0 {
		return n, fmt.Errorf("%w: no codes in the file", ErrMalformed)
	}
	return n, nil
}

func parseOrderLine(b []byte) (orderRow, error) {
	line := newColumns(b)
	n := line.len()
	if n < 16 {
		return orderRow{}, fmt.Errorf("%w: line too short for the order-file layout (%d characters)", ErrMalformed, n)
	}
	num := line.col(0, 5)
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return orderRow{}, fmt.Errorf("%w: columns 1-5 must be the order number, found %q", ErrMalformed, num)
		}
	}
	if line.at(5) != ' ' || line.at(13) != ' ' || n > 16 && line.at(15) != ' ' {
		return orderRow{}, fmt.Errorf("%w: columns 6, 14 and 16 must be blank", ErrMalformed)
	}
	raw := line.col(6, 13)
	code := strings.TrimRight(raw, " ")
	if !validCode(code, 3, 7) {
		return orderRow{}, fmt.Errorf("%w: columns 7-13 must be a code, found %q", ErrMalformed, raw)
	}
	var bill bool
	switch line.at(14) {
	case '1':
		bill = true
	case '0':
	default:
		return orderRow{}, fmt.Errorf("%w: column 15 must be 0 or 1, found %q", ErrMalformed, string(line.at(14)))
	}
	var short, long string
	if n > 16 {
		short = strings.TrimSpace(line.col(16, min(n, 76)))
	}
	if n > 77 {
		long = strings.TrimSpace(line.col(77, n))
	}
	if short == "" && long == "" {
		return orderRow{}, fmt.Errorf("%w: code %s has no title", ErrMalformed, code)
	}
	if long == "" {
		long = short
	}
	return orderRow{Code: code, Billable: bill, Short: short, Long: long}, nil
}

// columns indexes a fixed-width line by character: bytes for ASCII (the
// common case, no copying), runes otherwise.
type columns struct {
	ascii []byte
	runes []rune
}

func newColumns(b []byte) columns {
	for _, c := range b {
		if c >= 0x80 {
			return columns{runes: toRunes(b)}
		}
	}
	return columns{ascii: b}
}

func (c columns) len() int {
	if c.runes != nil {
		return len(c.runes)
	}
	return len(c.ascii)
}

func (c columns) at(i int) rune {
	if c.runes != nil {
		return c.runes[i]
	}
	return rune(c.ascii[i])
}

// col returns characters [from, to) (0-based), clipped to the line.
func (c columns) col(from, to int) string {
	to = min(to, c.len())
	if from >= to {
		return ""
	}
	if c.runes != nil {
		return string(c.runes[from:to])
	}
	return string(c.ascii[from:to])
}

// validCode reports whether s is upper-case letters and digits of a length
// in [lo, hi].
func validCode(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// toRunes decodes a line as UTF-8 when it is valid UTF-8 and as Latin-1
// otherwise (older CMS files), so fixed columns count characters.
func toRunes(b []byte) []rune {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	out := make([]rune, 0, len(b))
	if ascii || !utf8.Valid(b) {
		for _, c := range b {
			out = append(out, rune(c))
		}
		return out
	}
	return bytes.Runes(b)
}

// latin1 returns s as UTF-8, decoding it as Latin-1 when it is not
// already valid UTF-8.
func latin1(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return string(toRunes(b))
}

// sniffOrderSystem guesses the system of an order file from its first code:
// ICD-10-CM codes start with a letter, ICD-10-PCS sections with a digit or
// one of B, C, D, F, G, H, X and are 3 (table) or 7 characters.
func sniffOrderSystem(head []byte) (app.System, bool) {
	line := bytes.TrimPrefix(head, utf8BOM)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	line = bytes.TrimRight(line, "\r")
	row, err := parseOrderLine(line)
	if err != nil {
		return "", false
	}
	if row.Code[0] >= '0' && row.Code[0] <= '9' {
		return app.ICD10PCS, true
	}
	return app.ICD10CM, true
}

// addYear merges one order file's rows (already parsed, in file order)
// into the set as fiscal year fy of sys, replacing whatever that year held.
func (s *Set) addYear(sys app.System, fy int, rows []orderRow) {
	d := s.sys(sys)
	s.dropYear(sys, fy)
	after := map[*Concept][]*Concept{}
	var head []*Concept
	var prev *Concept
	for _, r := range rows {
		c := d.byCode[r.Code]
		if c == nil {
			c = &Concept{System: sys, Code: r.Code}
			d.byCode[r.Code] = c
			if prev == nil {
				head = append(head, c)
			} else {
				after[prev] = append(after[prev], c)
			}
		}
		c.Valid = c.Valid.With(fy)
		if r.Billable {
			c.Billable = c.Billable.With(fy)
		}
		addTitle(c, fy, r.Short, r.Long)
		prev = c
	}
	if len(head) == 0 && len(after) == 0 {
		return
	}
	order := make([]*Concept, 0, len(d.order)+len(rows))
	var emit func(c *Concept)
	emit = func(c *Concept) {
		order = append(order, c)
		for _, n := range after[c] {
			emit(n)
		}
	}
	for _, c := range head {
		emit(c)
	}
	for _, c := range d.order {
		emit(c)
	}
	d.order = order
}

// dropYear removes fiscal year fy from every concept of sys, and the
// concepts left with no year.
func (s *Set) dropYear(sys app.System, fy int) {
	d := s.systems[sys]
	if d == nil {
		return
	}
	bit := Years(0).With(fy)
	removed := false
	for _, c := range d.order {
		if c.Valid&bit == 0 {
			continue
		}
		c.Valid &^= bit
		c.Billable &^= bit
		ts := c.Titles[:0]
		for _, t := range c.Titles {
			t.Years &^= bit
			if t.Years != 0 {
				ts = append(ts, t)
			}
		}
		c.Titles = ts
		if c.Valid == 0 {
			removed = true
			delete(d.byCode, c.Code)
		}
	}
	if removed {
		keep := d.order[:0]
		for _, c := range d.order {
			if c.Valid != 0 {
				keep = append(keep, c)
			}
		}
		d.order = keep
	}
}

func addTitle(c *Concept, fy int, short, long string) {
	for i := range c.Titles {
		if c.Titles[i].Short == short && c.Titles[i].Long == long {
			c.Titles[i].Years = c.Titles[i].Years.With(fy)
			return
		}
	}
	c.Titles = append(c.Titles, Title{Years: Years(0).With(fy), Short: short, Long: long})
	// Oldest first: titles are added year by year, but a merge may add an
	// older year later.
	for i := len(c.Titles) - 1; i > 0 && c.Titles[i].Years.List()[0] < c.Titles[i-1].Years.List()[0]; i-- {
		c.Titles[i], c.Titles[i-1] = c.Titles[i-1], c.Titles[i]
	}
}

// link sets Parent and Children for every concept of sys: the parent is
// the longest shorter code that exists in the concept's latest year (so a
// placeholder-X code such as S52.501A hangs under the nearest existing
// ancestor), falling back to any year.
func (s *Set) link(sys app.System) {
	d := s.systems[sys]
	if d == nil {
		return
	}
	for _, c := range d.order {
		c.Parent = ""
		c.Children = nil
	}
	if sys == app.HCPCS {
		return
	}
	for _, c := range d.order {
		last := c.Valid.Last()
		var any *Concept
		for n := len(c.Code) - 1; n >= 3; n-- {
			p := d.byCode[c.Code[:n]]
			if p == nil {
				continue
			}
			if p.Valid.Has(last) {
				any = p
				break
			}
			if any == nil {
				any = p
			}
		}
		if any != nil {
			c.Parent = any.Code
			any.Children = append(any.Children, c.Code)
		}
	}
}
