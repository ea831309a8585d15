package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/terminology"
)

// The index's binary form, for storing beside the terminology pack so a
// load does not rebuild it:
//
//	magic   8 bytes "CBSEARCH"
//	version uint32  IndexVersion
//	crc32   uint32  IEEE, of everything after it
//	body    sections of little-endian arrays, each prefixed by its length
//
// Concepts are stored as (system, position in Set.Concepts(system), code)
// and attached to a set's concepts by Attach, which checks every code.
const (
	indexMagic = "CBSEARCH"
	// IndexVersion is the binary format version this build reads and
	// writes; bump it when the layout or the tokenizer changes.
	IndexVersion = 2
)

// Errors from UnmarshalBinary and Attach.
var (
	// ErrIndexFormat means the bytes are not a search index of this version.
	ErrIndexFormat = errors.New("search index: not a Codebench search index of this version: rebuild it")
	// ErrIndexCorrupt means the bytes are damaged or truncated.
	ErrIndexCorrupt = errors.New("search index: damaged or truncated: rebuild it")
	// ErrIndexMismatch means the index was built from other code sets.
	ErrIndexMismatch = errors.New("search index: built from other code sets: rebuild it")
)

type encoder struct{ b []byte }

func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u32s(v []uint32) {
	e.u32(uint32(len(v)))
	for _, x := range v {
		e.u32(x)
	}
}
func (e *encoder) i32s(v []int32) {
	e.u32(uint32(len(v)))
	for _, x := range v {
		e.u32(uint32(x))
	}
}
func (e *encoder) u64s(v []uint64) {
	e.u32(uint32(len(v)))
	for _, x := range v {
		e.b = binary.LittleEndian.AppendUint64(e.b, x)
	}
}
func (e *encoder) years(v []terminology.Years) {
	e.u32(uint32(len(v)))
	for _, x := range v {
		e.b = binary.LittleEndian.AppendUint64(e.b, uint64(x))
	}
}
func (e *encoder) bytes(v []uint8) {
	e.u32(uint32(len(v)))
	e.b = append(e.b, v...)
}

// strs writes strings as one blob and end offsets, so loading slices them
// out of one allocation.
func (e *encoder) strs(v []string) {
	e.u32(uint32(len(v)))
	n := 0
	for _, s := range v {
		n += len(s)
		e.u32(uint32(n))
	}
	e.u32(uint32(n))
	for _, s := range v {
		e.b = append(e.b, s...)
	}
}

// MarshalBinary writes the index (see IndexVersion).
func (ix *Index) MarshalBinary() ([]byte, error) {
	e := &encoder{b: make([]byte, 0, 64<<20)}
	e.b = append(e.b, indexMagic...)
	e.u32(IndexVersion)
	e.u32(0) // crc, filled in below
	// Concepts: system, position within the system, code.
	perSys := map[app.System]uint32{}
	refs := make([]uint32, len(ix.concepts))
	codes := make([]string, len(ix.concepts))
	for i, c := range ix.concepts {
		refs[i] = perSys[c.System]
		perSys[c.System]++
		codes[i] = c.Code
	}
	e.bytes(ix.cSys)
	e.u32s(refs)
	e.strs(codes)
	e.years(ix.cValid)
	e.years(ix.cBill)
	e.i32s(ix.byCode)
	e.i32s(ix.phConcept)
	e.bytes(ix.phKind)
	e.bytes(ix.phLen)
	e.strs(ix.phPrefix)
	e.years(ix.phValid)
	e.years(ix.phBill)
	e.bytes(ix.phSys)
	e.u32s(ix.phTermOff)
	e.u32s(ix.phTerms)
	e.strs(ix.phWhy)
	e.u32s(ix.phLo)
	e.u32s(ix.phHi)
	e.strs(ix.vocab)
	e.u32s(ix.postOff)
	e.u32s(ix.posts)
	e.u64s(ix.typoKey)
	e.u32s(ix.typoTerm)
	e.u32s(ix.aliasKey)
	e.u32s(ix.aliasVal)
	e.u32(math.Float32bits(ix.avgLen))
	binary.LittleEndian.PutUint32(e.b[12:], crc32.ChecksumIEEE(e.b[16:]))
	return e.b, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) u32() uint32 {
	if d.err != nil || len(d.b) < 4 {
		d.err = ErrIndexCorrupt
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return v
}

func (d *decoder) n(size int) int {
	n := int(d.u32())
	if d.err == nil && n*size > len(d.b) {
		d.err = ErrIndexCorrupt
		return 0
	}
	return n
}

func (d *decoder) u32s() []uint32 {
	n := d.n(4)
	v := make([]uint32, n)
	for i := range v {
		v[i] = binary.LittleEndian.Uint32(d.b[4*i:])
	}
	d.b = d.b[4*n:]
	return v
}

func (d *decoder) i32s() []int32 {
	n := d.n(4)
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(d.b[4*i:]))
	}
	d.b = d.b[4*n:]
	return v
}

