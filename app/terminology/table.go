package terminology

import (
	"encoding/binary"
	"fmt"
	"iter"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/codebench/codebench/app"
)

// A system's codes are stored in the pack as a table read where it lies
// (issue 16): loading the pack costs a few small slices, not a Concept
// per code. The section, after its string table, is
//
//	sys      string number of the system's name
//	n        uvarint codes
//	yw       uvarint bytes of one Years in the heads (1..8)
//	codes    uvarint bytes of the codes area
//	blob     uvarint bytes of the string blob
//	recs     uvarint bytes of the records area
//	codeEnd  n × uint32  end of code i in the codes area (start: end of i-1)
//	byCode   n × uint32  the ordinals sorted by code, for Lookup by binary search
//	keys     n × uint64  big endian, in that order: each code's first 8 bytes
//	                     padded with zeros, so the search compares integers
//	recEnd   n × uint32  end of record i in the records area
//	heads    n × (2×yw + 5)  valid and billable years (yw bytes each),
//	                        parent ordinal + 1 (uint32, 0 for none), flags (byte)
//	codes area, string blob, records area
//
// all little endian. A record holds what is read only with the Concept:
// its children (count, ordinals), titles (count, then years, short, long),
// then as its flags say the HCPCS dates, notes and 7th characters, in
// unsigned varints; a string is its offset and length in the blob, where
// every distinct string of the system is stored once. Concepts are built
// on demand, once per ordinal, with strings that alias the pack's bytes.

// headParentBytes is the width of a head's parent ordinal.
const headParentBytes = 4

// conceptTable is one system's codes read in place from a pack.
type conceptTable struct {
	sys     app.System
	n       int
	yw      int
	codeEnd []byte
	byCode  []byte
	keys    []byte
	recEnd  []byte
	heads   []byte
	codes   []byte
	blob    []byte
	recs    []byte

	// place gives an ICD-10-CM code its chapter and section.
	place func(code string) (chapter, section string)

	// pages caches the built Concepts, 256 per page, so each ordinal is
	// built once and keeps its pointer; a page is made when first used.
	pages []atomic.Pointer[conceptPage]
	// all is every Concept in order, built when Concepts asks.
	all     []*Concept
	allOnce sync.Once
}

const pageBits = 8

type conceptPage [1 << pageBits]atomic.Pointer[Concept]

func (t *conceptTable) headWidth() int { return 2*t.yw + headParentBytes + 1 }

// writeTable writes system d as a table section.
func (e *packEncoder) writeTable(d *system, sys app.System) {
	order := d.concepts()
	n := len(order)
	pos := make(map[string]int, n)
	for i, c := range order {
		pos[c.Code] = i
	}
	var maxYears Years
	for _, c := range order {
		maxYears |= c.Valid | c.Billable
	}
	yw := 1
	for maxYears>>(8*yw) != 0 {
		yw++
	}
	blob := newBlob()
	var codes, recs, codeEnd, recEnd, heads []byte
	var rec []byte
	ref := func(s string) {
		off := blob.add(s)
		rec = binary.AppendUvarint(rec, uint64(off))
		rec = binary.AppendUvarint(rec, uint64(len(s)))
	}
	u := func(v int) { rec = binary.AppendUvarint(rec, uint64(v)) }
	for _, c := range order {
		codes = append(codes, c.Code...)
		codeEnd = binary.LittleEndian.AppendUint32(codeEnd, uint32(len(codes)))
		heads = appendYears(heads, c.Valid, yw)
		heads = appendYears(heads, c.Billable, yw)
		parent := uint32(0)
		if p, ok := pos[c.Parent]; ok && c.Parent != "" {
			parent = uint32(p + 1)
		}
		heads = binary.LittleEndian.AppendUint32(heads, parent)
		flags := conceptFlags(c)
		heads = append(heads, byte(flags))

		rec = rec[:0]
		var kids []int
		for _, k := range c.Children {
			if p, ok := pos[k]; ok {
				kids = append(kids, p)
			}
		}
		u(len(kids))
		for _, k := range kids {
			u(k)
		}
		u(len(c.Titles))
		for _, t := range c.Titles {
			rec = binary.AppendUvarint(rec, uint64(t.Years))
			ref(t.Short)
			ref(t.Long)
		}
		if flags&flagDates != 0 {
			ref(c.Added)
			ref(c.Effective)
			ref(c.Termination)
		}
		if flags&flagNotes != 0 {
			u(len(c.Notes))
			for _, nt := range c.Notes {
				ref(string(nt.Kind))
				u(nt.Year)
				u(len(nt.Texts))
				for _, x := range nt.Texts {
					ref(x)
				}
			}
		}
		if flags&flagSeventh != 0 {
			u(len(c.Seventh))
			for _, x := range c.Seventh {
				ref(x.Char)
				ref(x.Title)
			}
		}
		recs = append(recs, rec...)
		recEnd = binary.LittleEndian.AppendUint32(recEnd, uint32(len(recs)))
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return order[perm[a]].Code < order[perm[b]].Code })
	var byCode, keys []byte
	for _, p := range perm {
		byCode = binary.LittleEndian.AppendUint32(byCode, uint32(p))
		keys = binary.BigEndian.AppendUint64(keys, codeKey(order[p].Code))
	}
	e.s(string(sys))
	e.i(n)
	e.i(yw)
	e.i(len(codes))
	e.i(len(blob.b))
	e.i(len(recs))
	for _, part := range [][]byte{codeEnd, byCode, keys, recEnd, heads, codes, blob.b, recs} {
		e.buf = append(e.buf, part...)
	}
}

