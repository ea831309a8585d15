package terminology

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/codebench/codebench/app"
)

// hcpcsLine builds one record of the CMS HCPCS fixed-width layout.
func hcpcsLine(code, seq, recID, long, short, add, eff, term, action string) string {
	b := []byte(strings.Repeat(" ", 320))
	put := func(at int, s string) { copy(b[at-1:], s) }
	put(1, code)
	put(6, seq)
	put(11, recID)
	put(12, long)
	if recID == "3" || recID == "7" {
		put(92, short)
		put(269, add)
		put(277, eff)
		put(285, term)
		put(293, action)
	}
	return strings.TrimRight(string(b), " ")
}

// hcpcsTextSample is a made-up file in the CMS layout: a code whose long
// description runs over a continuation record, a modifier with leading
// blanks, a terminated code, and a CPT-looking and a CDT-looking code that
// must be dropped.
func hcpcsTextSample() string {
	lines := []string{
		hcpcsLine("   AA", "00100", "7", "Anesthesia services performed personally by anesthesiologist", "Anes perf by anesthesiologis", "19920101", "19920101", "", "N"),
		hcpcsLine("   ZZ", "00100", "7", "Made-up modifier spanning", "Made-up modifier", "20200101", "20200101", "", "N"),
		hcpcsLine("   ZZ", "00200", "8", "two records", "", "", "", "", ""),
		hcpcsLine("A0021", "00100", "3", "Ambulance service, outside state per mile, transport", "Outside state ambulance serv", "19950101", "20000101", "", "N"),
		hcpcsLine("A0021", "00200", "4", "(Medicaid only)", "", "", "", "", ""),
		hcpcsLine("G9999", "00100", "3", "Made-up terminated code", "Made-up terminated", "20100101", "20240101", "20241231", "D"),
		hcpcsLine("99213", "00100", "3", "Must never be imported", "CPT", "20000101", "20000101", "", "N"),
		hcpcsLine("D0120", "00100", "3", "Must never be imported", "CDT", "20000101", "20000101", "", "N"),
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

func TestParseHCPCSText(t *testing.T) {
	recs, err := parseHCPCSText(strings.NewReader(hcpcsTextSample()))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("got %d records, want 4 (CPT and CDT dropped): %+v", len(recs), recs)
	}
	want := []hcpcsRecord{
		{Code: "AA", Modifier: true, Short: "Anes perf by anesthesiologis", Long: "Anesthesia services performed personally by anesthesiologist", Added: "1992-01-01", Effective: "1992-01-01", Action: "N"},
		{Code: "ZZ", Modifier: true, Short: "Made-up modifier", Long: "Made-up modifier spanning two records", Added: "2020-01-01", Effective: "2020-01-01", Action: "N"},
		{Code: "A0021", Short: "Outside state ambulance serv", Long: "Ambulance service, outside state per mile, transport (Medicaid only)", Added: "1995-01-01", Effective: "2000-01-01", Action: "N"},
		{Code: "G9999", Short: "Made-up terminated", Long: "Made-up terminated code", Added: "2010-01-01", Effective: "2024-01-01", Termination: "2024-12-31", Action: "D"},
	}
	for i := range want {
		if recs[i] != want[i] {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, recs[i], want[i])
		}
	}
}

