package views

import (
	"context"
	"errors"
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
	fail := false
	deps := Deps{Vault: newFakeVault(),
		LoadCodebook: func(context.Context, func(float64, string)) (*Codebook, error) {
			loads++
			return &Codebook{Terms: &fakeTerms{}, Edits: fakeChecker{}, About: "Fake code sets"}, nil
		},
		ImportRelease: func(ctx context.Context, paths []string, progress func(float64, string)) (string, error) {
			if fail {
				return "", errors.New("cms_2027_dx.zip: line 12: not an order file")
			}
			progress(0.5, "Importing")
			imported = append(imported, paths...)
			return "ICD-10-CM 2027", nil
		}}
	u := newUI(a, w, deps, &syncRunner{})
	u.loadCodebook()
	u.importRelease([]string{"/downloads/cms_2027_dx.zip"})
	if len(imported) != 1 || u.statusText.Text != "Imported ICD-10-CM 2027" || loads != 2 || u.book == nil {
		t.Fatalf("imported %v, status %q, %d loads", imported, u.statusText.Text, loads)
	}
	fail = true
	u.importRelease([]string{"/downloads/cms_2027_dx.zip"})
	if loads != 2 || u.book == nil {
		t.Fatalf("a failed import reloaded the code sets (%d loads)", loads)
	}
	if s := overlayText(w); s == "" {
		t.Fatal("a failed import showed no error")
	}
}
