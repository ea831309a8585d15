// Package intake owns how notes come in: typed text, .txt and .docx files,
// scanned images (PNG, JPEG, GIF, BMP, WebP, multi-page TIFF including CCITT
// Group 3 and Group 4 fax compression) and PDF. It turns a file's bytes into
// pages of text with their source (typed, PDF text layer or OCR with its
// confidence), renders any page as an image for the viewer, and runs OCR
// with the tesseract command.
//
// The caller keeps the original bytes; intake never changes them and never
// writes a decoded page to disk (OCR input goes to tesseract on stdin).
// PDF pages are handled by PDFium compiled to WebAssembly (go-pdfium with
// wazero, no cgo), owned by a Reader: one per data folder, with its compiled
// code cached there; call Reader.Warm at start-up so the first PDF opens
// quickly.
package intake
