package intake

import (
	"errors"
	"fmt"
	"image"
	"io"
)

// CCITT Group 3 with 2-D (modified READ) coding, TIFF Compression 3 with
// T4Options bit 0. Fax machines and fax servers write it; hhrutter/tiff and
// x/image/ccitt read only 1-D Group 3 and Group 4, so this file decodes it.
// Each line starts with an EOL and a tag bit: 1 means the line is coded
// 1-D (modified Huffman runs), 0 means 2-D against the line above, with
// the same modes as Group 4.
//
// The code tables below are copied from golang.org/x/image/ccitt/table.go
// (Copyright 2019 The Go Authors, BSD licence), which keeps them
// unexported.

// maxCodeLength is the longest run or mode code, in bits.
const maxCodeLength = 13

// bitString is a pair of uint32 values representing a bit code.
// The nBits low bits of bits make up the actual bit code.
// Eg. bitString{0x0004, 8} represents the bitcode "00000100".
type bitString struct {
	bits  uint32
	nBits uint32
}

// modeEncodeTable represents Table 1 and the End-of-Line code.
var modeEncodeTable = [...]bitString{
	0: {0x0001, 4}, // "0001"
	1: {0x0001, 3}, // "001"
	2: {0x0001, 1}, // "1"
	3: {0x0003, 3}, // "011"
	4: {0x0003, 6}, // "000011"
	5: {0x0003, 7}, // "0000011"
	6: {0x0002, 3}, // "010"
	7: {0x0002, 6}, // "000010"
	8: {0x0002, 7}, // "0000010"
	9: {0x0001, 7}, // "0000001"
}

// whiteEncodeTable2 represents Table 2 for a white run.
var whiteEncodeTable2 = [...]bitString{
	0:  {0x0035, 8}, // "00110101"
	1:  {0x0007, 6}, // "000111"
	2:  {0x0007, 4}, // "0111"
	3:  {0x0008, 4}, // "1000"
	4:  {0x000b, 4}, // "1011"
	5:  {0x000c, 4}, // "1100"
	6:  {0x000e, 4}, // "1110"
	7:  {0x000f, 4}, // "1111"
	8:  {0x0013, 5}, // "10011"
	9:  {0x0014, 5}, // "10100"
	10: {0x0007, 5}, // "00111"
	11: {0x0008, 5}, // "01000"
	12: {0x0008, 6}, // "001000"
	13: {0x0003, 6}, // "000011"
	14: {0x0034, 6}, // "110100"
	15: {0x0035, 6}, // "110101"
	16: {0x002a, 6}, // "101010"
	17: {0x002b, 6}, // "101011"
	18: {0x0027, 7}, // "0100111"
	19: {0x000c, 7}, // "0001100"
	20: {0x0008, 7}, // "0001000"
	21: {0x0017, 7}, // "0010111"
	22: {0x0003, 7}, // "0000011"
	23: {0x0004, 7}, // "0000100"
	24: {0x0028, 7}, // "0101000"
	25: {0x002b, 7}, // "0101011"
	26: {0x0013, 7}, // "0010011"
	27: {0x0024, 7}, // "0100100"
	28: {0x0018, 7}, // "0011000"
	29: {0x0002, 8}, // "00000010"
	30: {0x0003, 8}, // "00000011"
	31: {0x001a, 8}, // "00011010"
	32: {0x001b, 8}, // "00011011"
	33: {0x0012, 8}, // "00010010"
	34: {0x0013, 8}, // "00010011"
	35: {0x0014, 8}, // "00010100"
	36: {0x0015, 8}, // "00010101"
	37: {0x0016, 8}, // "00010110"
	38: {0x0017, 8}, // "00010111"
	39: {0x0028, 8}, // "00101000"
	40: {0x0029, 8}, // "00101001"
	41: {0x002a, 8}, // "00101010"
	42: {0x002b, 8}, // "00101011"
	43: {0x002c, 8}, // "00101100"
	44: {0x002d, 8}, // "00101101"
	45: {0x0004, 8}, // "00000100"
	46: {0x0005, 8}, // "00000101"
	47: {0x000a, 8}, // "00001010"
	48: {0x000b, 8}, // "00001011"
	49: {0x0052, 8}, // "01010010"
	50: {0x0053, 8}, // "01010011"
	51: {0x0054, 8}, // "01010100"
	52: {0x0055, 8}, // "01010101"
	53: {0x0024, 8}, // "00100100"
	54: {0x0025, 8}, // "00100101"
	55: {0x0058, 8}, // "01011000"
	56: {0x0059, 8}, // "01011001"
	57: {0x005a, 8}, // "01011010"
	58: {0x005b, 8}, // "01011011"
	59: {0x004a, 8}, // "01001010"
	60: {0x004b, 8}, // "01001011"
	61: {0x0032, 8}, // "00110010"
	62: {0x0033, 8}, // "00110011"
	63: {0x0034, 8}, // "00110100"
}

