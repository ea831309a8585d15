package terminology

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/codebench/codebench/app"
)

// The index books and the codes' index references of a loaded pack are
// read in place from their pack sections (issue 16): as IndexTerm trees
// and an IndexRef on every code they were ~47 MB of heap, and all that the
// window reads of them is the main terms (the suggestion engine's anchor
// words), the references of the code a coder opens, and which books there
// are. One scan of each section records where each term's record starts
// and its parent, and where each code's references start; a term's fields,
// its path and a code's references are read from the section when asked
// for. The trees are built only when something asks for a whole book
// (Index, Indexes: a search-index build, WritePack, Merge).

// packBooks is the index books and references of a loaded pack.
type packBooks struct {
	books []*bookTable
	refs  map[app.System]*refTable
}

// bookTable is one book of a pack: its header, and per term (in preorder,
// the order Walk visits) where its record starts in body and its parent
// (-1 for a main term).
type bookTable struct {
	kind   IndexKind
	year   int
	title  string
	heads  []string
	nmain  int
	strs   []string // the books section's string table
	body   []byte   // the books section after its string table
	off    []uint32
	parent []int32
}

// refTable is one system's index references in a pack: the ordinals of
// the codes index entries lead to, ascending, and where each one's
// references start in body.
type refTable struct {
	strs []string
	body []byte
	ords []int32
	at   []uint32
}

// booksInPack returns the books read in place from the pack LoadPack
// left them in; nil for a set that was imported or merged, or when the
// sections are damaged (BooksErr).
func (s *Set) booksInPack() *packBooks {
	if s.loadBooks == nil {
		return nil
	}
	s.booksScan.Do(func() { s.inPack, s.booksErr = s.loadBooks() })
	return s.inPack
}

// ensureBooks builds the index books' trees if LoadPack left them in the
// pack. Everything that reads s.indexes calls it first, which also orders
// those reads after the writes.
func (s *Set) ensureBooks() {
	pb := s.booksInPack()
	if pb == nil {
		return
	}
	s.books.Do(func() {
		for _, b := range pb.books {
			s.indexes[b.kind] = b.tree()
		}
	})
}

// BooksErr is the error of reading the index books when they were left
// in the pack by LoadPack; nil when they are fine or not yet asked for.
// A pack from a file had its checksum verified when it loaded, so there
// it is a bug; the pack built into the binary is not checksummed at start
// (LoadBuiltInPack), so there it can also be a damaged installation.
func (s *Set) BooksErr() error {
	s.booksInPack()
	return s.booksErr
}

// IndexRefs are the Alphabetic Index entries that lead to c. Read a
// concept's index references through it: after LoadPack they are read
// from the pack for each call, and c.Index is empty.
func (s *Set) IndexRefs(c *Concept) []IndexRef {
	if c == nil {
		return nil
	}
	if pb := s.booksInPack(); pb != nil {
		if d := s.systems[c.System]; d != nil && d.tab != nil {
			return pb.refsOf(c.System, d.tab.find(c.Code))
		}
	}
	return c.Index
}

// IndexBook names one index book of a set.
type IndexBook struct {
	Kind  IndexKind
	Year  int
	Title string
}

// IndexBooks lists the books a set holds, in Indexes order, without
// opening them (a pack holds them in that order).
func (s *Set) IndexBooks() []IndexBook {
	var out []IndexBook
	if pb := s.booksInPack(); pb != nil {
		for _, b := range pb.books {
			out = append(out, IndexBook{Kind: b.kind, Year: b.year, Title: b.title})
		}
		return out
	}
	for _, ix := range s.Indexes() {
		out = append(out, IndexBook{Kind: ix.Kind, Year: ix.Year, Title: ix.Title})
	}
	return out
}

// MainTerms yields the main terms of the book of that kind in published
// order, each without its subterms (Terms is nil); nothing when the book
// was not imported. Unlike Index it does not build the book's tree.
func (s *Set) MainTerms(kind IndexKind) iter.Seq[IndexTerm] {
	return func(yield func(IndexTerm) bool) {
		if pb := s.booksInPack(); pb != nil {
			for _, b := range pb.books {
				if b.kind != kind {
					continue
				}
				for ord, p := range b.parent {
					if p < 0 && !yield(b.term(ord)) {
						return
					}
				}
			}
			return
		}
		if ix := s.Index(kind); ix != nil {
			for _, t := range ix.Terms {
				main := *t
				main.Terms = nil
				if !yield(main) {
					return
				}
			}
		}
	}
}

