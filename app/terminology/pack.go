package terminology

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"

	"github.com/codebench/codebench/app"
)

// The pack is Codebench's compact form of a Set, embedded in the binary
// and kept in the data folder:
//
//	magic    8 bytes  "CBTERMS\n"
//	version  uint16   little endian, PackVersion
//	codec    uint16   2 = each frame says how it is stored
//	length   uint64   bytes of the body
//	sha256   32 bytes of the body
//	body     uvarint section count, then per section its frame length
//	         and its frame: one codec byte (frameRaw or frameZstd), then
//	         the section, as is or as one zstd frame
//
// Sections are one per code system, then the Tabular List, the index
// books, the index references of each system, the rest (POA lists,
// conversion table, HCPCS releases) and the Official Guidelines. Each
// starts with its own table of
// distinct strings (lengths, then bytes), so a title shared across years
// costs one copy, and refers to strings by number with unsigned varints.
// A section that is read where it lies (the code tables, the index books
// and the index references) is stored raw,
// so its strings are the pack's own bytes: for the embedded pack the
// binary's read-only data, paged in as it is read and never copied onto
// the heap (issue 16). A section decoded whole anyway is compressed.
// Sections decode in parallel. A code system's section is a table of its
// codes (table.go) whose Concepts are built when a look-up asks for them;
// their chapter placement is worked out from the Tabular List then.
const (
	packMagic = "CBTERMS\n"
	// PackVersion is the pack format version this build reads and writes.
	// Version 5 stores each frame raw or compressed; version 4 added the
	// Official Guidelines section. An older pack is refused with
	// ErrPackVersion like any other.
	PackVersion = 5
	packHeader  = 8 + 2 + 2 + 8 + 32
	// codecFramed is the header's codec: every frame starts with its own
	// codec byte.
	codecFramed = 2
)

// Frame codecs: the first byte of every frame.
const (
	// frameRaw is a section stored as is: its strings alias the frame.
	frameRaw = 0
	// frameZstd is a section compressed as one zstd frame.
	frameZstd = 1
)

// Pack errors.
var (
	// ErrNotPack means the bytes are not a Codebench terminology pack.
	ErrNotPack = errors.New("not a Codebench terminology pack")
	// ErrPackVersion means the pack was written by another format version.
	ErrPackVersion = errors.New("terminology pack format version not supported by this Codebench: rebuild it with `codebench terms build` or import the release files again")
	// ErrPackCorrupt means the pack is truncated or damaged.
	ErrPackCorrupt = errors.New("terminology pack is damaged or truncated: rebuild it with `codebench terms build`, or delete it from the data folder to use the built-in code sets")
)