// whiteEncodeTable3 represents Table 3 for a white run.
var whiteEncodeTable3 = [...]bitString{
	0:  {0x001b, 5},  // "11011"
	1:  {0x0012, 5},  // "10010"
	2:  {0x0017, 6},  // "010111"
	3:  {0x0037, 7},  // "0110111"
	4:  {0x0036, 8},  // "00110110"
	5:  {0x0037, 8},  // "00110111"
	6:  {0x0064, 8},  // "01100100"
	7:  {0x0065, 8},  // "01100101"
	8:  {0x0068, 8},  // "01101000"
	9:  {0x0067, 8},  // "01100111"
	10: {0x00cc, 9},  // "011001100"
	11: {0x00cd, 9},  // "011001101"
	12: {0x00d2, 9},  // "011010010"
	13: {0x00d3, 9},  // "011010011"
	14: {0x00d4, 9},  // "011010100"
	15: {0x00d5, 9},  // "011010101"
	16: {0x00d6, 9},  // "011010110"
	17: {0x00d7, 9},  // "011010111"
	18: {0x00d8, 9},  // "011011000"
	19: {0x00d9, 9},  // "011011001"
	20: {0x00da, 9},  // "011011010"
	21: {0x00db, 9},  // "011011011"
	22: {0x0098, 9},  // "010011000"
	23: {0x0099, 9},  // "010011001"
	24: {0x009a, 9},  // "010011010"
	25: {0x0018, 6},  // "011000"
	26: {0x009b, 9},  // "010011011"
	27: {0x0008, 11}, // "00000001000"
	28: {0x000c, 11}, // "00000001100"
	29: {0x000d, 11}, // "00000001101"
	30: {0x0012, 12}, // "000000010010"
	31: {0x0013, 12}, // "000000010011"
	32: {0x0014, 12}, // "000000010100"
	33: {0x0015, 12}, // "000000010101"
	34: {0x0016, 12}, // "000000010110"
	35: {0x0017, 12}, // "000000010111"
	36: {0x001c, 12}, // "000000011100"
	37: {0x001d, 12}, // "000000011101"
	38: {0x001e, 12}, // "000000011110"
	39: {0x001f, 12}, // "000000011111"
}