func (d *decoder) u64s() []uint64 {
	n := d.n(8)
	v := make([]uint64, n)
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(d.b[8*i:])
	}
	d.b = d.b[8*n:]
	return v
}

func (d *decoder) years() []terminology.Years {
	n := d.n(8)
	v := make([]terminology.Years, n)
	for i := range v {
		v[i] = terminology.Years(binary.LittleEndian.Uint64(d.b[8*i:]))
	}
	d.b = d.b[8*n:]
	return v
}

func (d *decoder) bytes() []uint8 {
	n := d.n(1)
	v := append([]uint8(nil), d.b[:n]...)
	d.b = d.b[n:]
	return v
}

func (d *decoder) strs() []string {
	n := d.n(4)
	ends := make([]uint32, n)
	for i := range ends {
		ends[i] = binary.LittleEndian.Uint32(d.b[4*i:])
	}
	d.b = d.b[4*n:]
	total := int(d.u32())
	if d.err != nil || total > len(d.b) {
		d.err = ErrIndexCorrupt
		return nil
	}
	blob := string(d.b[:total])
	d.b = d.b[total:]
	v := make([]string, n)
	start := uint32(0)
	for i, end := range ends {
		if end < start || int(end) > total {
			d.err = ErrIndexCorrupt
			return nil
		}
		v[i] = blob[start:end]
		start = end
	}
	return v
}

// UnmarshalBinary reads an index written by MarshalBinary. It must then be
// attached to the code sets it was built from with Attach before use.
func (ix *Index) UnmarshalBinary(data []byte) error {
	if len(data) < 16 || string(data[:8]) != indexMagic || binary.LittleEndian.Uint32(data[8:]) != IndexVersion {
		return ErrIndexFormat
	}
	if crc32.ChecksumIEEE(data[16:]) != binary.LittleEndian.Uint32(data[12:]) {
		return ErrIndexCorrupt
	}
	d := &decoder{b: data[16:]}
	var n Index
	n.cSys = d.bytes()
	refs := d.u32s()
	codes := d.strs()
	n.cValid = d.years()
	n.cBill = d.years()
	n.byCode = d.i32s()
	n.phConcept = d.i32s()
	n.phKind = d.bytes()
	n.phLen = d.bytes()
	n.phPrefix = d.strs()
	n.phValid = d.years()
	n.phBill = d.years()
	n.phSys = d.bytes()
	n.phTermOff = d.u32s()
	n.phTerms = d.u32s()
	n.phWhy = d.strs()
	n.phLo = d.u32s()
	n.phHi = d.u32s()
	n.vocab = d.strs()
	n.postOff = d.u32s()
	n.posts = d.u32s()
	n.typoKey = d.u64s()
	n.typoTerm = d.u32s()
	n.aliasKey = d.u32s()
	n.aliasVal = d.u32s()
	n.avgLen = math.Float32frombits(d.u32())
	if d.err != nil {
		return d.err
	}
	if err := n.validate(len(refs), len(codes)); err != nil {
		return err
	}
	n.buildTitles()
	*ix = Index{cSys: n.cSys, cValid: n.cValid, cBill: n.cBill, byCode: n.byCode,
		phConcept: n.phConcept, phKind: n.phKind, phLen: n.phLen, phPrefix: n.phPrefix, phValid: n.phValid,
		phBill: n.phBill, phSys: n.phSys, phTermOff: n.phTermOff, phTerms: n.phTerms, phWhy: n.phWhy, phLo: n.phLo, phHi: n.phHi,
		vocab: n.vocab, postOff: n.postOff, posts: n.posts, typoKey: n.typoKey, typoTerm: n.typoTerm,
		aliasKey: n.aliasKey, aliasVal: n.aliasVal, avgLen: n.avgLen, cTitleOff: n.cTitleOff, cTitles: n.cTitles,
		refs: refs, codes: codes}
	return nil
}

