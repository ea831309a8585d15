package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/assets"
)

// Preference keys for the window's geometry.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// NewMainWindow builds the main window: worklist on the left, the record
// workspace on the right, a status bar below, and the main menu.
func NewMainWindow(a fyne.App, dataDir string) fyne.Window {
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG()))
	w := a.NewWindow(app.Name)
	w.SetContent(newShell(dataDir))
	w.SetMainMenu(newMainMenu(a, w))
	p := a.Preferences()
	w.Resize(fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1280)), float32(p.FloatWithFallback(prefHeight, 800))))
	w.SetCloseIntercept(func() {
		s := w.Canvas().Size()
		p.SetFloat(prefWidth, float64(s.Width))
		p.SetFloat(prefHeight, float64(s.Height))
		w.Close()
	})
	return w
}

func newShell(dataDir string) fyne.CanvasObject {
	worklist := widget.NewCard("Worklist", "", widget.NewLabel("No records yet."))
	workspace := widget.NewCard("Record", "", widget.NewLabel("Open a record from the worklist."))
	split := container.NewHSplit(worklist, workspace)
	split.Offset = 0.3
	status := widget.NewLabel("Data folder: " + dataDir)
	return container.NewBorder(nil, status, nil, nil, split)
}

func newMainMenu(a fyne.App, w fyne.Window) *fyne.MainMenu {
	about := fyne.NewMenuItem("About Codebench", func() {
		dialog.ShowInformation("About "+app.Name, app.Name+" "+app.Version+"\nMedical record coding workstation.\nApache-2.0", w)
	})
	return fyne.NewMainMenu(
		fyne.NewMenu("File"),
		fyne.NewMenu("Edit"),
		fyne.NewMenu("View"),
		fyne.NewMenu("Help", about),
	)
}