// blackEncodeTable2 represents Table 2 for a black run.
var blackEncodeTable2 = [...]bitString{
	0:  {0x0037, 10}, // "0000110111"
	1:  {0x0002, 3},  // "010"
	2:  {0x0003, 2},  // "11"
	3:  {0x0002, 2},  // "10"
	4:  {0x0003, 3},  // "011"
	5:  {0x0003, 4},  // "0011"
	6:  {0x0002, 4},  // "0010"
	7:  {0x0003, 5},  // "00011"
	8:  {0x0005, 6},  // "000101"
	9:  {0x0004, 6},  // "000100"
	10: {0x0004, 7},  // "0000100"
	11: {0x0005, 7},  // "0000101"
	12: {0x0007, 7},  // "0000111"
	13: {0x0004, 8},  // "00000100"
	14: {0x0007, 8},  // "00000111"
	15: {0x0018, 9},  // "000011000"
	16: {0x0017, 10}, // "0000010111"
	17: {0x0018, 10}, // "0000011000"
	18: {0x0008, 10}, // "0000001000"
	19: {0x0067, 11}, // "00001100111"
	20: {0x0068, 11}, // "00001101000"
	21: {0x006c, 11}, // "00001101100"
	22: {0x0037, 11}, // "00000110111"
	23: {0x0028, 11}, // "00000101000"
	24: {0x0017, 11}, // "00000010111"
	25: {0x0018, 11}, // "00000011000"
	26: {0x00ca, 12}, // "000011001010"
	27: {0x00cb, 12}, // "000011001011"
	28: {0x00cc, 12}, // "000011001100"
	29: {0x00cd, 12}, // "000011001101"
	30: {0x0068, 12}, // "000001101000"
	31: {0x0069, 12}, // "000001101001"
	32: {0x006a, 12}, // "000001101010"
	33: {0x006b, 12}, // "000001101011"
	34: {0x00d2, 12}, // "000011010010"
	35: {0x00d3, 12}, // "000011010011"
	36: {0x00d4, 12}, // "000011010100"
	37: {0x00d5, 12}, // "000011010101"
	38: {0x00d6, 12}, // "000011010110"
	39: {0x00d7, 12}, // "000011010111"
	40: {0x006c, 12}, // "000001101100"
	41: {0x006d, 12}, // "000001101101"
	42: {0x00da, 12}, // "000011011010"
	43: {0x00db, 12}, // "000011011011"
	44: {0x0054, 12}, // "000001010100"
	45: {0x0055, 12}, // "000001010101"
	46: {0x0056, 12}, // "000001010110"
	47: {0x0057, 12}, // "000001010111"
	48: {0x0064, 12}, // "000001100100"
	49: {0x0065, 12}, // "000001100101"
	50: {0x0052, 12}, // "000001010010"
	51: {0x0053, 12}, // "000001010011"
	52: {0x0024, 12}, // "000000100100"
	53: {0x0037, 12}, // "000000110111"
	54: {0x0038, 12}, // "000000111000"
	55: {0x0027, 12}, // "000000100111"
	56: {0x0028, 12}, // "000000101000"
	57: {0x0058, 12}, // "000001011000"
	58: {0x0059, 12}, // "000001011001"
	59: {0x002b, 12}, // "000000101011"
	60: {0x002c, 12}, // "000000101100"
	61: {0x005a, 12}, // "000001011010"
	62: {0x0066, 12}, // "000001100110"
	63: {0x0067, 12}, // "000001100111"
}

// blackEncodeTable3 represents Table 3 for a black run.
var blackEncodeTable3 = [...]bitString{
	0:  {0x000f, 10}, // "0000001111"
	1:  {0x00c8, 12}, // "000011001000"
	2:  {0x00c9, 12}, // "000011001001"
	3:  {0x005b, 12}, // "000001011011"
	4:  {0x0033, 12}, // "000000110011"
	5:  {0x0034, 12}, // "000000110100"
	6:  {0x0035, 12}, // "000000110101"
	7:  {0x006c, 13}, // "0000001101100"
	8:  {0x006d, 13}, // "0000001101101"
	9:  {0x004a, 13}, // "0000001001010"
	10: {0x004b, 13}, // "0000001001011"
	11: {0x004c, 13}, // "0000001001100"
	12: {0x004d, 13}, // "0000001001101"
	13: {0x0072, 13}, // "0000001110010"
	14: {0x0073, 13}, // "0000001110011"
	15: {0x0074, 13}, // "0000001110100"
	16: {0x0075, 13}, // "0000001110101"
	17: {0x0076, 13}, // "0000001110110"
	18: {0x0077, 13}, // "0000001110111"
	19: {0x0052, 13}, // "0000001010010"
	20: {0x0053, 13}, // "0000001010011"
	21: {0x0054, 13}, // "0000001010100"
	22: {0x0055, 13}, // "0000001010101"
	23: {0x005a, 13}, // "0000001011010"
	24: {0x005b, 13}, // "0000001011011"
	25: {0x0064, 13}, // "0000001100100"
	26: {0x0065, 13}, // "0000001100101"
	27: {0x0008, 11}, // "00000001000"
	28: {0x000c, 11}, // "00000001100"
	29: {0x000d, 11}, // "00000001101"
	30: {0x0012, 12}, // "000000010010"
	31: {0x0013, 12}, // "000000010011"
	32: {0x0014, 12}, // "000000010100"
	33: {0x0015, 12}, // "000000010101"
	34: {0x0016, 12}, // "000000010110"
	35: {0x0017, 12}, // "000000010111"
	36: {0x001c, 12}, // "000000011100"
	37: {0x001d, 12}, // "000000011101"
	38: {0x001e, 12}, // "000000011110"
	39: {0x001f, 12}, // "000000011111"
}

