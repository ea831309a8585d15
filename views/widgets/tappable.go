package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Selectable wraps any content in a row that can be tapped and shows a
// selection background: a page thumbnail, an assigned code. Taps on
// interactive children (selects, buttons) stay with them.
type Selectable struct {
	widget.BaseWidget
	Content  fyne.CanvasObject
	Selected bool
	OnTapped func()
	// OnDragged and OnDragEnd, when set, let the row be dragged: they get
	// the total vertical distance since the drag started.
	OnDragged func(dy float32)
	OnDragEnd func(dy float32)
	dragDY    float32
}

// Dragged follows a drag of the row.
func (s *Selectable) Dragged(e *fyne.DragEvent) {
	if s.OnDragged == nil {
		return
	}
	s.dragDY += e.Dragged.DY
	s.OnDragged(s.dragDY)
}

// DragEnd finishes a drag of the row.
func (s *Selectable) DragEnd() {
	dy := s.dragDY
	s.dragDY = 0
	if s.OnDragEnd != nil {
		s.OnDragEnd(dy)
	}
}

// NewSelectable returns a tappable row around content.
func NewSelectable(content fyne.CanvasObject, tapped func()) *Selectable {
	s := &Selectable{Content: content, OnTapped: tapped}
	s.ExtendBaseWidget(s)
	return s
}

// SetSelected shows or hides the selection background.
func (s *Selectable) SetSelected(b bool) {
	if s.Selected == b {
		return
	}
	s.Selected = b
	s.Refresh()
}

// Tapped calls OnTapped.
func (s *Selectable) Tapped(*fyne.PointEvent) {
	if s.OnTapped != nil {
		s.OnTapped()
	}
}

// CreateRenderer draws the background under the content.
func (s *Selectable) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	r := &selectableRenderer{s: s, bg: bg}
	r.Refresh()
	return r
}

type selectableRenderer struct {
	s  *Selectable
	bg *canvas.Rectangle
}

func (r *selectableRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	p := theme.Padding() / 2
	r.s.Content.Move(fyne.NewPos(p, p))
	r.s.Content.Resize(size.SubtractWidthHeight(2*p, 2*p))
}

func (r *selectableRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	return r.s.Content.MinSize().AddWidthHeight(p, p)
}

func (r *selectableRenderer) Refresh() {
	if r.s.Selected {
		th := r.s.Theme()
		r.bg.FillColor = th.Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
		r.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	} else {
		// A row that was selected draws exactly as one that never was.
		r.bg.FillColor = color.Transparent
		r.bg.CornerRadius = 0
	}
	r.bg.Refresh()
	r.s.Content.Refresh()
}

func (r *selectableRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.s.Content}
}

func (r *selectableRenderer) Destroy() {}