// validate verifies the arrays agree with one another, so a damaged index
// that passed the checksum cannot make Search index out of range.
func (n *Index) validate(nRefs, nCodes int) error {
	nc, np, nt := len(n.cSys), len(n.phConcept), len(n.vocab)
	bad := nRefs != nc || nCodes != nc || len(n.cValid) != nc || len(n.cBill) != nc || len(n.byCode) != nc ||
		len(n.phKind) != np || len(n.phLen) != np || len(n.phPrefix) != np || len(n.phValid) != np ||
		len(n.phBill) != np || len(n.phSys) != np || len(n.phWhy) != np || len(n.phLo) != np || len(n.phHi) != np || len(n.phTermOff) != np+1 ||
		len(n.postOff) != nt+1 || len(n.typoKey) != len(n.typoTerm) || len(n.aliasKey) != len(n.aliasVal)
	if bad {
		return ErrIndexCorrupt
	}
	for _, c := range n.byCode {
		if c < 0 || int(c) >= nc {
			return ErrIndexCorrupt
		}
	}
	for _, c := range n.phConcept {
		if c < 0 || int(c) >= nc {
			return ErrIndexCorrupt
		}
	}
	for i := range n.phLo {
		if n.phLo[i] > n.phHi[i] || int(n.phHi[i]) > nc {
			return ErrIndexCorrupt
		}
	}
	for i := 1; i < len(n.phTermOff); i++ {
		if n.phTermOff[i] < n.phTermOff[i-1] {
			return ErrIndexCorrupt
		}
	}
	if n.phTermOff[np] != uint32(len(n.phTerms)) || n.postOff[nt] != uint32(len(n.posts)) {
		return ErrIndexCorrupt
	}
	for i := 1; i < len(n.postOff); i++ {
		if n.postOff[i] < n.postOff[i-1] {
			return ErrIndexCorrupt
		}
	}
	for _, t := range n.phTerms {
		if int(t>>1) >= nt {
			return ErrIndexCorrupt
		}
	}
	for _, p := range n.posts {
		if int(p>>1) >= np {
			return ErrIndexCorrupt
		}
	}
	for i := range n.typoTerm {
		if int(n.typoTerm[i]) >= nt {
			return ErrIndexCorrupt
		}
	}
	for i := range n.aliasKey {
		if int(n.aliasKey[i]) >= nt || int(n.aliasVal[i]) >= nt {
			return ErrIndexCorrupt
		}
	}
	for _, s := range n.cSys {
		if int(s) >= len(sysByID) || s == 0 {
			return ErrIndexCorrupt
		}
	}
	return nil
}

// Attach points an unmarshalled index at the concepts of set, checking
// that every code is where the index expects it.
func (ix *Index) Attach(set *terminology.Set) error {
	if ix.refs == nil {
		return errors.New("search index: Attach needs an index read by UnmarshalBinary")
	}
	lists := map[uint8][]*terminology.Concept{}
	for id := uint8(1); id < uint8(len(sysByID)); id++ {
		lists[id] = set.Concepts(sysByID[id])
	}
	cs := make([]*terminology.Concept, len(ix.refs))
	for i, r := range ix.refs {
		l := lists[ix.cSys[i]]
		if int(r) >= len(l) || l[r].Code != ix.codes[i] {
			return fmt.Errorf("%w: %s %s is not where the index expects it", ErrIndexMismatch, sysByID[ix.cSys[i]].Label(), strings.TrimSpace(ix.codes[i]))
		}
		cs[i] = l[r]
	}
	ix.concepts, ix.refs, ix.codes = cs, nil, nil
	ix.deriveConcepts()
	return nil
}

// Load reads an index written by MarshalBinary and attaches it to set.
func Load(set *terminology.Set, data []byte) (*Index, error) {
	ix := &Index{}
	if err := ix.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	if err := ix.Attach(set); err != nil {
		return nil, err
	}
	return ix, nil
}
