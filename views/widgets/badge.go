package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Badge is a short label on a coloured pill, e.g. "BILLABLE" or "DEMO".
// Its colours come from the theme so it reads in light and dark.
type Badge struct {
	widget.BaseWidget
	Text  string
	Color fyne.ThemeColorName // background; theme.ColorNamePrimary when empty
}

// NewBadge returns a badge.
func NewBadge(text string, c fyne.ThemeColorName) *Badge {
	b := &Badge{Text: text, Color: c}
	b.ExtendBaseWidget(b)
	return b
}

// SetText changes the badge's text.
func (b *Badge) SetText(s string) {
	b.Text = s
	b.Refresh()
}

// CreateRenderer draws the pill and the text.
func (b *Badge) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	txt := canvas.NewText("", color.White)
	txt.TextStyle = fyne.TextStyle{Bold: true}
	r := &badgeRenderer{b: b, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b   *Badge
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *badgeRenderer) pad() float32 { return theme.Padding() }

func (r *badgeRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	ts := r.txt.MinSize()
	r.txt.Move(fyne.NewPos((s.Width-ts.Width)/2, (s.Height-ts.Height)/2))
	r.txt.Resize(ts)
}

func (r *badgeRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	return fyne.NewSize(ts.Width+3*r.pad(), ts.Height+r.pad()/2)
}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	name := r.b.Color
	if name == "" {
		name = theme.ColorNamePrimary
	}
	r.bg.FillColor = th.Color(name, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.txt.Text = r.b.Text
	r.txt.Color = th.Color(theme.ColorNameForegroundOnPrimary, v)
	r.txt.TextSize = th.Size(theme.SizeNameCaptionText)
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *badgeRenderer) Destroy()                     {}
