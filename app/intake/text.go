package intake

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/codebench/codebench/app"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// maxDocXML bounds the uncompressed document.xml of a .docx, so a zip
// bomb cannot exhaust memory.
const maxDocXML = 64 << 20

// utf8Text reports whether b is valid UTF-8 without control characters
// other than whitespace (b may end in the middle of a character).
func utf8Text(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return false
		}
		b = b[n:]
	}
	return true
}

// looksLikeText reports whether data is plain text in one of the encodings
// decodeText reads.
func looksLikeText(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if utf16Guess(head) != nil {
		return true
	}
	// Windows-1252 and UTF-8 text have no NUL and few other control bytes.
	bad := 0
	for _, c := range head {
		if c == 0 {
			return false
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			bad++
		}
	}
	return bad*100 <= len(head)
}

// utf16Guess recognises UTF-16 without a byte-order mark from the zero
// high bytes of ASCII characters, returning the decoder or nil.
func utf16Guess(b []byte) *encoding.Decoder {
	if len(b) < 4 {
		return nil
	}
	var even, odd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := len(b) / 2
	switch {
	case odd*10 >= pairs*7 && even*10 < pairs:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case even*10 >= pairs*7 && odd*10 < pairs:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	}
	return nil
}

// decodeText turns a text file's bytes into a string: UTF-8 (with or
// without BOM), UTF-16 with a BOM (or plainly UTF-16 without), otherwise
// Windows-1252, the superset of Latin-1 that Windows editors write.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", fmt.Errorf("%w (UTF-16 text: %v)", ErrCorrupt, err)
		}
		return string(out), nil
	}
	if utf8.Valid(data) && !bytes.ContainsRune(data, 0) {
		return textOfUTF8(data), nil
	}
	if dec := utf16Guess(data); dec != nil {
		out, err := dec.Bytes(data)
		if err != nil {
			return "", fmt.Errorf("%w (UTF-16 text: %v)", ErrCorrupt, err)
		}
		return string(out), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("%w (text: %v)", ErrCorrupt, err)
	}
	return string(out), nil
}

// textOfUTF8 is valid UTF-8 data as text with its line ends made "\n".
// Without a carriage return it is data itself, not a copy: a long text
// note is then held once, not twice, between intake and storage (issue
// 14 item 2). That is safe because a Document never changes its data and
// Open's callers hand it over (Open's comment). With carriage returns the
// text is built in one pass, one allocation.
func textOfUTF8(data []byte) string {
	if bytes.IndexByte(data, '\r') < 0 {
		return unsafe.String(unsafe.SliceData(data), len(data))
	}
	var b strings.Builder
	b.Grow(len(data))
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\r')
		if i < 0 {
			b.Write(data)
			break
		}
		b.Write(data[:i])
		b.WriteByte('\n')
		data = data[i+1:]
		if len(data) > 0 && data[0] == '\n' {
			data = data[1:]
		}
	}
	return b.String()
}

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// textPages splits typed text into pages at form feeds.
func textPages(s string) []app.Page {
	parts := strings.Split(s, "\f")
	pages := make([]app.Page, len(parts))
	for i, p := range parts {
		pages[i] = app.Page{Number: i + 1, Text: p, Source: app.SourceTyped}
	}
	return pages
}

func (d *Document) openText() error {
	s, err := decodeText(d.data)
	if err != nil {
		return err
	}
	s = strings.ReplaceAll(s, "\x00", "")
	if strings.TrimSpace(s) == "" {
		return ErrEmpty
	}
	d.Pages = textPages(normalizeNewlines(s))
	return nil
}

func zipHas(data []byte, name string) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// openDocx reads the text of a Word document from word/document.xml:
// paragraphs become lines, tabs and line breaks are kept, and page
// breaks start new pages.
func (d *Document) openDocx() error {
	zr, err := zip.NewReader(bytes.NewReader(d.data), int64(len(d.data)))
	if err != nil {
		return fmt.Errorf("%w (Word document: %v)", ErrCorrupt, err)
	}
	var f *zip.File
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			f = zf
		}
	}
	if f == nil {
		return fmt.Errorf("%w (Word document without word/document.xml)", ErrCorrupt)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w (Word document: %v)", ErrCorrupt, err)
	}
	defer rc.Close()
	text, err := docxText(io.LimitReader(rc, maxDocXML+1))
	if err != nil {
		return err
	}
	if strings.TrimSpace(strings.ReplaceAll(text, "\f", "")) == "" {
		return ErrEmpty
	}
	d.Pages = textPages(text)
	return nil
}

const wordML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func docxText(r io.Reader) (string, error) {
	cr := &countingReader{r: r}
	dec := xml.NewDecoder(cr)
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if cr.n > maxDocXML {
				return "", fmt.Errorf("%w (Word document text over %s)", ErrTooLarge, humanBytes(maxDocXML))
			}
			return "", fmt.Errorf("%w (Word document XML: %v)", ErrCorrupt, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordML {
				continue
			}
			switch t.Name.Local {
			case "t", "delText":
				inText = t.Name.Local == "t"
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				page := false
				for _, a := range t.Attr {
					if a.Name.Local == "type" && a.Value == "page" {
						page = true
					}
				}
				if page {
					b.WriteByte('\f')
				} else {
					b.WriteByte('\n')
				}
			}
		case xml.EndElement:
			if t.Name.Space != wordML {
				continue
			}
			switch t.Name.Local {
			case "t", "delText":
				inText = false
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	s := strings.ReplaceAll(b.String(), "\n\f", "\f")
	s = strings.ReplaceAll(s, "\f\n", "\f")
	return strings.TrimRight(s, "\n"), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