func conceptFlags(c *Concept) int {
	flags := 0
	if c.Modifier {
		flags |= flagModifier
	}
	if c.Added != "" || c.Effective != "" || c.Termination != "" {
		flags |= flagDates
	}
	if len(c.Notes) > 0 {
		flags |= flagNotes
	}
	if len(c.Seventh) > 0 {
		flags |= flagSeventh
	}
	return flags
}

func appendYears(b []byte, y Years, w int) []byte {
	for k := 0; k < w; k++ {
		b = append(b, byte(y>>(8*k)))
	}
	return b
}

// blobStrings stores every distinct string once.
type blobStrings struct {
	at map[string]int
	b  []byte
}

func newBlob() *blobStrings { return &blobStrings{at: map[string]int{}} }

func (s *blobStrings) add(str string) int {
	if str == "" {
		return 0
	}
	off, ok := s.at[str]
	if !ok {
		off = len(s.b)
		s.at[str] = off
		s.b = append(s.b, str...)
	}
	return off
}

// readTable reads a table section's layout; nothing of its contents is
// read, so the pages of the codes stay where they are until asked for.
func (d *packDecoder) readTable() (*conceptTable, error) {
	t := &conceptTable{sys: app.System(d.s())}
	t.n, t.yw = d.i(), d.i()
	nCodes, nBlob, nRecs := d.i(), d.i(), d.i()
	if d.err != nil || t.n < 0 || t.yw < 1 || t.yw > 8 || nCodes < 0 || nBlob < 0 || nRecs < 0 {
		return nil, fmt.Errorf("%w: code table", ErrPackCorrupt)
	}
	if _, err := app.ParseSystem(string(t.sys)); err != nil {
		return nil, fmt.Errorf("%w: system %q", ErrPackCorrupt, t.sys)
	}
	hw := t.headWidth()
	sizes := []int{4 * t.n, 4 * t.n, 8 * t.n, 4 * t.n, hw * t.n, nCodes, nBlob, nRecs}
	total := 0
	for _, s := range sizes {
		if s < 0 || s > len(d.b)-total {
			return nil, fmt.Errorf("%w: %s code table is cut short", ErrPackCorrupt, t.sys)
		}
		total += s
	}
	if total != len(d.b) {
		return nil, fmt.Errorf("%w: %s code table has %d bytes left over", ErrPackCorrupt, t.sys, len(d.b)-total)
	}
	parts := []*[]byte{&t.codeEnd, &t.byCode, &t.keys, &t.recEnd, &t.heads, &t.codes, &t.blob, &t.recs}
	for k, p := range parts {
		*p = d.b[:sizes[k]:sizes[k]]
		d.b = d.b[sizes[k]:]
	}
	t.pages = make([]atomic.Pointer[conceptPage], (t.n+(1<<pageBits)-1)>>pageBits)
	return t, nil
}

