// Command hellofyne is the smallest Fyne window: one label. It is built
// from Codebench's go.mod, so with the same Fyne version, and
// scripts/memory.sh measures its resident memory as the baseline the
// workstation's window is held to (issue 16).
package main

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("org.codebench.hellofyne")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello Fyne!"))
	w.ShowAndRun()
}