// cellPool hands out table cells: carved out of chunks of chunk cells,
// or each term's own when chunk is 0.
type cellPool struct {
	free  []Cell
	chunk int
}

func (p *cellPool) take(n int) []Cell {
	if len(p.free) < n {
		p.free = make([]Cell, max(n, p.chunk))
	}
	out := p.free[:n:n]
	p.free = p.free[n:]
	return out
}

// readTerm reads one term record into t (Terms left alone) and returns
// how many subterms follow it. Cells come from cells; with cells nil
// they are skipped.
func (d *packDecoder) readTerm(t *IndexTerm, cells *cellPool) int {
	mask := d.i()
	for b := 0; b < 11; b++ {
		if mask&(1<<b) == 0 {
			continue
		}
		v := d.s()
		switch 1 << b {
		case tTitle:
			t.Title = v
		case tNemod:
			t.Nemod = v
		case tCode:
			t.Code = v
		case tManif:
			t.Manif = v
		case tSee:
			t.See = v
		case tSeeAlso:
			t.SeeAlso = v
		case tSeeCat:
			t.SeeCat = v
		case tSubcat:
			t.Subcat = v
		case tUse:
			t.Use = v
		case tCodes:
			t.Codes = v
		case tTab:
			t.Tab = v
		}
	}
	if mask&tCells != 0 {
		nc := d.count()
		if nc == 0 {
			d.fail()
		}
		if cells == nil {
			for j := 0; j < nc; j++ {
				d.i()
				d.s()
			}
			return d.count()
		}
		t.Cells = cells.take(nc)
		for j := range t.Cells {
			t.Cells[j] = Cell{Col: d.i(), Code: d.s()}
		}
	}
	return d.count()
}

// scanBooks reads the books section's headers and records where each
// term starts and its parent; nothing else is kept.
func scanBooks(d *packDecoder) []*bookTable {
	body := d.b
	nix := d.count()
	var out []*bookTable
	seen := map[IndexKind]bool{}
	type level struct {
		ord  int32
		left int
	}
	var (
		scratch IndexTerm
		stack   []level
	)
	for k := 0; k < nix && d.err == nil; k++ {
		b := &bookTable{kind: IndexKind(d.s()), year: d.i(), title: d.s(), strs: d.strs, body: body}
		b.heads = d.strings()
		n := d.count()
		b.nmain = d.count()
		if seen[b.kind] {
			d.fail()
			break
		}
		seen[b.kind] = true
		b.off = make([]uint32, n)
		b.parent = make([]int32, n)
		next := 0
		stack = append(stack[:0], level{-1, b.nmain})
		for len(stack) > 0 && d.err == nil {
			top := &stack[len(stack)-1]
			if top.left == 0 {
				stack = stack[:len(stack)-1]
				continue
			}
			top.left--
			if next >= n {
				d.fail()
				break
			}
			b.off[next] = uint32(len(body) - len(d.b))
			b.parent[next] = top.ord
			if sub := d.readTerm(&scratch, nil); sub > 0 {
				if len(stack) > maxXMLDepth {
					d.fail()
					break
				}
				stack = append(stack, level{int32(next), sub})
			}
			next++
		}
		if next != n {
			d.fail()
		}
		out = append(out, b)
	}
	return out
}

// at returns a decoder positioned at term ord's record.
func (b *bookTable) at(ord int) packDecoder {
	return packDecoder{b: b.body[b.off[ord]:], strs: b.strs}
}

// term reads term ord's own fields (Terms nil).
func (b *bookTable) term(ord int) IndexTerm {
	var t IndexTerm
	d := b.at(ord)
	d.readTerm(&t, &cellPool{})
	return t
}

// titleOf reads only term ord's title.
func (b *bookTable) titleOf(ord int) string {
	d := b.at(ord)
	if d.i()&tTitle == 0 {
		return ""
	}
	return d.s()
}