func TestParseHCPCSTextErrors(t *testing.T) {
	good := hcpcsLine("A0021", "00100", "3", "Ambulance", "Amb", "19950101", "20000101", "", "N")
	tests := []struct {
		name, text, want string
	}{
		{"bad record id", good + "\n" + hcpcsLine("A0022", "00100", "5", "x", "x", "", "", "", ""), "line 2"},
		{"orphan continuation", hcpcsLine("A0021", "00200", "4", "x", "", "", "", "", ""), "line 1"},
		{"bad date", hcpcsLine("A0021", "00100", "3", "x", "x", "19951301", "", "", ""), "line 1"},
		{"short line", good + "\nA0022 001", "line 2"},
		{"bad sequence", "A0021 abc 3 Ambulance", "line 1"},
		{"empty", "\n\n", "no HCPCS records"},
		{"duplicate", good + "\n" + good, "line 2"},
	}
	for _, tt := range tests {
		_, err := parseHCPCSText(strings.NewReader(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want %q and ErrMalformed", tt.name, err, tt.want)
		}
	}
}

// hcpcsXLSXSample writes a made-up workbook laid out like the CMS file.
func hcpcsXLSXSample(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	head := []any{"HCPC", "SEQNUM", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION", "PRICE1", "ADD DT", "ACT EFF DT", "TERM DT", "ACTION CD"}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseHCPCSXLSX(t *testing.T) {
	b := hcpcsXLSXSample(t, [][]any{
		{"   A1", "0010", "7", "Dressing for one wound", "Dressing for one wound", "", "20020701", "20020701", "", "N"},
		{"E0100", "0010", "3", "Cane, includes canes of all materials, adjustable or fixed, with tip", "Cane adjust/fixed with tip", "00", "19840101", "19840101", "", "N"},
		{"E0100", "0020", "4", "(made-up continuation)", "", "", "", "", "", ""},
	})
	recs, err := parseHCPCSXLSX(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Code != "A1" || !recs[0].Modifier || recs[1].Code != "E0100" ||
		recs[1].Long != "Cane, includes canes of all materials, adjustable or fixed, with tip (made-up continuation)" || recs[1].Effective != "1984-01-01" {
		t.Fatalf("got %+v", recs)
	}
	bad := hcpcsXLSXSample(t, [][]any{{"E0100", "0010", "9", "x", "x"}})
	if _, err := parseHCPCSXLSX(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("bad record id: err = %v, want row 2", err)
	}
	if _, err := parseHCPCSXLSX(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("truncated workbook imported")
	}
}

func TestImportHCPCSTextFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "HCPC2025_JUL_ANWEB.txt")
	if err := os.WriteFile(p, []byte(hcpcsTextSample()), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Import(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Lookup(app.HCPCS, "a0021")
	if c == nil || c.Modifier || !c.Valid.Has(2025) || c.Effective != "2000-01-01" {
		t.Fatalf("A0021 = %+v", c)
	}
	if m := s.Lookup(app.HCPCS, "  zz"); m == nil || !m.Modifier || m.Billable.Has(2025) {
		t.Fatalf("ZZ = %+v", m)
	}
	if s.Lookup(app.HCPCS, "99213") != nil || s.Lookup(app.HCPCS, "D0120") != nil {
		t.Error("CPT or CDT code imported")
	}
}

func TestHCPCSOfficialFile(t *testing.T) {
	s := officialSet(t)
	codes, mods := 0, 0
	for _, c := range s.Concepts(app.HCPCS) {
		if !c.Valid.Has(2025) {
			continue
		}
		if c.Modifier {
			mods++
		} else {
			codes++
		}
		if excludedHCPCS(c.Code, c.Modifier) {
			t.Errorf("CPT/CDT content imported: %s", c.Code)
		}
	}
	if codes != 8463 || mods != 383 {
		t.Errorf("HCPCS 2025: %d codes and %d modifiers, want 8463 and 383", codes, mods)
	}
	var st *Stat
	for _, x := range s.Stats() {
		if x.System == app.HCPCS && x.Year == 2025 {
			st = &x
		}
	}
	if st == nil || st.Total != 8846 || st.Billable != 8463 {
		t.Errorf("HCPCS stat = %+v, want total 8846 billable 8463", st)
	}
	a1 := s.Lookup(app.HCPCS, "A1")
	if a1 == nil || !a1.Modifier || a1.TitleIn(2025).Long != "Dressing for one wound" || a1.Effective != "2002-07-01" {
		t.Errorf("A1 = %+v", a1)
	}
	j := s.Lookup(app.HCPCS, "J1100")
	if j == nil || j.Modifier || !j.Billable.Has(2025) || !strings.Contains(strings.ToLower(j.TitleIn(2025).Long), "dexamethasone") {
		t.Errorf("J1100 = %+v", j)
	}
}

// TestXLSXParsersSurviveDamage feeds both spreadsheet parsers a thousand
// damaged copies of made-up workbooks (bytes overwritten, inserted,
// deleted, lengths set to extremes): each must return, with records or an
// error, and never panic or keep CPT/CDT codes. It complements
// FuzzParseHCPCSXLSX, whose coverage-guided runs are slow on excelize.
func TestXLSXParsersSurviveDamage(t *testing.T) {
	seeds := [][]byte{
		hcpcsXLSXSample(t, [][]any{{"   A1", "0010", "7", "Dressing", "Dressing", "", "20020701", "20020701", "", "N"}, {"E0100", "0010", "3", "Cane", "Cane", "00", "19840101", "19840101", "", "N"}}),
		conversionSample(t, [][]any{{"Q00.11", "2017", "Q00.1"}, {"Q00.12", "04/01/23", "Q00.1"}}),
	}
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 1000; i++ {
		b := append([]byte(nil), seeds[i%2]...)
		for k := 0; k < 1+r.Intn(3); k++ {
			p := r.Intn(len(b) - 8)
			switch r.Intn(5) {
			case 0:
				b[p] = byte(r.Intn(256))
			case 1:
				binary.LittleEndian.PutUint32(b[p:], []uint32{0xffffffff, 0x7fffffff, 0x80000000, 0, 1 << 20}[r.Intn(5)])
			case 2:
				b = append(b[:p], append(make([]byte, r.Intn(64)), b[p:]...)...)
			case 3:
				b = append(b[:p], b[p+r.Intn(min(64, len(b)-p)):]...)
			case 4:
				binary.LittleEndian.PutUint16(b[p:], uint16(r.Intn(65536)))
			}
		}
		if recs, err := parseHCPCSXLSX(bytes.NewReader(b)); err == nil {
			for _, rec := range recs {
				if excludedHCPCS(rec.Code, rec.Modifier) {
					t.Fatalf("kept %s", rec.Code)
				}
			}
		}
		parseConversionXLSX(bytes.NewReader(b), 2031)
	}
}