// WritePack writes the set as a pack.
func (s *Set) WritePack(w io.Writer) error {
	s.ensureBooks()
	parts, nchunks, nsys := s.packParts()
	body, err := packBody(parts, nchunks, nsys, true)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	hdr := make([]byte, 0, packHeader)
	hdr = append(hdr, packMagic...)
	hdr = binary.LittleEndian.AppendUint16(hdr, PackVersion)
	hdr = binary.LittleEndian.AppendUint16(hdr, codecFramed)
	hdr = binary.LittleEndian.AppendUint64(hdr, uint64(len(body)))
	hdr = append(hdr, sum[:]...)
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// packPart is one section: how its frame is stored and its encoder.
type packPart struct {
	// codec is frameRaw for a section read where it lies, frameZstd
	// for one decoded whole.
	codec byte
	write func(*packEncoder)
}

// packParts lists the section encoders: systems, Tabular List, books,
// references per system, the rest.
func (s *Set) packParts() (parts []packPart, nchunks, nsys int) {
	var systems []app.System
	for _, sys := range app.Systems {
		if s.systems[sys] != nil {
			systems = append(systems, sys)
		}
	}
	for _, sys := range systems {
		d := s.systems[sys]
		parts = append(parts, packPart{frameRaw, func(e *packEncoder) { e.writeTable(d, sys) }})
	}
	nchunks = len(parts)
	parts = append(parts,
		packPart{frameZstd, func(e *packEncoder) { e.tabular(s) }},
		packPart{frameRaw, func(e *packEncoder) { e.indexes(s) }})
	per := s.linksByConcept()
	for _, sys := range systems {
		parts = append(parts, packPart{frameRaw, func(e *packEncoder) { e.refs(s.systems[sys], per) }})
	}
	parts = append(parts,
		packPart{frameZstd, func(e *packEncoder) { e.rest(s) }},
		packPart{frameZstd, func(e *packEncoder) { e.guidelines(s) }})
	nsys = len(systems)
	return parts, nchunks, nsys
}

// packBody encodes the sections, each into its own frame, compressed
// when its part asks for it and compress is set (the fuzz target leaves
// every frame raw, so its mutations reach the decoders).
func packBody(parts []packPart, nchunks, nsys int, compress bool) ([]byte, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	body := binary.AppendUvarint(nil, uint64(len(parts)))
	body = binary.AppendUvarint(body, uint64(nchunks))
	body = binary.AppendUvarint(body, uint64(nsys))
	for _, part := range parts {
		e := &packEncoder{strs: &packStrings{ids: map[string]uint64{}}}
		e.strs.id("") // string 0 is the empty string
		part.write(e)
		raw := e.strs.table()
		raw = append(raw, e.buf...)
		frame := []byte{frameRaw}
		if compress && part.codec == frameZstd {
			frame = enc.EncodeAll(raw, []byte{frameZstd})
		} else {
			frame = append(frame, raw...)
		}
		body = binary.AppendUvarint(body, uint64(len(frame)))
		body = append(body, frame...)
	}
	return body, nil
}

// table writes the string table: count, lengths, bytes.
func (p *packStrings) table() []byte {
	n := 0
	for _, s := range p.list {
		n += len(s)
	}
	out := make([]byte, 0, n+3*len(p.list)+8)
	out = binary.AppendUvarint(out, uint64(len(p.list)))
	for _, s := range p.list {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range p.list {
		out = append(out, s...)
	}
	return out
}

// packStrings numbers every distinct string once.
type packStrings struct {
	ids  map[string]uint64
	list []string
}

func (p *packStrings) id(s string) uint64 {
	id, ok := p.ids[s]
	if !ok {
		id = uint64(len(p.list))
		p.ids[s] = id
		p.list = append(p.list, s)
	}
	return id
}

type packEncoder struct {
	buf  []byte
	strs *packStrings
}

func (e *packEncoder) u(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *packEncoder) i(v int)    { e.u(uint64(v)) }
func (e *packEncoder) s(str string) {
	e.u(e.strs.id(str))
}

func (e *packEncoder) notes(ns []Note) {
	e.i(len(ns))
	for _, n := range ns {
		e.s(string(n.Kind))
		e.i(n.Year)
		e.i(len(n.Texts))
		for _, t := range n.Texts {
			e.s(t)
		}
	}
}

const (
	flagModifier = 1 << iota
	flagDates
	flagNotes
	flagSeventh
)

func (e *packEncoder) tabular(s *Set) {
	e.i(len(s.chapters))
	for _, c := range s.chapters {
		e.s(c.ID)
		e.s(c.Title)
		e.s(c.First)
		e.s(c.Last)
		e.i(c.Year)
		e.notes(c.Notes)
		e.i(len(c.Sections))
		for _, id := range c.Sections {
			e.s(id)
		}
	}
	e.i(len(s.sections))
	for _, c := range s.sections {
		e.s(c.ID)
		e.s(c.Title)
		e.s(c.First)
		e.s(c.Last)
		e.s(c.Chapter)
		e.i(c.Year)
		e.notes(c.Notes)
	}
}

func (e *packEncoder) indexes(s *Set) {
	ixs := s.Indexes()
	e.i(len(ixs))
	for _, ix := range ixs {
		e.s(string(ix.Kind))
		e.i(ix.Year)
		e.s(ix.Title)
		e.i(len(ix.Heads))
		for _, h := range ix.Heads {
			e.s(h)
		}
		n := 0
		ix.Walk(func([]*IndexTerm) bool { n++; return true })
		e.i(n)
		e.i(len(ix.Terms))
		for _, t := range ix.Terms {
			e.term(t)
		}
	}
}

// linksByConcept groups every index entry by the concept it leads to.
func (s *Set) linksByConcept() map[*Concept][]indexLink {
	per := map[*Concept][]indexLink{}
	s.eachIndexLink(func(l indexLink, _ []*IndexTerm) { per[l.c] = append(per[l.c], l) })
	return per
}

// refs writes the concepts of one system that index entries lead to, so
// loading needs no lookups: concept position, then (book, term number,
// column, printed code) per entry.
func (e *packEncoder) refs(d *system, per map[*Concept][]indexLink) {
	order := d.concepts()
	n := 0
	for _, c := range order {
		if len(per[c]) > 0 {
			n++
		}
	}
	e.i(n)
	for i, c := range order {
		ls := per[c]
		if len(ls) == 0 {
			continue
		}
		e.i(i)
		e.i(len(ls))
		for _, l := range ls {
			e.i(l.ix)
			e.i(l.ord)
			e.i(l.col)
			e.s(l.printed)
		}
	}
}

func (e *packEncoder) rest(s *Set) {
	years := sortedKeys(s.poa)
	e.i(len(years))
	for _, y := range years {
		e.i(y)
		if s.poaDerivedYears[y] {
			e.i(1)
		} else {
			e.i(0)
		}
		codes := make([]string, 0, len(s.poa[y]))
		for c := range s.poa[y] {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		e.i(len(codes))
		for _, c := range codes {
			e.s(c)
		}
	}
	for _, m := range []map[int][]string{s.poaAdded, s.poaDeleted} {
		ys := sortedKeys(m)
		e.i(len(ys))
		for _, y := range ys {
			e.i(y)
			e.i(len(m[y]))
			for _, c := range m[y] {
				e.s(c)
			}
		}
	}
	e.i(s.convYear)
	e.i(len(s.conversions))
	for _, c := range s.conversions {
		e.s(c.Current)
		e.s(c.Text)
		e.s(c.Since)
		e.i(c.Year)
		e.i(len(c.Previous))
		for _, p := range c.Previous {
			e.s(p)
		}
	}
	ys := sortedKeys(s.hcpcsRelease)
	e.i(len(ys))
	for _, y := range ys {
		e.i(y)
		e.s(s.hcpcsRelease[y])
	}
}

// guidelines writes the Official Guidelines: per edition its year,
// effective date and pages, then its sections in order.
func (e *packEncoder) guidelines(s *Set) {
	e.i(len(s.guidelines))
	for _, ed := range s.guidelines {
		e.i(ed.Year)
		e.s(ed.Effective)
		e.i(ed.Pages)
		e.i(len(ed.Sections))
		for _, g := range ed.Sections {
			e.s(g.Number)
			e.s(g.Heading)
			e.i(g.Level)
			e.i(g.Page)
			e.s(g.Text)
		}
	}
}

func sortedKeys[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// Term fields present, one bit each, in this order.
const (
	tTitle = 1 << iota
	tNemod
	tCode
	tManif
	tSee
	tSeeAlso
	tSeeCat
	tSubcat
	tUse
	tCodes
	tTab
	tCells
)

func (e *packEncoder) term(t *IndexTerm) {
	fields := []string{t.Title, t.Nemod, t.Code, t.Manif, t.See, t.SeeAlso, t.SeeCat, t.Subcat, t.Use, t.Codes, t.Tab}
	mask := 0
	for i, f := range fields {
		if f != "" {
			mask |= 1 << i
		}
	}
	if len(t.Cells) > 0 {
		mask |= tCells
	}
	e.i(mask)
	for _, f := range fields {
		if f != "" {
			e.s(f)
		}
	}
	if mask&tCells != 0 {
		e.i(len(t.Cells))
		for _, c := range t.Cells {
			e.i(c.Col)
			e.s(c.Code)
		}
	}
	e.i(len(t.Terms))
	for _, k := range t.Terms {
		e.term(k)
	}
}

// LoadPack reads a pack written by WritePack. A pack with another magic or
// format version, a bad checksum, or a truncated body is refused with an
// error that says what to do. The code tables are read where they lie:
// the Set keeps b and its Concepts' strings point into it, so b must not
// be changed afterwards.
func LoadPack(b []byte) (*Set, error) {
	body, err := packBodyOf(b)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], b[20:52]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrPackCorrupt)
	}
	return decodeBody(body, true)
}

// LoadBuiltInPack is LoadPack for the pack embedded in the binary
// (assets.TerminologyPack): it does not check the body's checksum, which
// would read every byte and so make the whole pack resident, while the
// code tables are meant to be paged in only where a look-up reads them
// (issue 16). The pack is the binary's own read-only data, as trusted as
// its code; its header, its sections' layout and its compressed sections
// are still checked, and a damaged code record yields a Concept with what
// could be read, never a crash.
func LoadBuiltInPack(b []byte) (*Set, error) {
	body, err := packBodyOf(b)
	if err != nil {
		return nil, err
	}
	return decodeBody(body, true)
}

// packBodyOf checks a pack's header and returns its body.
func packBodyOf(b []byte) ([]byte, error) {
	if len(b) < packHeader || string(b[:8]) != packMagic {
		return nil, ErrNotPack
	}
	if v := binary.LittleEndian.Uint16(b[8:]); v != PackVersion {
		return nil, fmt.Errorf("%w (pack version %d, this build reads %d)", ErrPackVersion, v, PackVersion)
	}
	if c := binary.LittleEndian.Uint16(b[10:]); c != codecFramed {
		return nil, fmt.Errorf("%w: unknown compression %d", ErrPackCorrupt, c)
	}
	n := binary.LittleEndian.Uint64(b[12:])
	body := b[packHeader:]
	if uint64(len(body)) != n {
		return nil, fmt.Errorf("%w: body is %d bytes, the header says %d", ErrPackCorrupt, len(body), n)
	}
	return body, nil
}

// packFrames splits the body into its sections' frames.
func packFrames(body []byte) (frames [][]byte, nchunks, nsys int, err error) {
	d := &packDecoder{b: body}
	n := d.count()
	nchunks = d.count()
	nsys = d.count()
	if d.err != nil || nsys > len(app.Systems) || nchunks < nsys || n != nchunks+nsys+4 {
		return nil, 0, 0, fmt.Errorf("%w: %d sections for %d systems", ErrPackCorrupt, n, nsys)
	}
	for k := 0; k < n; k++ {
		l := d.count()
		if d.err != nil {
			return nil, 0, 0, fmt.Errorf("%w: body ends early", ErrPackCorrupt)
		}
		frames = append(frames, d.b[:l])
		d.b = d.b[l:]
	}
	if len(d.b) != 0 {
		return nil, 0, 0, fmt.Errorf("%w: %d bytes left over", ErrPackCorrupt, len(d.b))
	}
	return frames, nchunks, nsys, nil
}

var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
})