// COPY PASTE table.go BEGIN

const (
	modePass = iota // Pass
	modeH           // Horizontal
	modeV0          // Vertical-0
	modeVR1         // Vertical-Right-1
	modeVR2         // Vertical-Right-2
	modeVR3         // Vertical-Right-3
	modeVL1         // Vertical-Left-1
	modeVL2         // Vertical-Left-2
	modeVL3         // Vertical-Left-3
	modeExt         // Extension
)

// codeKey packs a code's length and bits into one map key.
func codeKey(nBits, bits uint32) uint32 { return nBits<<16 | bits }

// Decoding maps, built from the encoding tables: code → mode or run length.
var modeCodes, whiteCodes, blackCodes = func() (m, w, b map[uint32]int) {
	m, w, b = map[uint32]int{}, map[uint32]int{}, map[uint32]int{}
	for i, c := range modeEncodeTable {
		m[codeKey(c.nBits, c.bits)] = i
	}
	for i, c := range whiteEncodeTable2 {
		w[codeKey(c.nBits, c.bits)] = i
	}
	for i, c := range whiteEncodeTable3 {
		w[codeKey(c.nBits, c.bits)] = (i + 1) * 64
	}
	for i, c := range blackEncodeTable2 {
		b[codeKey(c.nBits, c.bits)] = i
	}
	for i, c := range blackEncodeTable3 {
		b[codeKey(c.nBits, c.bits)] = (i + 1) * 64
	}
	return m, w, b
}()

var errCCITT = errors.New("invalid CCITT code")

type faxBits struct {
	data []byte
	pos  int // in bits
	lsb  bool
}

func (f *faxBits) bit() (uint32, error) {
	i := f.pos >> 3
	if i >= len(f.data) {
		return 0, io.ErrUnexpectedEOF
	}
	s := uint(f.pos & 7)
	f.pos++
	if f.lsb {
		return uint32(f.data[i]>>s) & 1, nil
	}
	return uint32(f.data[i]>>(7-s)) & 1, nil
}

// code reads one code from table, at most maxCodeLength bits.
func (f *faxBits) code(table map[uint32]int) (int, error) {
	var bits uint32
	for n := uint32(1); n <= maxCodeLength; n++ {
		b, err := f.bit()
		if err != nil {
			return 0, err
		}
		bits = bits<<1 | b
		if v, ok := table[codeKey(n, bits)]; ok {
			return v, nil
		}
	}
	return 0, errCCITT
}

// run reads a run length: make-up codes then one terminating code.
func (f *faxBits) run(black bool) (int, error) {
	table := whiteCodes
	if black {
		table = blackCodes
	}
	total := 0
	for {
		v, err := f.code(table)
		if err != nil {
			return 0, err
		}
		total += v
		if v < 64 {
			return total, nil
		}
		if total > 1<<20 {
			return 0, errCCITT
		}
	}
}

// eol skips fill bits and an EOL code (eleven or more zeros, then a one).
func (f *faxBits) eol() error {
	zeros := 0
	for {
		b, err := f.bit()
		if err != nil {
			return err
		}
		if b == 1 {
			break
		}
		zeros++
	}
	if zeros < 11 {
		return fmt.Errorf("%w: missing EOL", errCCITT)
	}
	return nil
}