func u32(b []byte, i int) int { return int(binary.LittleEndian.Uint32(b[4*i:])) }

// span is bytes [from, to) of b, or nil when they are not within it.
func span(b []byte, from, to int) []byte {
	if from < 0 || from > to || to > len(b) {
		return nil
	}
	return b[from:to]
}

// str returns b as a string that aliases it.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// code is the code of ordinal i.
func (t *conceptTable) code(i int) string {
	from := 0
	if i > 0 {
		from = u32(t.codeEnd, i-1)
	}
	return str(span(t.codes, from, u32(t.codeEnd, i)))
}

func (t *conceptTable) years(at int) Years {
	var y Years
	for k := 0; k < t.yw; k++ {
		y |= Years(t.heads[at+k]) << (8 * k)
	}
	return y
}

func (t *conceptTable) valid(i int) Years    { return t.years(i * t.headWidth()) }
func (t *conceptTable) billable(i int) Years { return t.years(i*t.headWidth() + t.yw) }
func (t *conceptTable) flags(i int) int      { return int(t.heads[(i+1)*t.headWidth()-1]) }

// parent is the ordinal of i's parent, or -1.
func (t *conceptTable) parent(i int) int {
	p := int(binary.LittleEndian.Uint32(t.heads[i*t.headWidth()+2*t.yw:])) - 1
	if p >= t.n || p == i {
		return -1
	}
	return p
}

// sorted is the ordinal at position k of the code order.
func (t *conceptTable) sorted(k int) int {
	if i := u32(t.byCode, k); i < t.n {
		return i
	}
	return 0
}

// codeKey is a code's first 8 bytes as a big-endian integer, padded with
// zeros: keys never order two codes against their string order (a tie
// is settled by the codes themselves).
func codeKey(code string) uint64 {
	var k uint64
	for j := 0; j < 8; j++ {
		k <<= 8
		if j < len(code) {
			k |= uint64(code[j])
		}
	}
	return k
}

func (t *conceptTable) key(k int) uint64 { return binary.BigEndian.Uint64(t.keys[8*k:]) }

