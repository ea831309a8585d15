package views

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestImportReleaseReloadsCodeSets(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	w.Resize(fyne.NewSize(1280, 800))
	loads := 0
	var imported []string
	fail, shrink := false, false
	missing := ""
	deps := Deps{Vault: newFakeVault(),
		LoadCodebook: func(context.Context, func(float64, string)) (*Codebook, error) {
			loads++
			return &Codebook{Terms: &fakeTerms{}, Edits: fakeChecker{}, About: "Fake code sets", Missing: missing}, nil
		},
		ImportRelease: func(ctx context.Context, paths []string, force bool, progress func(float64, string)) (string, error) {
			if fail {
				return "", errors.New("cms_2027_dx.zip: line 12: not an order file")
			}
			if shrink && !force {
				return "", fmt.Errorf("%w: ICD-10-CM FY2027: 98186 → 49093 codes", ErrReleaseShrinks)
			}
			progress(0.5, "Importing")
			imported = append(imported, paths...)
			return "ICD-10-CM 2027", nil
		}}
	u := newUI(a, w, deps, &syncRunner{})
	u.loadCodebook()
	u.importRelease([]string{"/downloads/cms_2027_dx.zip"}, false)
	if len(imported) != 1 || u.statusText.Text != "Imported ICD-10-CM 2027" || loads != 2 || u.book == nil {
		t.Fatalf("imported %v, status %q, %d loads", imported, u.statusText.Text, loads)
	}
	// A release that would remove codes is imported only when confirmed.
	shrink = true
	u.importRelease([]string{"/downloads/cms_2027_dx.zip"}, false)
	if len(imported) != 1 || !strings.Contains(overlayText(w), "98186 → 49093") || !strings.Contains(overlayText(w), "Import this release anyway?") {
		t.Fatalf("shrinking release: imported %v, overlay %q", imported, overlayText(w))
	}
	confirmDialog(t, w, "Yes")
	if len(imported) != 2 || loads != 3 {
		t.Fatalf("confirmed: imported %v, %d loads", imported, loads)
	}
	shrink = false
	fail = true
	u.importRelease([]string{"/downloads/cms_2027_dx.zip"}, false)
	if loads != 3 || u.book == nil {
		t.Fatalf("a failed import reloaded the code sets (%d loads)", loads)
	}
	if s := overlayText(w); s == "" {
		t.Fatal("a failed import showed no error")
	}
}

// TestAboutSaysWhatIsMissing: the years and parts the code sets lack, and
// how to import them, are in Help → About, and the status bar points
// there (issue 14, item 14).
func TestAboutSaysWhatIsMissing(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	w.Resize(fyne.NewSize(1280, 800))
	note := "Not in these code sets: ICD-10-CM FY2017. To add them, import the CMS/CDC release files with File → Import code-set release…"
	deps := Deps{Vault: newFakeVault(),
		LoadCodebook: func(context.Context, func(float64, string)) (*Codebook, error) {
			return &Codebook{Terms: &fakeTerms{}, Edits: fakeChecker{}, About: "ICD-10-CM 2016–2026", Missing: note}, nil
		}}
	u := newUI(a, w, deps, &syncRunner{})
	u.loadCodebook()
	if !strings.Contains(u.bookText.Text, "ICD-10-CM 2016–2026 · some years or parts missing: Help → About Codebench") {
		t.Errorf("status bar %q", u.bookText.Text)
	}
	u.onAbout()
	if got := overlayText(w); !strings.Contains(got, "Code sets: ICD-10-CM 2016–2026.") || !strings.Contains(got, "ICD-10-CM FY2017") || !strings.Contains(got, "Import code-set release") {
		t.Errorf("About: %s", got)
	}
}