// section reads one frame: its codec byte, then the section, which it
// decompresses when the frame is compressed, and its string table. The
// strings alias the section's bytes, which are never written again: the
// decompressed buffer, or for a raw frame the frame itself (the pack's
// own bytes), so they cost no copy.
func section(frame []byte) (*packDecoder, error) {
	if len(frame) == 0 {
		return nil, fmt.Errorf("%w: empty frame", ErrPackCorrupt)
	}
	raw := frame[1:]
	switch frame[0] {
	case frameRaw:
	case frameZstd:
		dec, err := zstdDecoder()
		if err != nil {
			return nil, err
		}
		if raw, err = dec.DecodeAll(raw, nil); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrPackCorrupt, err)
		}
	default:
		return nil, fmt.Errorf("%w: unknown frame codec %d", ErrPackCorrupt, frame[0])
	}
	d := &packDecoder{b: raw}
	ns := d.count()
	// First pass over the lengths for the total, second to slice.
	lensAt := d.b
	total := 0
	for i := 0; i < ns; i++ {
		total += d.count()
	}
	if d.err != nil || total > len(d.b) || ns == 0 {
		return nil, fmt.Errorf("%w: string table", ErrPackCorrupt)
	}
	var blob string
	if total > 0 {
		blob = unsafe.String(&d.b[0], total)
	}
	d.b = d.b[total:]
	d.strs = make([]string, ns)
	lens := &packDecoder{b: lensAt}
	off := 0
	for i := range d.strs {
		l := lens.count()
		d.strs[i] = blob[off : off+l]
		off += l
	}
	return d, nil
}

