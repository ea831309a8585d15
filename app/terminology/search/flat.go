package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"sort"
	"unsafe"

	"github.com/codebench/codebench/app/terminology"
)

// The index's stored form is flat: every array of the Index laid out as
// it sits in memory, so an index is searched in place, straight from the
// bytes embedded in the binary or from a memory-mapped file. Nothing is
// decoded or copied onto the heap at start-up; the operating system pages
// in what a search touches and shares those pages between processes.
//
//	magic    8 bytes "CBSEARCH"
//	version  uint32  IndexVersion
//	crc32    uint32  IEEE, of everything after it (checked for files, not
//	                 for the index built into the binary)
//	avgLen   float32 bits
//	sections uint32  count, then per section its offset and length in
//	                 bytes (uint64 each), in the order of the sec constants
//	data     each section 8-byte aligned: little-endian fixed-width
//	         arrays; a string table is two sections (end offsets, bytes)
//
// The source section names the code sets the index was built from (the
// pack's checksum, see terminology.PackKey), so a caller can tell an index
// that belongs to its code sets from one that does not.
const (
	indexMagic = "CBSEARCH"
	// IndexVersion is the format version this build reads and writes;
	// bump it when the layout or the tokenizer changes. Version 3 is the
	// flat, in-place layout; version 4 numbers the years of concepts and
	// phrases, keeps Why as a tree, files typos under 32-bit hashes and
	// keeps the span of codes an index entry leads to by concept; version
	// 5 reads "-eys"/"-ays" plurals as their singular and gives an entry
	// for a code made since the years of the code it was split from;
	// version 6 also leads an entry, before a code took effect, to the
	// conversion table's previous code (carriedBack); version 7 leads a
	// see reference's entry to the subterm of the term named that repeats
	// its own word (Pain, hand — see Pain, limb, upper: hand), and counts
	// the Neoplasm Table's see rows carrying the cells of the row they
	// name, which were built under version 6; version 8 reads irregular
	// plurals ("feet", "teeth", "calculi") as their singular, and follows
	// a reference's last part to the one subterm it starts
	// ("Tear, retina — see also Break, retina, horseshoe": horseshoe tear).
	// Version 9: "ganglia" left as it is (an index built under 8 read it
	// as "ganglion"). Version 10 keeps the letter A where it names a kind
	// (LetterA: "hepatitis A", "Influenza > A (non-novel)"), which
	// versions before dropped as the article. Version 11 counts an
	// Index heading that only groups its subterms (IndexHeading: "entering
	// through orifice") as a nonessential modifier. Version 12 flags the
	// family history codes (flagFamily), which a "history of" naming no
	// relative ranks below the patient's own.
	IndexVersion = 12
	flatHeader   = 8 + 4 + 4 + 4 + 4
)

// Section numbers, in stored order: what every search reads first, the
// reasons of hits next, and last the titles as shown, which only a search
// without the code sets reads (TitleIn: the command line). The system
// maps the binary's pages in large runs (on Linux 6.18 a whole 2 MB folio
// per touch), so arrays read together are kept together.
const (
	secSource = iota
	secCSys
	secCClass
	secCClasses
	secCFlags
	secCParent
	secCodeEnds
	secCodeBytes
	secByCode
	secCTitleOff
	secCTitles
	secCLo
	secCHi
	secPhConcept
	secPhKind
	secPhLen
	secPhClass
	secPhClasses
	secPhTermOff
	secPhTerms
	secPrefixAt
	secPrefixEnds
	secPrefixBytes
	secPrefixLo
	secPrefixHi
	secVocabEnds
	secVocabBytes
	secPostOff
	secPosts
	secTypoKey
	secTypoTerm
	secAliasKey
	secAliasVal
	secPhWhy
	secWhyParent
	secWhySeg
	secWhySegEnds
	secWhySegBytes
	secCTitleAt
	secTYears
	secTTextEnds
	secTTextBytes
	secTLong
	numSections
)

