package terminology

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// parsePOAList reads a CDC POA-exempt list in its tab-delimited form
// (POAexemptCodesFY26.txt, and the Add/Delete lists beside it): a header
// row naming a POAexemptCode column, then one code per row. It returns the
// canonical codes and the fiscal year the header names ("Order26"), 0 if
// none.
func parsePOAList(r io.Reader) (codes []string, fy int, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	col := -1
	n := 0
	seen := map[string]bool{}
	for sc.Scan() {
		n++
		raw := bytes.TrimRight(sc.Bytes(), "\r\n")
		if n == 1 {
			raw = bytes.TrimPrefix(raw, utf8BOM)
		}
		line := strings.TrimRight(latin1(raw), " ")
		if strings.TrimSpace(line) == "" {
			continue
		}
		cells := strings.Split(line, "\t")
		if col < 0 {
			for i, c := range cells {
				c = strings.TrimSpace(c)
				if strings.EqualFold(c, "POAexemptCode") {
					col = i
				}
				if strings.HasPrefix(c, "Order") && len(c) == 7 {
					if y, err := strconv.Atoi(c[5:]); err == nil {
						fy = 2000 + y
					}
				}
			}
			if col < 0 {
				return nil, 0, fmt.Errorf("line %d: %w: no POAexemptCode column in the header", n, ErrMalformed)
			}
			continue
		}
		if col >= len(cells) {
			return nil, 0, fmt.Errorf("line %d: %w: row has %d columns, the code is in column %d", n, ErrMalformed, len(cells), col+1)
		}
		code := Canonical(cells[col])
		if !validCode(code, 3, 7) || code[0] < 'A' || code[0] > 'Z' {
			return nil, 0, fmt.Errorf("line %d: %w: %q is not an ICD-10-CM code", n, ErrMalformed, cells[col])
		}
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, 0, fmt.Errorf("line %d: %w: line too long", n+1, ErrMalformed)
		}
		return nil, 0, err
	}
	if col < 0 {
		return nil, 0, fmt.Errorf("%w: the file is empty", ErrMalformed)
	}
	return codes, fy, nil
}

// applyPOA sets the exempt list of fiscal year fy. When the published
// additions and deletions of that year are known, the previous year's list
// is derived from them unless it was imported itself.
func (s *Set) applyPOA(fy int, codes []string) {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	s.poa[fy] = m
	delete(s.poaDerivedYears, fy)
	s.derivePOA(fy)
}

func (s *Set) derivePOA(fy int) {
	cur, ok := s.poa[fy]
	added, deleted := s.poaAdded[fy], s.poaDeleted[fy]
	if !ok || added == nil && deleted == nil {
		return
	}
	if prev, ok := s.poa[fy-1]; ok && !s.poaDerived(fy-1) && len(prev) > 0 {
		return
	}
	prev := make(map[string]bool, len(cur))
	for c := range cur {
		prev[c] = true
	}
	for _, c := range added {
		delete(prev, c)
	}
	for _, c := range deleted {
		prev[c] = true
	}
	s.poa[fy-1] = prev
	if s.poaDerivedYears == nil {
		s.poaDerivedYears = map[int]bool{}
	}
	s.poaDerivedYears[fy-1] = true
}

func (s *Set) poaDerived(fy int) bool { return s.poaDerivedYears[fy] }

// POADerived reports whether the fiscal year's POA-exempt list was derived
// from the next year's list and its published changes rather than
// imported.
func (s *Set) POADerived(fy int) bool { return s.poaDerived(fy) }

var convCodeRe = regexp.MustCompile(`\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?\b`)

// parseConversionXLSX reads the CDC ICD-10-CM conversion table: a title
// row, a header row ("Current code assignment", "Effective", "Previous
// Code(s) Assignment"), then one row per new code.
func parseConversionXLSX(r io.Reader, fy int) (out []Conversion, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("%w: unreadable spreadsheet (%v)", ErrMalformed, p)
		}
	}()
	f, sheet, err := openWorkbook(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	cur, eff, prev := -1, -1, -1
	for i, row := range rows {
		if cur < 0 {
			for j, c := range row {
				l := strings.ToLower(strings.TrimSpace(c))
				switch {
				case strings.HasPrefix(l, "current code"):
					cur = j
				case l == "effective" || strings.HasPrefix(l, "effective"):
					eff = j
				case strings.HasPrefix(l, "previous code"):
					prev = j
				}
			}
			if cur >= 0 && (eff < 0 || prev < 0) {
				return nil, fmt.Errorf("row %d: %w: the header needs Current, Effective and Previous columns", i+1, ErrMalformed)
			}
			if i > 10 && cur < 0 {
				break
			}
			continue
		}
		get := func(k int) string {
			if k < len(row) {
				return strings.TrimSpace(row[k])
			}
			return ""
		}
		if get(cur) == "" && get(prev) == "" {
			continue
		}
		code := Canonical(get(cur))
		if !validCode(code, 3, 7) {
			return nil, fmt.Errorf("row %d: %w: %q is not an ICD-10-CM code", i+1, ErrMalformed, get(cur))
		}
		since, err := conversionDate(get(eff))
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
		c := Conversion{Current: code, Text: get(prev), Since: since, Year: fy}
		for _, m := range convCodeRe.FindAllString(strings.ToUpper(c.Text), -1) {
			c.Previous = append(c.Previous, Canonical(m))
		}
		out = append(out, c)
	}
	if cur < 0 {
		return nil, fmt.Errorf("%w: no \"Current code assignment\" header: this is not the ICD-10-CM conversion table", ErrMalformed)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the conversion table has no rows", ErrMalformed)
	}
	return out, nil
}

// conversionDate reads the table's Effective column: a year ("2017",
// meaning 1 October of that year) or a date ("04/01/23").
func conversionDate(s string) (string, error) {
	if y, err := strconv.Atoi(s); err == nil && y >= 2000 && y < 2100 {
		return fmt.Sprintf("%d-10-01", y), nil
	}
	for _, layout := range []string{"01/02/06", "1/2/06", "01/02/2006", "1/2/2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	// Spreadsheet serial day numbers, when the cell is a date.
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 30000 && n < 80000 {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%w: effective date %q is neither a year nor MM/DD/YY", ErrMalformed, s)
}

// applyConversions replaces the conversion table.
func (s *Set) applyConversions(fy int, rows []Conversion) {
	s.conversions = rows
	s.convYear = fy
	s.indexConversions()
}

func (s *Set) indexConversions() {
	s.convBy = map[string][]int{}
	for i, c := range s.conversions {
		s.convBy[c.Current] = append(s.convBy[c.Current], i)
		for _, p := range c.Previous {
			if p != c.Current {
				s.convBy[p] = append(s.convBy[p], i)
			}
		}
	}
}
