package intake

import "errors"

// Errors Open and RenderPage report, wrapped with the file name; callers
// test them with errors.Is.
var (
	// ErrUnsupported means the file is not a kind of note Codebench reads.
	ErrUnsupported = errors.New("unsupported file type: use a PDF, TIFF, PNG, JPEG, GIF, BMP, WebP, .txt or .docx file")
	// ErrCorrupt means the file claims a known type but cannot be read.
	ErrCorrupt = errors.New("file is damaged or incomplete: rescan or export it again")
	// ErrPassword means the PDF is password-protected.
	ErrPassword = errors.New("PDF is password-protected: save an unprotected copy and add that")
	// ErrEmpty means the file has no bytes or no pages.
	ErrEmpty = errors.New("file is empty")
	// ErrTooLarge means the file or one of its pages is over the size limit.
	ErrTooLarge = errors.New("file is too large")
	// ErrTooManyPages means the document has more pages than the limit.
	ErrTooManyPages = errors.New("document has too many pages: split it into smaller files")
	// ErrOCRUnavailable means the tesseract command cannot be run.
	ErrOCRUnavailable = errors.New("OCR is unavailable: install tesseract (sudo apt-get install tesseract-ocr)")
	// ErrNoPage means the page number is outside the document.
	ErrNoPage = errors.New("no such page")
	// ErrNoImage means the document is typed text and has no page images.
	ErrNoImage = errors.New("typed note has no page image")
)