// errShort stops decoding at the first read past the end.
var errShort = errors.New("short")

type packDecoder struct {
	b    []byte
	strs []string
	err  error
}

func (d *packDecoder) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length and checks it against what is left, so a damaged
// pack cannot ask for a huge allocation.
func (d *packDecoder) count() int {
	v := d.u()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *packDecoder) i() int { return int(d.u()) }

func (d *packDecoder) fail() {
	if d.err == nil {
		d.err = errShort
	}
}

func (d *packDecoder) s() string {
	v := d.u()
	if v >= uint64(len(d.strs)) {
		d.fail()
		return ""
	}
	return d.strs[v]
}

// strings reads a counted list of strings; nil when empty.
func (d *packDecoder) strings() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.s()
	}
	return out
}

func (d *packDecoder) notes() []Note {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]Note, n)
	for i := range out {
		out[i].Kind = NoteKind(d.s())
		out[i].Year = d.i()
		k := d.count()
		out[i].Texts = make([]string, k)
		for j := range out[i].Texts {
			out[i].Texts[j] = d.s()
		}
		if k == 0 {
			out[i].Texts = nil
		}
	}
	return out
}

// decodeBody decodes a pack's sections. The code tables are read in
// place (readTable): their Concepts are built when asked for. The index
// books and the index references of the codes are read in place too
// (books.go); with lazyBooks their sections are not even scanned until
// something asks for them: searching and looking codes up need neither
// (issue 16). Only a pack whose checksum was verified, or the binary's
// own, is read lazily; the fuzz target reads and checks everything at
// once, so a damaged body is refused whole.
func decodeBody(body []byte, lazyBooks bool) (*Set, error) {
	frames, nchunks, nsys, err := packFrames(body)
	if err != nil {
		return nil, err
	}
	if nchunks != nsys {
		return nil, fmt.Errorf("%w: %d code tables for %d systems", ErrPackCorrupt, nchunks, nsys)
	}
	s := newSet()
	var (
		wg     sync.WaitGroup
		tables = make([]*conceptTable, nsys)
		errs   = make([]error, len(frames))
	)
	run := func(k int, fn func(d *packDecoder)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := section(frames[k])
			if err != nil {
				errs[k] = err
				return
			}
			fn(d)
			if err := d.end(); err != nil {
				errs[k] = fmt.Errorf("%w: section %d", ErrPackCorrupt, k)
			}
		}()
	}
	firstErr := func() error {
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
	// Phase 1: the code tables' layout, the Tabular List, the rest and the
	// guidelines, side by side.
	for k := 0; k < nsys; k++ {
		run(k, func(d *packDecoder) {
			t, err := d.readTable()
			if err != nil {
				errs[k] = err
				return
			}
			if !lazyBooks {
				errs[k] = t.check()
			}
			tables[k] = t
		})
	}
	run(nchunks, func(d *packDecoder) { d.tabular(s) })
	run(nchunks+2+nsys, func(d *packDecoder) { d.rest(s); s.indexConversions() })
	run(nchunks+3+nsys, func(d *packDecoder) { d.guidelines(s) })
	wg.Wait()
	if err := firstErr(); err != nil {
		return nil, err
	}
	// Phase 2: the systems, placed in the Tabular List; the books and
	// references are read when asked for, or now for the fuzz target.
	sysOut := make([]*system, nsys)
	for i, t := range tables {
		if s.systems[t.sys] != nil {
			return nil, fmt.Errorf("%w: system %q twice", ErrPackCorrupt, t.sys)
		}
		if t.sys == app.ICD10CM && len(s.sections) > 0 {
			t.place = newPlacer(s.sections)
		}
		sysOut[i] = &system{tab: t}
		s.systems[t.sys] = sysOut[i]
	}
	s.loadBooks = func() (*packBooks, error) {
		return decodeBooks(frames[nchunks+1], frames[nchunks+2:nchunks+2+nsys], sysOut)
	}
	if !lazyBooks {
		if err := s.BooksErr(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// end reports a decoding error, or bytes left in the section.
func (d *packDecoder) end() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = errShort
	}
	return d.err
}

func (d *packDecoder) tabular(s *Set) {
	nch := d.count()
	for k := 0; k < nch && d.err == nil; k++ {
		c := &Chapter{ID: d.s(), Title: d.s(), First: d.s(), Last: d.s(), Year: d.i()}
		c.Notes = d.notes()
		c.Sections = d.strings()
		s.chapters = append(s.chapters, c)
		s.chapterBy[c.ID] = c
	}
	nsec := d.count()
	for k := 0; k < nsec && d.err == nil; k++ {
		c := &Section{ID: d.s(), Title: d.s(), First: d.s(), Last: d.s(), Chapter: d.s(), Year: d.i()}
		c.Notes = d.notes()
		s.sections = append(s.sections, c)
		s.sectionBy[c.ID] = c
	}
}

func (d *packDecoder) rest(s *Set) {
	npoa := d.count()
	for k := 0; k < npoa && d.err == nil; k++ {
		y, derived := d.i(), d.i()
		nc := d.count()
		m := make(map[string]bool, nc)
		for j := 0; j < nc; j++ {
			m[d.s()] = true
		}
		s.poa[y] = m
		if derived == 1 {
			if s.poaDerivedYears == nil {
				s.poaDerivedYears = map[int]bool{}
			}
			s.poaDerivedYears[y] = true
		}
	}
	for _, m := range []map[int][]string{s.poaAdded, s.poaDeleted} {
		ny := d.count()
		for k := 0; k < ny && d.err == nil; k++ {
			y := d.i()
			m[y] = d.strings()
		}
	}
	s.convYear = d.i()
	s.conversions = make([]Conversion, d.count())
	for k := range s.conversions {
		c := &s.conversions[k]
		c.Current, c.Text, c.Since, c.Year = d.s(), d.s(), d.s(), d.i()
		c.Previous = d.strings()
	}
	nh := d.count()
	for k := 0; k < nh && d.err == nil; k++ {
		y := d.i()
		s.hcpcsRelease[y] = d.s()
	}
}

func (d *packDecoder) guidelines(s *Set) {
	n := d.count()
	for k := 0; k < n && d.err == nil; k++ {
		ed := &GuidelineEdition{Year: d.i(), Effective: d.s(), Pages: d.i()}
		ed.Sections = make([]*GuidelineSection, d.count())
		for j := range ed.Sections {
			ed.Sections[j] = &GuidelineSection{Number: d.s(), Heading: d.s(), Level: d.i(), Page: d.i(), Text: d.s()}
		}
		ed.index()
		s.guidelines = append(s.guidelines, ed)
	}
}
