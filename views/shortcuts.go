package views

import (
	"fmt"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/favourites"
	"github.com/codebench/codebench/app/terminology"
)

// Shortcuts gives the coding panel the codes a coder reaches for without
// searching: their favourites, the codes they assigned last, and the
// patient's codes on earlier records, each marked for the record's year.
// A Session that implements it turns them on.
type Shortcuts interface {
	// Lists returns the three lists for the open record.
	Lists(recordID string) (favourites.Lists, error)
	// Toggle stars a code, or unstars a favourite, and says which.
	Toggle(sys app.System, code string) (starred bool, err error)
}

// shortcuts is the session's Shortcuts, or nil.
func (u *ui) shortcuts() Shortcuts {
	if sc, ok := u.session.(Shortcuts); ok {
		return sc
	}
	return nil
}

// shortcutState is the coding panel's part for favourites: the service,
// the record the lists are for, the user's starred codes as last loaded,
// and the star button.
type shortcutState struct {
	svc      Shortcuts
	recordID string
	starred  map[string]bool
	star     *widget.Button
}

func starKey(sys app.System, code string) string { return string(sys) + "\x00" + code }

// setShortcuts turns on the lists for record recordID.
func (c *codingPanel) setShortcuts(svc Shortcuts, recordID string) {
	c.sc.svc, c.sc.recordID = svc, recordID
	c.starButton()
	c.updateStar()
}

func (c *codingPanel) starButton() *widget.Button {
	if c.sc.star == nil {
		c.sc.star = widget.NewButtonWithIcon("Favourite (Ctrl+D)", theme.ContentAddIcon(), c.onToggleFavourite)
		c.sc.star.Hide()
	}
	return c.sc.star
}

// showShortcuts fills the results with the lists when the search box is
// empty; it reports false when there are none to show (no service).
func (c *codingPanel) showShortcuts(seq int) bool {
	if c.sc.svc == nil || c.sc.recordID == "" {
		return false
	}
	svc, id, systems := c.sc.svc, c.sc.recordID, c.systems
	var l favourites.Lists
	var err error
	c.run.Go(func() { l, err = svc.Lists(id) }, func() {
		if seq != c.seq {
			return
		}
		c.shown = seq
		if err != nil {
			c.setHits(nil, "Type to search. (Favourites not available: "+err.Error()+")")
			return
		}
		c.sc.starred = map[string]bool{}
		for _, f := range l.Favourites {
			c.sc.starred[starKey(f.System, f.Code)] = true
		}
		hits := shortcutHits(l)
		if len(systems) > 0 && len(systems) < len(app.Systems) {
			hits = keepSystems(hits, systems)
		}
		msg := "Type to search."
		if len(hits) > 0 {
			msg = fmt.Sprintf("Your favourites (%d), recent codes (%d) and this patient's earlier codes (%d). Type to search.",
				len(l.Favourites), len(l.Recent), len(l.History))
		}
		c.setHits(hits, msg)
		c.updateStar()
	})
	return true
}

// shortcutHits lays the lists out as result rows; the line under each
// says which list it is from and how it stands in the record's year. A
// code not valid that year is followed by the codes that replace it.
func shortcutHits(l favourites.Lists) []CodeHit {
	var hits []CodeHit
	add := func(from string, items []favourites.Item) {
		for _, it := range items {
			why := from
			if len(it.Records) > 0 {
				why += " " + joinMax(it.Records, 3)
			}
			mark := ""
			if it.Favourite {
				mark = "★ "
			}
			hits = append(hits, CodeHit{System: it.System, Code: it.Code, Title: it.Title, Billable: it.Billable,
				Why: mark + why + " · " + it.Validity()})
			for _, r := range it.Replacements {
				hits = append(hits, CodeHit{System: it.System, Code: r.Code, Title: r.Title, Billable: r.Billable,
					Why: fmt.Sprintf("↳ in place of %s in FY%d (conversion table)", terminology.Display(it.System, it.Code), it.Year)})
			}
		}
	}
	add("Favourite", l.Favourites)
	add("Recent", l.Recent)
	add("Patient history:", l.History)
	return hits
}

func joinMax(s []string, n int) string {
	if len(s) <= n {
		return fmt.Sprint(s)
	}
	return fmt.Sprintf("%v and %d more", s[:n], len(s)-n)
}

// starTarget is the code Ctrl+D stars: the selected code, completed
// with its 7th character when one is picked.
func (c *codingPanel) starTarget() (app.System, string, bool) {
	if c.selected < 0 || c.selected >= len(c.hits) {
		return "", "", false
	}
	h := c.hits[c.selected]
	code, _ := c.chosenCode()
	if code == "" {
		code = h.Code
	}
	return h.System, code, true
}

func (c *codingPanel) updateStar() {
	b := c.sc.star
	if b == nil {
		return
	}
	sys, code, ok := c.starTarget()
	if c.sc.svc == nil || !ok {
		b.Hide()
		return
	}
	b.Show()
	if c.sc.starred[starKey(sys, code)] {
		b.SetText("Unstar " + terminology.Display(sys, code) + " (Ctrl+D)")
		b.SetIcon(theme.ContentRemoveIcon())
	} else {
		b.SetText("Star " + terminology.Display(sys, code) + " (Ctrl+D)")
		b.SetIcon(theme.ContentAddIcon())
	}
}

// onToggleFavourite is Ctrl+D and the star button: star the selected code,
// or unstar it.
func (c *codingPanel) onToggleFavourite() {
	sys, code, ok := c.starTarget()
	if c.sc.svc == nil || !ok {
		c.info.SetText("Select a code to star it.")
		return
	}
	svc := c.sc.svc
	var on bool
	var err error
	c.run.Serial(func() { on, err = svc.Toggle(sys, code) }, func() {
		disp := terminology.Display(sys, code)
		if err != nil {
			c.info.SetText("Could not change the favourites: " + err.Error())
			return
		}
		if c.sc.starred == nil {
			c.sc.starred = map[string]bool{}
		}
		c.sc.starred[starKey(sys, code)] = on
		if on {
			c.info.SetText("★ " + disp + " is one of your favourites: it shows when the search box is empty.")
		} else {
			c.info.SetText(disp + " is no longer a favourite.")
		}
		c.updateStar()
	})
}

// onToggleFavourite is Edit → Star code (Ctrl+D).
func (u *ui) onToggleFavourite() { u.withWS(func(w *workspace) { w.coder.onToggleFavourite() }) }