// decodeG3TwoD decodes a CCITT Group 3 page with 2-D coding into a gray
// image (0 ink, 255 paper).
func decodeG3TwoD(data []byte, p tiffPage) (image.Image, error) {
	w, h := p.width, p.height
	if len(p.stripOffsets) == 0 || len(p.stripOffsets) != len(p.stripCounts) {
		return nil, fmt.Errorf("%w (TIFF strips missing)", ErrCorrupt)
	}
	rps := p.rowsPerStrip
	if rps <= 0 || rps > h {
		rps = h
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	ink, paper := uint8(0), uint8(0xff)
	if p.photometric == 1 {
		ink, paper = paper, ink
		for i := range img.Pix {
			img.Pix[i] = paper
		}
	}
	ref := make([]int, 0, 64)
	cur := make([]int, 0, 64)
	y := 0
	for s := range p.stripOffsets {
		off, n := p.stripOffsets[s], p.stripCounts[s]
		if off < 0 || n < 0 || off+n > int64(len(data)) {
			return nil, fmt.Errorf("%w (TIFF strip %d outside the file)", ErrCorrupt, s+1)
		}
		f := &faxBits{data: data[off : off+n], lsb: p.fillOrder == 2}
		ref = ref[:0] // a strip starts against an all-white line
		for r := 0; r < rps && y < h; r, y = r+1, y+1 {
			if err := f.eol(); err != nil {
				return nil, fmt.Errorf("%w (CCITT Group 3 line %d: %v)", ErrCorrupt, y+1, err)
			}
			tag, err := f.bit()
			if err != nil {
				return nil, fmt.Errorf("%w (CCITT Group 3 line %d: %v)", ErrCorrupt, y+1, err)
			}
			if tag == 1 {
				cur, err = f.line1D(cur[:0], w)
			} else {
				cur, err = f.line2D(cur[:0], ref, w)
			}
			if err != nil {
				return nil, fmt.Errorf("%w (CCITT Group 3 line %d: %v)", ErrCorrupt, y+1, err)
			}
			row := img.Pix[y*img.Stride : y*img.Stride+w]
			for k := 0; k+1 < len(cur); k += 2 {
				for x := cur[k]; x < cur[k+1]; x++ {
					row[x] = ink
				}
			}
			if len(cur)%2 == 1 {
				for x := cur[len(cur)-1]; x < w; x++ {
					row[x] = ink
				}
			}
			ref, cur = cur, ref
		}
	}
	return img, nil
}

// line1D decodes a modified Huffman line into its changing elements.
func (f *faxBits) line1D(changes []int, w int) ([]int, error) {
	x, black := 0, false
	for x < w {
		n, err := f.run(black)
		if err != nil {
			return nil, err
		}
		x += n
		if x > w {
			return nil, fmt.Errorf("%w: run past the line end", errCCITT)
		}
		if x < w {
			changes = append(changes, x)
		}
		black = !black
	}
	return changes, nil
}

// line2D decodes a modified READ line against the reference line's
// changing elements.
func (f *faxBits) line2D(changes, ref []int, w int) ([]int, error) {
	a0, black := -1, false
	for a0 < w {
		// b1: first change on the reference line right of a0 to the
		// opposite colour of a0 (even index: to black; odd: to white).
		k := 0
		for k < len(ref) && (ref[k] <= a0 || (k%2 == 1) != black) {
			k++
		}
		b1, b2 := w, w
		if k < len(ref) {
			b1 = ref[k]
			if k+1 < len(ref) {
				b2 = ref[k+1]
			}
		}
		mode, err := f.code(modeCodes)
		if err != nil {
			return nil, err
		}
		switch mode {
		case modePass:
			a0 = b2
		case modeH:
			start := max(a0, 0)
			r1, err := f.run(black)
			if err != nil {
				return nil, err
			}
			r2, err := f.run(!black)
			if err != nil {
				return nil, err
			}
			a1, a2 := start+r1, start+r1+r2
			if a2 > w {
				return nil, fmt.Errorf("%w: run past the line end", errCCITT)
			}
			changes = append(changes, a1, a2)
			a0 = a2
		case modeV0, modeVR1, modeVR2, modeVR3, modeVL1, modeVL2, modeVL3:
			d := [...]int{modeV0: 0, modeVR1: 1, modeVR2: 2, modeVR3: 3, modeVL1: -1, modeVL2: -2, modeVL3: -3}[mode]
			a1 := b1 + d
			if a1 < max(a0, 0) || a1 > w {
				return nil, fmt.Errorf("%w: vertical code outside the line", errCCITT)
			}
			changes = append(changes, a1)
			a0 = a1
			black = !black
		default:
			return nil, fmt.Errorf("%w: extension mode", errCCITT)
		}
	}
	// Changes at the line end mark nothing.
	for len(changes) > 0 && changes[len(changes)-1] >= w {
		changes = changes[:len(changes)-1]
	}
	return changes, nil
}
