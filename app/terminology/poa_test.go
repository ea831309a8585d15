package terminology

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/codebench/codebench/app"
)

func TestParsePOAList(t *testing.T) {
	codes, fy, err := parsePOAList(strings.NewReader("Order31\tPOAexemptCode\tDescription\r\n00001\tQ00.1\tMade-up\r\n00002\tQ009\tMade-up 2\r\n"))
	if err != nil || fy != 2031 || strings.Join(codes, ",") != "Q001,Q009" {
		t.Fatalf("codes %v fy %d err %v", codes, fy, err)
	}
	tests := []struct{ name, text, want string }{
		{"no header", "00001\tQ00.1\tx\r\n", "line 1"},
		{"bad code", "POAexemptCode\tDescription\nQ00.1\tx\n12345\ty\n", "line 3"},
		{"missing column", "Order31\tPOAexemptCode\tDescription\n00001\n", "line 2"},
		{"empty", "", "empty"},
	}
	for _, tt := range tests {
		_, _, err := parsePOAList(strings.NewReader(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestPOAImportDerivesPreviousYear(t *testing.T) {
	dir := t.TempDir()
	writeZip(t, filepath.Join(dir, "POAexemptCodesFY31.zip"), map[string][]byte{
		"POAexemptCodesFY31.txt":       []byte("Order31\tPOAexemptCode\tDescription\r\n00001\tQ00.1\tA\r\n00002\tQ00.9\tB\r\n"),
		"POAexemptAddCodesFY31.txt":    []byte("Order31\tPOAexemptCode\tDescription\r\n00002\tQ00.9\tB\r\n"),
		"POAexemptDeleteCodesFY31.txt": []byte("POAexemptCode\tDescription\r\nQ00.5\tC\r\n"),
		"POAexemptReviseCodesFY31.txt": []byte("Order31\tAction\tPOAexemptCode\tDescription\r\n"),
		"POAexemptCodesFY31.xlsx":      []byte("PK not read"),
		"ReadMePOAexemptFY31.txt":      []byte("Description of files"),
	})
	s, err := Import(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code string
		fy   int
		want bool
	}{{"Q00.1", 2031, true}, {"q009", 2031, true}, {"Q00.5", 2031, false}, {"Q00.1", 2030, true}, {"Q00.9", 2030, false}, {"Q00.5", 2030, true}, {"Q00.1", 2035, true}} {
		if got := s.POAExempt(tt.code, tt.fy); got != tt.want {
			t.Errorf("POAExempt(%s, %d) = %v", tt.code, tt.fy, got)
		}
	}
	if !s.POADerived(2030) || s.POADerived(2031) {
		t.Error("FY2030 should be derived, FY2031 imported")
	}
}

func conversionSample(t testing.TB, rows [][]any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	all := append([][]any{{"Made-up conversion table"}, {"Current code assignment", "Effective", "Previous Code(s) Assignment"}}, rows...)
	for i, r := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
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

func TestParseConversion(t *testing.T) {
	b := conversionSample(t, [][]any{
		{"Q00.11 ", "2017", "Q00.1"},
		{"Q00.12", "04/01/23", "Q00.10-Q00.19; Q00.2 AND Q00.3"},
	})
	rows, err := parseConversionXLSX(bytes.NewReader(b), 2031)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Current != "Q0011" || rows[0].Since != "2017-10-01" || strings.Join(rows[0].Previous, ",") != "Q001" ||
		rows[1].Since != "2023-04-01" || strings.Join(rows[1].Previous, ",") != "Q0010,Q0019,Q002,Q003" {
		t.Errorf("rows = %+v", rows)
	}
	bad := conversionSample(t, [][]any{{"Q00.11", "someday", "Q00.1"}})
	if _, err := parseConversionXLSX(bytes.NewReader(bad), 2031); err == nil || !strings.Contains(err.Error(), "row 3") {
		t.Errorf("bad date: err = %v", err)
	}
	if _, err := parseConversionXLSX(bytes.NewReader(hcpcsXLSXSample(t, nil)), 2031); err == nil {
		t.Error("HCPCS workbook read as a conversion table")
	}
}

func TestPOAAndConversionsOfficial(t *testing.T) {
	s := officialSet(t)
	if n := len(s.POAExemptCodes(2026)); n != 38349 {
		t.Errorf("FY2026 POA-exempt list has %d codes, want 38349 (CDC ReadMe)", n)
	}
	if !s.POAExempt("Z38.00", 2026) || s.POAExempt("E11.9", 2026) {
		t.Error("Z38.00 should be exempt and E11.9 not")
	}
	if !s.POADerived(2025) || s.POAYear(2025) != 2025 {
		t.Error("FY2025 list not derived from the FY2026 changes")
	}
	// Q87.87 was added to the list for FY2026.
	if !s.POAExempt("Q87.87", 2026) || s.POAExempt("Q87.87", 2025) {
		t.Error("Q87.87: added in FY2026")
	}
	conv := s.Conversions("A04.71")
	if len(conv) != 1 || conv[0].Since != "2017-10-01" || strings.Join(conv[0].Previous, ",") != "A047" || conv[0].Year != 2026 {
		t.Errorf("A04.71 conversions = %+v", conv)
	}
	back := s.Conversions("A04.7")
	if len(back) < 2 {
		t.Errorf("A04.7 is the previous code of A04.71 and A04.72: %+v", back)
	}
	if n := len(s.AllConversions()); n < 5800 {
		t.Errorf("%d conversion rows", n)
	}
	if s.Lookup(app.ICD10CM, "A04.71") == nil {
		t.Error("A04.71 missing")
	}
}

func TestImportRefusesBrokenXLSX(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ICD-10-CM-CONVERSION-TABLE-FY2031.xlsx")
	b := conversionSample(t, [][]any{{"Q00.11", "2017", "Q00.1"}})
	os.WriteFile(p, b[:len(b)-100], 0o644)
	if _, err := Import(context.Background(), []string{dir}, nil); err == nil || !strings.Contains(err.Error(), "CONVERSION-TABLE-FY2031.xlsx") {
		t.Errorf("truncated xlsx: err = %v", err)
	}
}
