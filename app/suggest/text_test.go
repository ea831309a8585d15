package suggest

import (
	"strings"
	"testing"
)

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
	}{
		{"Diabetes mellitus in diseases classified elsewhere", "classified elsewhere"},
		{"Bilateral primary osteoarthritis of knee", "bilateral"},
		{"Osteoarthritis, BILATERAL", "bilateral"},
		{"Chills (without fever)", "without "},
		{"Chills", "without "},
		{"", "a"},
		{"abc", ""},
		{"ab", "abc"},
		{"Hallux valgus (acquired), unspecified foot", "foot"},
		{"Café-au-lait spots", "au-lait"},
	} {
		want := strings.Contains(strings.ToLower(c.s), c.sub)
		if got := containsFold(c.s, c.sub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.sub, got, want)
		}
	}
}

func TestSideOf(t *testing.T) {
	for title, want := range map[string]string{
		"Unilateral primary osteoarthritis, right knee":   "right",
		"Pain in left wrist":                              "left",
		"Age-related nuclear cataract, bilateral":         "",
		"Displaced fracture of (Left) radial styloid":     "left",
		"Right-sided heart failure":                       "",
		"Primary open-angle glaucoma, RIGHT eye, stage 1": "right",
	} {
		if got := sideOf(title); got != want {
			t.Errorf("sideOf(%q) = %q, want %q", title, got, want)
		}
	}
}