// path lists the titles from term ord's main term down to it, skipping
// untitled PCS terms; nil when none has a title.
func (b *bookTable) path(ord int) []string {
	n := 0
	for o := int32(ord); o >= 0; o = b.parent[o] {
		if b.titleOf(int(o)) != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	p := make([]string, n)
	for o := int32(ord); o >= 0; o = b.parent[o] {
		if t := b.titleOf(int(o)); t != "" {
			n--
			p[n] = t
		}
	}
	return p
}

// head returns the heading of table column col (1-based), or "".
func (b *bookTable) head(col int) string {
	if col < 1 || col > len(b.heads) {
		return ""
	}
	return b.heads[col-1]
}

// tree builds the whole book, as Import makes it.
func (b *bookTable) tree() *Index {
	ix := &Index{Kind: b.kind, Year: b.year, Title: b.title, Heads: b.heads}
	n := len(b.off)
	slab := make([]IndexTerm, n)
	kids := make([]*IndexTerm, n)
	fill := make([]int32, n)
	cells := &cellPool{chunk: 4096}
	if b.nmain > 0 {
		ix.Terms, kids = kids[:b.nmain:b.nmain], kids[b.nmain:]
	}
	mains := 0
	for ord := range slab {
		t := &slab[ord]
		d := b.at(ord)
		if sub := d.readTerm(t, cells); sub > 0 {
			t.Terms, kids = kids[:sub:sub], kids[sub:]
		}
		if p := b.parent[ord]; p < 0 {
			ix.Terms[mains] = t
			mains++
		} else {
			slab[p].Terms[fill[p]] = t
			fill[p]++
		}
	}
	return ix
}

// scanRefs reads one system's references section: which codes index
// entries lead to and where their references start, checking every
// reference against the books.
func scanRefs(d *packDecoder, sd *system, books []*bookTable) *refTable {
	body := d.b
	rt := &refTable{strs: d.strs, body: body}
	n := d.count()
	rt.ords = make([]int32, 0, n)
	rt.at = make([]uint32, 0, n)
	last := -1
	for k := 0; k < n && d.err == nil; k++ {
		ci := d.i()
		at := uint32(len(body) - len(d.b))
		nr := d.count()
		if ci <= last || ci >= sd.len() || nr == 0 {
			d.fail()
			break
		}
		last = ci
		rt.ords = append(rt.ords, int32(ci))
		rt.at = append(rt.at, at)
		for j := 0; j < nr && d.err == nil; j++ {
			ixn, ord := d.i(), d.i()
			d.i()
			d.s()
			if ixn < 0 || ixn >= len(books) || ord < 0 || ord >= len(books[ixn].off) {
				d.fail()
			}
		}
	}
	return rt
}

// refsOf reads the references of code ordinal ord of sys from the pack.
func (pb *packBooks) refsOf(sys app.System, ord int) []IndexRef {
	rt := pb.refs[sys]
	if rt == nil || ord < 0 {
		return nil
	}
	i, found := slices.BinarySearch(rt.ords, int32(ord))
	if !found {
		return nil
	}
	d := &packDecoder{b: rt.body[rt.at[i]:], strs: rt.strs}
	out := make([]IndexRef, d.count())
	for j := range out {
		b := pb.books[d.i()]
		ord, col, printed := d.i(), d.i(), d.s()
		out[j] = IndexRef{Path: b.path(ord), Year: b.year, Kind: b.kind, Column: b.head(col), Code: printed}
	}
	return out
}

// decodeBooks reads the index books section and each system's index
// references section in place (see packBooks).
// systems are the pack's, each a code table.
func decodeBooks(books []byte, refs [][]byte, systems []*system) (*packBooks, error) {
	ixd, err := section(books)
	if err != nil {
		return nil, err
	}
	pb := &packBooks{books: scanBooks(ixd), refs: map[app.System]*refTable{}}
	if err := ixd.end(); err != nil {
		return nil, fmt.Errorf("%w: index books", ErrPackCorrupt)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(refs))
	tables := make([]*refTable, len(refs))
	for i, frame := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := section(frame)
			if err != nil {
				errs[i] = err
				return
			}
			tables[i] = scanRefs(d, systems[i], pb.books)
			if d.end() != nil {
				errs[i] = fmt.Errorf("%w: index references", ErrPackCorrupt)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, sd := range systems {
		if sd.len() > 0 {
			pb.refs[Row{sd, 0}.sys()] = tables[i]
		}
	}
	return pb, nil
}