// Errors from Open.
var (
	// ErrIndexFormat means the bytes are not a search index of this version.
	ErrIndexFormat = errors.New("search index: not a Codebench search index of this version: rebuild it")
	// ErrIndexCorrupt means the bytes are damaged or truncated.
	ErrIndexCorrupt = errors.New("search index: damaged or truncated: rebuild it")
	// ErrIndexMismatch means the index was built from other code sets.
	ErrIndexMismatch = errors.New("search index: built from other code sets: rebuild it")
	// ErrBigEndian means this machine cannot read the little-endian
	// layout in place.
	ErrBigEndian = errors.New("search index: the stored index is little-endian and this machine is not: it is built at start instead")
)

// littleEndian says whether this machine's memory layout is the stored
// one; the in-place view depends on it.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// strs is a table of strings kept as one run of bytes and their end
// offsets: string i is bytes[ends[i-1]:ends[i]]. It is the same in the
// heap and in place, so Index code never asks which it has.
type strs struct {
	ends  []uint32
	bytes string
}

func newStrs(v []string) strs {
	ends := make([]uint32, len(v))
	n := 0
	for i, s := range v {
		n += len(s)
		ends[i] = uint32(n)
	}
	b := make([]byte, 0, n)
	for _, s := range v {
		b = append(b, s...)
	}
	return strs{ends: ends, bytes: string(b)}
}

func (s strs) Len() int { return len(s.ends) }

func (s strs) At(i int) string {
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.bytes[start:s.ends[i]]
}

// search is the first i whose string is not below w (the strings sorted).
func (s strs) search(w string) int {
	return sort.Search(len(s.ends), func(i int) bool { return s.At(i) >= w })
}

// asBytes views a fixed-width array as its bytes (this machine's order,
// little-endian where the format is written).
func asBytes[T any](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*int(unsafe.Sizeof(z)))
}

