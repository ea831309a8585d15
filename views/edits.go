package views

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/codeset"
	"github.com/codebench/codebench/app/terminology"
	"github.com/codebench/codebench/views/widgets"
)

// editsPanel shows the coding edits' findings, live as codes change: each
// with its rule, the codes involved, the message and the guideline cited.
// A warning can be acknowledged with a reason; errors must be fixed.
type editsPanel struct {
	widget.BaseWidget
	win      fyne.Window
	box      *fyne.Container
	title    *widget.Label
	findings []Finding
	acks     []app.Acknowledgement
	readOnly bool
	onAck    func(f Finding, reason string)
	onFix    func(f Finding, code string)
	// onCite opens a guideline section the finding's source cites.
	onCite func(cite string)
}

func newEditsPanel(win fyne.Window) *editsPanel {
	p := &editsPanel{win: win}
	p.box = container.NewVBox()
	p.title = widget.NewLabelWithStyle("Edits", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.ExtendBaseWidget(p)
	p.setMessage("Edits run when code sets are loaded.")
	return p
}

func (p *editsPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(p.title, nil, nil, nil, container.NewVScroll(p.box)))
}

func (p *editsPanel) setMessage(s string) {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	p.box.Objects = []fyne.CanvasObject{l}
	p.box.Refresh()
}

// acknowledged reports whether a warning was reviewed and kept.
func acknowledged(f Finding, acks []app.Acknowledgement) (app.Acknowledgement, bool) {
	if f.Acknowledged {
		a := app.Acknowledgement{Rule: f.Rule, Codes: f.Codes, Reason: f.Reason}
		for _, x := range acks {
			if x.Rule == f.Rule && x.Reason == f.Reason {
				a = x
			}
		}
		return a, true
	}
	key := strings.Join(sortedCodes(f.Codes), ",")
	for _, a := range acks {
		if a.Rule == f.Rule && strings.Join(sortedCodes(a.Codes), ",") == key {
			return a, true
		}
	}
	return app.Acknowledgement{}, false
}

func sortedCodes(c []string) []string {
	out := make([]string, len(c))
	for i, x := range c {
		out[i] = codeset.Canonical(x)
	}
	sort.Strings(out)
	return out
}

// blocking counts what stops finalizing: errors, and warnings nobody
// acknowledged.
func blocking(fs []Finding, acks []app.Acknowledgement) (errs, warns int) {
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			errs++
		case SeverityWarning:
			if _, ok := acknowledged(f, acks); !ok {
				warns++
			}
		}
	}
	return errs, warns
}

func (p *editsPanel) set(fs []Finding, acks []app.Acknowledgement, readOnly bool) {
	p.findings, p.acks, p.readOnly = fs, acks, readOnly
	errs, warns := blocking(fs, acks)
	p.title.SetText(fmt.Sprintf("Edits: %s, %s to review", plural(errs, "error"), plural(warns, "warning")))
	if len(fs) == 0 {
		p.setMessage("No findings: the codes pass every edit.")
		return
	}
	objs := make([]fyne.CanvasObject, 0, len(fs))
	for _, f := range fs {
		objs = append(objs, p.row(f))
	}
	p.box.Objects = objs
	p.box.Refresh()
}

func (p *editsPanel) row(f Finding) fyne.CanvasObject {
	color := theme.ColorNamePrimary
	switch f.Severity {
	case SeverityError:
		color = theme.ColorNameError
	case SeverityWarning:
		color = theme.ColorNameWarning
	}
	badge := widgets.NewBadge(strings.ToUpper(f.Severity), color)
	rule := widget.NewLabelWithStyle(f.Rule, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	codes := widget.NewLabelWithStyle(strings.Join(f.Codes, ", "), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	msg := widget.NewLabel(f.Message)
	msg.Wrapping = fyne.TextWrapWord
	src := widget.NewLabel("Source: " + f.Source)
	src.Wrapping = fyne.TextWrapWord
	src.SizeName = theme.SizeNameCaptionText
	items := []fyne.CanvasObject{container.NewHBox(badge, rule, codes), msg, src}
	if cites := terminology.GuidelineCitations(f.Source); len(cites) > 0 && p.onCite != nil {
		row := container.NewHBox()
		for _, c := range cites {
			c := c
			b := widget.NewButton("Read "+citeLabel(c), func() { p.onCite(c) })
			b.Importance = widget.LowImportance
			row.Add(b)
		}
		items = append(items, row)
	}
	// A fix replaces the first code the finding names (the one flagged).
	if len(f.Fixes) > 0 && len(f.Codes) > 0 && !p.readOnly && p.onFix != nil {
		fix := widget.NewSelect(f.Fixes, func(code string) { p.onFix(f, code) })
		fix.PlaceHolder = "Replace " + f.Codes[0] + " with…"
		items = append(items, fix)
	}
	if f.Severity == SeverityWarning {
		if a, ok := acknowledged(f, p.acks); ok {
			l := widget.NewLabel(fmt.Sprintf("Acknowledged by %s: %s", a.By, a.Reason))
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.SuccessImportance
			items = append(items, l)
		} else if !p.readOnly {
			items = append(items, container.NewHBox(widget.NewButton("Acknowledge…", func() { p.askReason(f) })))
		}
	}
	items = append(items, widget.NewSeparator())
	return container.NewVBox(items...)
}

func (p *editsPanel) askReason(f Finding) {
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder("Why the codes are right as they are (kept on the audit trail)")
	reason.SetMinRowsVisible(3)
	d := dialog.NewForm("Acknowledge warning", "Acknowledge", "Cancel",
		[]*widget.FormItem{widget.NewFormItem(f.Rule, widget.NewLabel(f.Message)), widget.NewFormItem("Reason", reason)},
		func(ok bool) {
			r := strings.TrimSpace(reason.Text)
			if !ok {
				return
			}
			if r == "" {
				dialog.ShowInformation("Reason needed", "Write why the warning does not apply; nothing was changed.", p.win)
				return
			}
			if p.onAck != nil {
				p.onAck(f, r)
			}
		}, p.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