// lowerBound is the first position of the code order whose code is not
// less than code.
func (t *conceptTable) lowerBound(code string) int {
	want := codeKey(code)
	lo, hi := 0, t.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.key(m) < want {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for lo < t.n && t.key(lo) == want && t.code(t.sorted(lo)) < code {
		lo++
	}
	return lo
}

// find returns the ordinal of a canonical code, or -1.
func (t *conceptTable) find(code string) int {
	k := t.lowerBound(code)
	if k < t.n {
		if i := t.sorted(k); t.code(i) == code {
			return i
		}
	}
	return -1
}

// record is ordinal i's record.
func (t *conceptTable) record(i int) recordReader {
	from := 0
	if i > 0 {
		from = u32(t.recEnd, i-1)
	}
	return recordReader{b: span(t.recs, from, u32(t.recEnd, i)), blob: t.blob}
}

// recordReader reads one record; reading past its end or outside the
// blob sets err and yields zeros, so a damaged table never panics.
type recordReader struct {
	b    []byte
	blob []byte
	err  bool
}

func (r *recordReader) u() uint64 {
	if r.err {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items that take at least a byte each.
func (r *recordReader) count() int {
	v := r.u()
	if v > uint64(len(r.b)) {
		r.err = true
		return 0
	}
	return int(v)
}

func (r *recordReader) s() string {
	off, n := r.u(), r.u()
	if off > uint64(len(r.blob)) || n > uint64(len(r.blob))-off {
		r.err = true
		return ""
	}
	return str(r.blob[off : off+n])
}

// kids reads the children's ordinals.
func (r *recordReader) kids(n int) []int {
	k := r.count()
	if k == 0 {
		return nil
	}
	out := make([]int, 0, k)
	for j := 0; j < k; j++ {
		if o := r.u(); o < uint64(n) {
			out = append(out, int(o))
		} else {
			r.err = true
		}
	}
	return out
}

// concept returns ordinal i's Concept, building it the first time.
func (t *conceptTable) concept(i int) *Concept {
	pg := t.pages[i>>pageBits].Load()
	if pg == nil {
		t.pages[i>>pageBits].CompareAndSwap(nil, new(conceptPage))
		pg = t.pages[i>>pageBits].Load()
	}
	slot := &pg[i&(1<<pageBits-1)]
	if c := slot.Load(); c != nil {
		return c
	}
	// Two readers may build the same code at once: the first to store
	// it wins, and both return that one.
	c, _ := t.build(i)
	if slot.CompareAndSwap(nil, c) {
		return c
	}
	return slot.Load()
}

// build makes ordinal i's Concept; ok is false when its record is
// damaged (the Concept then holds what could be read).
func (t *conceptTable) build(i int) (c *Concept, ok bool) {
	flags := t.flags(i)
	c = &Concept{System: t.sys, Code: t.code(i), Valid: t.valid(i), Billable: t.billable(i), Modifier: flags&flagModifier != 0}
	if p := t.parent(i); p >= 0 {
		c.Parent = t.code(p)
	}
	if t.place != nil {
		c.Chapter, c.Section = t.place(c.Code)
	}
	r := t.record(i)
	if kids := r.kids(t.n); len(kids) > 0 {
		c.Children = make([]string, len(kids))
		for j, k := range kids {
			c.Children[j] = t.code(k)
		}
	}
	if nt := r.count(); nt > 0 {
		c.Titles = make([]Title, nt)
		for j := range c.Titles {
			c.Titles[j] = Title{Years: Years(r.u()), Short: r.s(), Long: r.s()}
		}
	}
	if flags&flagDates != 0 {
		c.Added, c.Effective, c.Termination = r.s(), r.s(), r.s()
	}
	if flags&flagNotes != 0 {
		if nn := r.count(); nn > 0 {
			c.Notes = make([]Note, nn)
			for j := range c.Notes {
				nt := &c.Notes[j]
				nt.Kind = NoteKind(r.s())
				nt.Year = int(r.u())
				if k := r.count(); k > 0 {
					nt.Texts = make([]string, k)
					for x := range nt.Texts {
						nt.Texts[x] = r.s()
					}
				}
			}
		}
	}
	if flags&flagSeventh != 0 {
		if ns := r.count(); ns > 0 {
			c.Seventh = make([]SevenChr, ns)
			for j := range c.Seventh {
				c.Seventh[j] = SevenChr{Char: r.s(), Title: r.s()}
			}
		}
	}
	return c, !r.err && len(r.b) == 0
}

// kidsOf reads ordinal i's children's ordinals.
func (t *conceptTable) kidsOf(i int) []int {
	r := t.record(i)
	return r.kids(t.n)
}

// concepts builds every Concept, in order.
func (t *conceptTable) concepts() []*Concept {
	t.allOnce.Do(func() {
		all := make([]*Concept, t.n)
		for i := range all {
			all[i] = t.concept(i)
		}
		t.all = all
	})
	return t.all
}

// check reads the whole table, for a pack whose checksum cannot vouch
// for it (the fuzz target): every record whole, parents and children
// within the table, the code order a strictly sorted permutation.
func (t *conceptTable) check() error {
	seen := make([]bool, t.n)
	prev := ""
	for k := 0; k < t.n; k++ {
		i := u32(t.byCode, k)
		if i >= t.n || seen[i] {
			return fmt.Errorf("%w: %s code order", ErrPackCorrupt, t.sys)
		}
		seen[i] = true
		code := t.code(i)
		if k > 0 && code <= prev {
			return fmt.Errorf("%w: %s code order (a code appears twice?)", ErrPackCorrupt, t.sys)
		}
		if t.key(k) != codeKey(code) {
			return fmt.Errorf("%w: %s code keys", ErrPackCorrupt, t.sys)
		}
		prev = code
	}
	for i := 0; i < t.n; i++ {
		from := 0
		if i > 0 {
			from = u32(t.codeEnd, i-1)
		}
		if span(t.codes, from, u32(t.codeEnd, i)) == nil {
			return fmt.Errorf("%w: %s code %d", ErrPackCorrupt, t.sys, i)
		}
		if p := int(binary.LittleEndian.Uint32(t.heads[i*t.headWidth()+2*t.yw:])) - 1; p >= t.n || p == i {
			return fmt.Errorf("%w: %s code %d's parent", ErrPackCorrupt, t.sys, i)
		}
		from = 0
		if i > 0 {
			from = u32(t.recEnd, i-1)
		}
		if span(t.recs, from, u32(t.recEnd, i)) == nil {
			return fmt.Errorf("%w: %s record %d", ErrPackCorrupt, t.sys, i)
		}
		if _, ok := t.build(i); !ok {
			return fmt.Errorf("%w: %s record %d", ErrPackCorrupt, t.sys, i)
		}
	}
	if t.n > 0 && (u32(t.codeEnd, t.n-1) != len(t.codes) || u32(t.recEnd, t.n-1) != len(t.recs)) {
		return fmt.Errorf("%w: %s code table has bytes left over", ErrPackCorrupt, t.sys)
	}
	return nil
}

// Row is one code of a system as a walk over all of them meets it: what
// a filter asks (code, years, parent, modifier, chapter placement) is
// read in place, and the Concept is built only when Concept is called,
// so a walk that keeps few codes builds few (issue 16).
type Row struct {
	d *system
	i int
}

// Code is the canonical code.
func (r Row) Code() string {
	if r.d.tab != nil {
		return r.d.tab.code(r.i)
	}
	return r.d.order[r.i].Code
}

// Valid is Concept.Valid: the years whose release carries the code.
func (r Row) Valid() Years {
	if r.d.tab != nil {
		return r.d.tab.valid(r.i)
	}
	return r.d.order[r.i].Valid
}

// Billable is Concept.Billable.
func (r Row) Billable() Years {
	if r.d.tab != nil {
		return r.d.tab.billable(r.i)
	}
	return r.d.order[r.i].Billable
}

// ValidYears is Concept.ValidYears (a HCPCS code's need its dates, so
// its Concept is built).
func (r Row) ValidYears() Years {
	if r.d.tab != nil && r.d.tab.sys != app.HCPCS {
		return r.d.tab.valid(r.i)
	}
	return r.Concept().ValidYears()
}

// Top reports whether the code has no parent.
func (r Row) Top() bool {
	if r.d.tab != nil {
		return r.d.tab.parent(r.i) < 0
	}
	return r.d.order[r.i].Parent == ""
}

// Modifier is Concept.Modifier.
func (r Row) Modifier() bool {
	if r.d.tab != nil {
		return r.d.tab.flags(r.i)&flagModifier != 0
	}
	return r.d.order[r.i].Modifier
}

// Section is Concept.Section: the Tabular List block of an ICD-10-CM
// code.
func (r Row) Section() string {
	if t := r.d.tab; t != nil {
		if t.place == nil {
			return ""
		}
		_, sec := t.place(t.code(r.i))
		return sec
	}
	return r.d.order[r.i].Section
}

// sys is the row's system.
func (r Row) sys() app.System {
	if r.d.tab != nil {
		return r.d.tab.sys
	}
	return r.d.order[r.i].System
}

// Concept is the row's Concept, the same pointer Lookup returns.
func (r Row) Concept() *Concept {
	if r.d.tab != nil {
		return r.d.tab.concept(r.i)
	}
	return r.d.order[r.i]
}

// Rows walks the system's codes in the order Concepts lists them,
// building no Concept unless asked (Row.Concept).
func (s *Set) Rows(sys app.System) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		d := s.systems[sys]
		if d == nil {
			return
		}
		for i := 0; i < d.len(); i++ {
			if !yield(Row{d, i}) {
				return
			}
		}
	}
}

// RowsWithPrefix walks the system's codes that start with prefix
// (canonical), in code order, building no Concept unless asked.
func (s *Set) RowsWithPrefix(sys app.System, prefix string) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		d := s.systems[sys]
		if d == nil {
			return
		}
		n, at := d.len(), d.sortedFn()
		var k int
		if d.tab != nil {
			k = d.tab.lowerBound(prefix)
		} else {
			k = sort.Search(n, func(k int) bool { return Row{d, at(k)}.Code() >= prefix })
		}
		for ; k < n; k++ {
			r := Row{d, at(k)}
			if !strings.HasPrefix(r.Code(), prefix) || !yield(r) {
				return
			}
		}
	}
}