// view reads a section as an array of T in place; its offset is a
// multiple of 8 in a buffer that starts 8-aligned, so every T is aligned.
func view[T any](b []byte) []T {
	var z T
	n := len(b) / int(unsafe.Sizeof(z))
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// Marshal writes the index in the flat layout. source names the code sets
// it was built from (terminology.PackKey of their pack); Source returns it
// after Open.
func (ix *Index) Marshal(source string) ([]byte, error) {
	if !littleEndian {
		return nil, ErrBigEndian
	}
	sections := [numSections][]byte{
		secSource:      []byte(source),
		secCSys:        ix.cSys,
		secCClass:      asBytes(ix.cClass),
		secCClasses:    asBytes(ix.cClasses),
		secCFlags:      ix.cFlags,
		secCParent:     asBytes(ix.cParent),
		secCodeEnds:    asBytes(ix.codes.ends),
		secCodeBytes:   []byte(ix.codes.bytes),
		secByCode:      asBytes(ix.byCode),
		secCTitleOff:   asBytes(ix.cTitleOff),
		secCTitles:     asBytes(ix.cTitles),
		secCLo:         asBytes(ix.cLo),
		secCHi:         asBytes(ix.cHi),
		secPhConcept:   asBytes(ix.phConcept),
		secPhKind:      ix.phKind,
		secPhLen:       ix.phLen,
		secPhClass:     asBytes(ix.phClass),
		secPhClasses:   asBytes(ix.phClasses),
		secPhTermOff:   asBytes(ix.phTermOff),
		secPhTerms:     asBytes(ix.phTerms),
		secPrefixAt:    asBytes(ix.prefixAt),
		secPrefixEnds:  asBytes(ix.prefixes.ends),
		secPrefixBytes: []byte(ix.prefixes.bytes),
		secPrefixLo:    asBytes(ix.prefixLo),
		secPrefixHi:    asBytes(ix.prefixHi),
		secVocabEnds:   asBytes(ix.vocab.ends),
		secVocabBytes:  []byte(ix.vocab.bytes),
		secPostOff:     asBytes(ix.postOff),
		secPosts:       asBytes(ix.posts),
		secTypoKey:     asBytes(ix.typoKey),
		secTypoTerm:    asBytes(ix.typoTerm),
		secAliasKey:    asBytes(ix.aliasKey),
		secAliasVal:    asBytes(ix.aliasVal),
		secPhWhy:       asBytes(ix.phWhy),
		secWhyParent:   asBytes(ix.whyParent),
		secWhySeg:      asBytes(ix.whySeg),
		secWhySegEnds:  asBytes(ix.whySegs.ends),
		secWhySegBytes: []byte(ix.whySegs.bytes),
		secCTitleAt:    asBytes(ix.cTitleAt),
		secTYears:      asBytes(ix.tYears),
		secTTextEnds:   asBytes(ix.tText.ends),
		secTTextBytes:  []byte(ix.tText.bytes),
		secTLong:       ix.tLong,
	}
	off := align8(flatHeader + 16*numSections)
	total := off
	for _, s := range sections {
		total = align8(total + len(s))
	}
	b := make([]byte, flatHeader+16*numSections, total)
	copy(b, indexMagic)
	binary.LittleEndian.PutUint32(b[8:], IndexVersion)
	binary.LittleEndian.PutUint32(b[16:], math.Float32bits(ix.avgLen))
	binary.LittleEndian.PutUint32(b[20:], numSections)
	b = b[:off]
	for i, s := range sections {
		binary.LittleEndian.PutUint64(b[flatHeader+16*i:], uint64(len(b)))
		binary.LittleEndian.PutUint64(b[flatHeader+16*i+8:], uint64(len(s)))
		b = append(b, s...)
		b = append(b, make([]byte, align8(len(b))-len(b))...)
	}
	binary.LittleEndian.PutUint32(b[12:], crc32.ChecksumIEEE(b[16:]))
	return b, nil
}

func align8(n int) int { return (n + 7) &^ 7 }

// Open reads an index written by Marshal in place: its arrays are data
// itself, which must stay unchanged and mapped for as long as the index
// (and the strings of its hits) are used. It checks the checksum and that
// every array agrees with the others, so a damaged file cannot make
// Search index out of range; that reads every page once. Attach the
// code sets before searching.
func Open(data []byte) (*Index, error) {
	return open(data, true, true)
}

// OpenBuiltIn reads the index built into the binary in place, as Open
// does, but trusts it as it trusts its own code: it checks the header and
// the sizes of the arrays only, so a start touches only the pages a
// search needs.
func OpenBuiltIn(data []byte) (*Index, error) {
	return open(data, false, false)
}

// open reads the index in place, checking the checksum (sum) and every
// stored number (values) when asked; the header and the array sizes
// always.
func open(data []byte, sum, values bool) (*Index, error) {
	if len(data) < flatHeader || string(data[:8]) != indexMagic || binary.LittleEndian.Uint32(data[8:]) != IndexVersion {
		return nil, ErrIndexFormat
	}
	if !littleEndian {
		return nil, ErrBigEndian
	}
	if sum && crc32.ChecksumIEEE(data[16:]) != binary.LittleEndian.Uint32(data[12:]) {
		return nil, ErrIndexCorrupt
	}
	if n := binary.LittleEndian.Uint32(data[20:]); n != numSections || len(data) < flatHeader+16*numSections {
		return nil, ErrIndexCorrupt
	}
	if uintptr(unsafe.Pointer(unsafe.SliceData(data)))%8 != 0 {
		// Not where an in-place view can start: read it from a copy.
		buf := make([]uint64, (len(data)+7)/8)
		data = asBytes(buf)[:copy(asBytes(buf), data)]
	}
	var sec [numSections][]byte
	for i := range sec {
		off := binary.LittleEndian.Uint64(data[flatHeader+16*i:])
		n := binary.LittleEndian.Uint64(data[flatHeader+16*i+8:])
		if off%8 != 0 || off > uint64(len(data)) || n > uint64(len(data))-off {
			return nil, ErrIndexCorrupt
		}
		sec[i] = data[off : off+n : off+n]
	}
	str := func(ends, b int) strs {
		return strs{ends: view[uint32](sec[ends]), bytes: unsafe.String(unsafe.SliceData(sec[b]), len(sec[b]))}
	}
	ix := &Index{
		source:    string(sec[secSource]),
		cSys:      sec[secCSys],
		cClass:    view[uint16](sec[secCClass]),
		cClasses:  view[conceptYears](sec[secCClasses]),
		cFlags:    sec[secCFlags],
		cParent:   view[int32](sec[secCParent]),
		codes:     str(secCodeEnds, secCodeBytes),
		byCode:    view[int32](sec[secByCode]),
		cTitleOff: view[uint32](sec[secCTitleOff]),
		cTitles:   view[uint32](sec[secCTitles]),
		cTitleAt:  view[uint32](sec[secCTitleAt]),
		tYears:    view[terminology.Years](sec[secTYears]),
		tText:     str(secTTextEnds, secTTextBytes),
		tLong:     sec[secTLong],
		phConcept: view[int32](sec[secPhConcept]),
		phKind:    sec[secPhKind],
		phLen:     sec[secPhLen],
		phClass:   view[uint16](sec[secPhClass]),
		phClasses: view[phraseYears](sec[secPhClasses]),
		phTermOff: view[uint32](sec[secPhTermOff]),
		phTerms:   view[uint32](sec[secPhTerms]),
		cLo:       view[uint32](sec[secCLo]),
		cHi:       view[uint32](sec[secCHi]),
		prefixLo:  view[uint32](sec[secPrefixLo]),
		prefixHi:  view[uint32](sec[secPrefixHi]),
		prefixAt:  view[uint32](sec[secPrefixAt]),
		prefixes:  str(secPrefixEnds, secPrefixBytes),
		phWhy:     view[uint32](sec[secPhWhy]),
		whyParent: view[uint32](sec[secWhyParent]),
		whySeg:    view[uint32](sec[secWhySeg]),
		whySegs:   str(secWhySegEnds, secWhySegBytes),
		vocab:     str(secVocabEnds, secVocabBytes),
		postOff:   view[uint32](sec[secPostOff]),
		posts:     view[uint32](sec[secPosts]),
		typoKey:   view[uint32](sec[secTypoKey]),
		typoTerm:  view[uint32](sec[secTypoTerm]),
		aliasKey:  view[uint32](sec[secAliasKey]),
		aliasVal:  view[uint32](sec[secAliasVal]),
		avgLen:    math.Float32frombits(binary.LittleEndian.Uint32(data[16:])),
	}
	if len(sec[secCClasses])%int(unsafe.Sizeof(conceptYears{})) != 0 || len(sec[secPhClasses])%int(unsafe.Sizeof(phraseYears{})) != 0 {
		return nil, ErrIndexCorrupt
	}
	if err := ix.checkSizes(); err != nil {
		return nil, err
	}
	if values {
		if err := ix.checkValues(); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// checkSizes verifies the arrays have the lengths the others say, so the
// index can be searched without reading out of range on sizes alone.
func (ix *Index) checkSizes() error {
	nc, np, nt := len(ix.cSys), len(ix.phConcept), ix.vocab.Len()
	bad := len(ix.cClass) != nc || len(ix.cTitleAt) != nc+1 ||
		len(ix.tYears) != ix.tText.Len() || len(ix.tLong) != ix.tText.Len() || len(ix.cFlags) != nc || len(ix.cParent) != nc ||
		ix.codes.Len() != nc || len(ix.byCode) != nc || len(ix.cTitleOff) != nc+1 ||
		len(ix.phKind) != np || len(ix.phLen) != np || len(ix.phClass) != np ||
		len(ix.phTermOff) != np+1 || len(ix.cLo) != nc || len(ix.cHi) != nc ||
		len(ix.prefixLo) != len(ix.prefixAt) || len(ix.prefixHi) != len(ix.prefixAt) ||
		ix.prefixes.Len() != len(ix.prefixAt) || len(ix.phWhy) != np || len(ix.whySeg) != len(ix.whyParent) ||
		len(ix.postOff) != nt+1 || len(ix.typoKey) != len(ix.typoTerm) || len(ix.aliasKey) != len(ix.aliasVal)
	if bad || ix.phTermOff[np] != uint32(len(ix.phTerms)) || ix.postOff[nt] != uint32(len(ix.posts)) ||
		ix.cTitleOff[nc] != uint32(len(ix.cTitles)) || ix.cTitleAt[nc] != uint32(ix.tText.Len()) {
		return ErrIndexCorrupt
	}
	for _, s := range []strs{ix.codes, ix.tText, ix.prefixes, ix.whySegs, ix.vocab} {
		if n := s.Len(); n > 0 && s.ends[n-1] != uint32(len(s.bytes)) {
			return ErrIndexCorrupt
		}
	}
	return nil
}

// checkValues verifies every stored number is in range of what it points
// at (a damaged file that still passes the checksum).
func (ix *Index) checkValues() error {
	nc, np, nt := len(ix.cSys), len(ix.phConcept), ix.vocab.Len()
	inC := func(c int32) bool { return c >= 0 && int(c) < nc }
	for _, c := range ix.byCode {
		if !inC(c) {
			return ErrIndexCorrupt
		}
	}
	for _, c := range ix.phConcept {
		if !inC(c) {
			return ErrIndexCorrupt
		}
	}
	for _, c := range ix.cParent {
		if c != -1 && !inC(c) {
			return ErrIndexCorrupt
		}
	}
	for _, p := range ix.cTitles {
		if int(p) >= np {
			return ErrIndexCorrupt
		}
	}
	for _, span := range [][2][]uint32{{ix.cLo, ix.cHi}, {ix.prefixLo, ix.prefixHi}} {
		for i, lo := range span[0] {
			if lo > span[1][i] || int(span[1][i]) > nc {
				return ErrIndexCorrupt
			}
		}
	}
	for _, offs := range [][]uint32{ix.phTermOff, ix.postOff, ix.cTitleOff, ix.cTitleAt} {
		for i := 1; i < len(offs); i++ {
			if offs[i] < offs[i-1] {
				return ErrIndexCorrupt
			}
		}
	}
	for _, c := range ix.cClass {
		if int(c) >= len(ix.cClasses) {
			return ErrIndexCorrupt
		}
	}
	for _, c := range ix.phClass {
		if int(c) >= len(ix.phClasses) {
			return ErrIndexCorrupt
		}
	}
	for _, y := range ix.phClasses {
		if int(y.sys) >= len(sysByID) || y.sys == 0 {
			return ErrIndexCorrupt
		}
	}
	for i, p := range ix.prefixAt {
		if int(p) >= np || i > 0 && p <= ix.prefixAt[i-1] {
			return ErrIndexCorrupt
		}
	}
	// A node's parent comes before it, so walking up a Why ends.
	for i, n := range ix.whyParent {
		if n > uint32(i) || int(ix.whySeg[i]) >= ix.whySegs.Len() {
			return ErrIndexCorrupt
		}
	}
	for _, n := range ix.phWhy {
		if int(n) > len(ix.whyParent) {
			return ErrIndexCorrupt
		}
	}
	for _, s := range []strs{ix.codes, ix.tText, ix.prefixes, ix.whySegs, ix.vocab} {
		for i := 1; i < len(s.ends); i++ {
			if s.ends[i] < s.ends[i-1] {
				return ErrIndexCorrupt
			}
		}
	}
	for _, t := range ix.phTerms {
		if int(t>>1) >= nt {
			return ErrIndexCorrupt
		}
	}
	for _, p := range ix.posts {
		if int(p>>1) >= np {
			return ErrIndexCorrupt
		}
	}
	for _, t := range ix.typoTerm {
		if int(t) >= nt {
			return ErrIndexCorrupt
		}
	}
	for i := range ix.aliasKey {
		if int(ix.aliasKey[i]) >= nt || int(ix.aliasVal[i]) >= nt {
			return ErrIndexCorrupt
		}
	}
	for _, s := range ix.cSys {
		if int(s) >= len(sysByID) || s == 0 {
			return ErrIndexCorrupt
		}
	}
	return nil
}

// Source names the code sets the index was built from, as given to
// Marshal; "" for an index built in this process.
func (ix *Index) Source() string { return ix.source }

// Attach makes the index's hits carry the concepts of set (found by
// system and code). Call it once, before searching, with the code sets the
// index was built from or a set holding them (an imported release merged
// with the built-in code sets): a code the set lacks is left out of the
// hits. Without it hits carry no Concept, only what the index holds.
func (ix *Index) Attach(set *terminology.Set) {
	ix.set = set
}

// String describes the index for a log line.
func (ix *Index) String() string {
	return fmt.Sprintf("search index: %d codes, %d phrases, %d words", ix.Len(), ix.Phrases(), ix.Terms())
}
