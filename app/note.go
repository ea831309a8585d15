package app

import "time"

// TextSource says where a page's text came from.
type TextSource string

// Text sources.
const (
	SourceTyped TextSource = "typed"    // typed or pasted, or a text/docx file
	SourcePDF   TextSource = "pdf-text" // the text layer of a born-digital PDF
	SourceOCR   TextSource = "ocr"      // recognised from a scan
)

// Page is one page of a note with its text.
type Page struct {
	Number     int        `json:"number"` // 1-based
	Text       string     `json:"text"`
	Source     TextSource `json:"source"`
	Confidence float64    `json:"confidence,omitempty"` // OCR mean word confidence, 0–100
}

// Note is a clinical document attached to a record: typed text, or a
// scanned or PDF document whose original bytes are kept unchanged as part
// of the legal record.
type Note struct {
	ID        string    `json:"id"`
	RecordID  string    `json:"record"`
	FileName  string    `json:"fileName,omitempty"` // empty for typed text
	MediaType string    `json:"mediaType"`          // e.g. text/plain, image/tiff, application/pdf
	Size      int64     `json:"size"`               // bytes of the original
	SHA256    string    `json:"sha256,omitempty"`   // of the original
	Pages     []Page    `json:"pages"`
	AddedBy   string    `json:"addedBy"`
	AddedAt   time.Time `json:"addedAt"`
}

// Text joins the text of every page, separated by form feeds.
func (n *Note) Text() string {
	var b []byte
	for i, p := range n.Pages {
		if i > 0 {
			b = append(b, '\f')
		}
		b = append(b, p.Text...)
	}
	return string(b)
}
