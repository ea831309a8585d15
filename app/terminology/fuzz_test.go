package terminology

import (
	"bytes"
	"strings"
	"testing"

	"github.com/codebench/codebench/app"
)

// The fuzz targets' seeds are made here from the made-up samples the unit
// tests use, never from CMS files.

func FuzzParseOrderFile(f *testing.F) {
	f.Add([]byte(orderSample("\r\n", sampleRows...)))
	f.Add([]byte(orderSample("\n", sampleRows[:2]...)))
	f.Add([]byte(orderLine(1, "Q00", false, "Made-up Sj\xf6gren", "Made-up Sj\xf6gren") + "\r\n"))
	f.Add([]byte("00001 Q00     0 x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows []orderRow
		n, err := parseOrderFile(bytes.NewReader(b), func(r orderRow) { rows = append(rows, r) })
		if err != nil {
			if !strings.Contains(err.Error(), "line ") && !strings.Contains(err.Error(), "no codes") {
				t.Fatalf("error without a line number: %v", err)
			}
			return
		}
		if len(rows) == 0 || n < len(rows) {
			t.Fatalf("%d rows from %d lines", len(rows), n)
		}
		s := newSet()
		s.addYear(app.ICD10CM, 2030, rows)
		s.finish()
		if st := s.Stats(); len(st) != 1 || st[0].Total != len(rows) {
			t.Fatalf("stats %+v for %d rows", st, len(rows))
		}
		for _, r := range rows {
			if !validCode(r.Code, 3, 7) || r.Long == "" {
				t.Fatalf("bad row %+v", r)
			}
			if c := s.Lookup(app.ICD10CM, r.Code); c == nil {
				t.Fatalf("%s not found", r.Code)
			} else {
				for _, a := range s.Ancestors(c) {
					if !strings.HasPrefix(c.Code, a.Code) {
						t.Fatalf("%s under %s", c.Code, a.Code)
					}
				}
			}
		}
	})
}

func FuzzParseHCPCSText(f *testing.F) {
	f.Add([]byte(hcpcsTextSample()))
	f.Add([]byte(hcpcsLine("A0021", "00100", "3", "Ambulance", "Amb", "19950101", "20000101", "", "N")))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := parseHCPCSText(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, r := range recs {
			if excludedHCPCS(r.Code, r.Modifier) {
				t.Fatalf("CPT/CDT code kept: %+v", r)
			}
			if r.Modifier && len(r.Code) != 2 || !r.Modifier && len(r.Code) != 5 {
				t.Fatalf("bad code %+v", r)
			}
		}
	})
}

func FuzzParseHCPCSXLSX(f *testing.F) {
	f.Add(hcpcsXLSXSample(f, [][]any{
		{"   A1", "0010", "7", "Dressing for one wound", "Dressing for one wound", "", "20020701", "20020701", "", "N"},
		{"E0100", "0010", "3", "Cane", "Cane", "00", "19840101", "19840101", "", "N"},
	}))
	f.Add(conversionSample(f, [][]any{{"Q00.11", "2017", "Q00.1"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if recs, err := parseHCPCSXLSX(bytes.NewReader(b)); err == nil {
			for _, r := range recs {
				if excludedHCPCS(r.Code, r.Modifier) || !validCode(r.Code, 2, 5) {
					t.Fatalf("bad record %+v", r)
				}
			}
		}
		_, _ = parseConversionXLSX(bytes.NewReader(b), 2031)
	})
}

func FuzzParseTabular(f *testing.F) {
	f.Add([]byte(tabularSample))
	f.Add([]byte(`<ICD10CM.tabular><version>2023</version><chapter><name>1</name><desc>x</desc></chapter></ICD10CM.tabular>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := parseTabular(bytes.NewReader(b), 2023)
		if err != nil {
			if !strings.Contains(err.Error(), "line ") && !strings.Contains(err.Error(), "version") {
				t.Fatalf("error without a line number: %v", err)
			}
			return
		}
		s := newSet()
		s.applyTabular(tb)
		s.finish()
		for _, d := range tb.diags {
			if !validCode(d.code, 3, 7) {
				t.Fatalf("bad code %q", d.code)
			}
		}
	})
}

func FuzzParseIndex(f *testing.F) {
	f.Add([]byte(indexSample), "index.xml")
	f.Add([]byte(drugSample), "drug.xml")
	f.Add([]byte(`<ICD10PCS.index><version>2023</version><letter><mainTerm><title>A</title><term level="1"><see>B<codes>0UT9</codes></see></term></mainTerm></letter></ICD10PCS.index>`), "pcs.xml")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		ix, err := parseIndex(bytes.NewReader(b), name, 2023)
		if err != nil {
			return
		}
		s := newSet()
		s.addYear(app.ICD10CM, 2030, []orderRow{{Code: "Q00", Short: "x", Long: "x"}})
		s.indexes[ix.Kind] = ix
		s.finish()
		n := 0
		ix.Walk(func(p []*IndexTerm) bool { n++; return len(p) < 100 })
		if n == 0 {
			t.Fatal("index without terms")
		}
	})
}

func FuzzParsePOAList(f *testing.F) {
	f.Add([]byte("Order31\tPOAexemptCode\tDescription\r\n00001\tQ00.1\tMade-up\r\n"))
	f.Add([]byte("POAexemptCode\tDescription\nQ00.1\tx\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		codes, _, err := parsePOAList(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, c := range codes {
			if !validCode(c, 3, 7) {
				t.Fatalf("bad code %q", c)
			}
		}
	})
}

// FuzzDecodePack fuzzes the pack body decoder behind the checksum (a
// damaged body with a matching checksum must still fail cleanly).
func FuzzDecodePack(f *testing.F) {
	s := newSet()
	s.addYear(app.ICD10CM, 2030, []orderRow{{Code: "Q00", Short: "Made-up", Long: "Made-up"}, {Code: "Q001", Billable: true, Short: "Left", Long: "Left"}})
	tb, _ := parseTabular(strings.NewReader(tabularSample), 2023)
	s.applyTabular(tb)
	ix, _ := parseIndex(strings.NewReader(indexSample), "index.xml", 2023)
	s.indexes[MainIndex] = ix
	s.applyPOA(2030, []string{"Q001"})
	s.finish()
	if ed, err := parseGuidelines(guidelinePages()); err == nil {
		s.addGuidelines(ed)
	}
	parts, nchunks, nsys := s.packParts()
	raw, err := packBody(parts, nchunks, nsys, false)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := decodeBody(raw, false)
		if err != nil {
			return
		}
		// Whatever decodes writes and reads back.
		var out bytes.Buffer
		if err := got.WritePack(&out); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadPack(out.Bytes()); err != nil {
			t.Fatalf("re-read: %v", err)
		}
	})
}
