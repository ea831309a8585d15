package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/codebench/codebench/app/favourites"
)

// TestFavouriteCommand stars codes, assigns codes on two records of one
// patient and lists what the coding panel would show, over a real store
// and the real code sets.
func TestFavouriteCommand(t *testing.T) {
	c := newRunner(t)
	c.ok("favourite", "add", "E11.9", "I10")
	c.ok("favourite", "add", "0DTJ4ZZ", "--system", "pcs")
	c.ok("favourite", "rm", "I10")
	if _, errOut, code := c.run("favourite", "add", "Q99.999"); code == 0 || !strings.Contains(errOut, "in no fiscal year loaded") {
		t.Errorf("made-up code: exit %d %q", code, errOut)
	}
	first := c.newRecord("--date", "2019-06-01")
	c.ok("code", "add", first, "I10")
	c.ok("code", "add", first, "E11.9")
	second := c.newRecord("--date", "2025-11-03")
	c.ok("code", "add", second, "J44.9")
	c.newRecord("--mrn", "OTHER-1") // another patient

	var l favourites.Lists
	if err := json.Unmarshal([]byte(c.ok("favourite", "list", "--record", second, "--json")), &l); err != nil {
		t.Fatal(err)
	}
	var favs, recent, hist []string
	for _, it := range l.Favourites {
		favs = append(favs, it.Code)
	}
	for _, it := range l.Recent {
		recent = append(recent, it.Code)
	}
	for _, it := range l.History {
		hist = append(hist, it.Code+"@"+strings.Join(it.Records, ","))
	}
	if strings.Join(favs, " ") != "E119 0DTJ4ZZ" || strings.Join(recent, " ") != "J449 E119 I10" ||
		strings.Join(hist, " ") != "I10@"+first+" 2019-06-01 E119@"+first+" 2019-06-01" {
		t.Errorf("favourites %v, recent %v, history %v", favs, recent, hist)
	}
	if e := l.Favourites[0]; !e.Valid || !e.Billable || e.Year != 2026 || !e.Favourite {
		t.Errorf("E11.9 in FY2026: %+v", e)
	}
	out := c.ok("favourite", "list", "--record", second)
	if !strings.Contains(out, "* E11.9") || !strings.Contains(out, "valid in FY2026") || !strings.Contains(out, "Patient history (2)") {
		t.Errorf("list:\n%s", out)
	}
	c.fail(2, "favourite")
	c.fail(2, "favourite", "add")
}
