//go:build windows

package report

import (
	"context"
	"errors"
	"fmt"
	"image"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/codebench/codebench/app/intake"
)

// Windows prints through GDI, as a Windows program's own Print does: the
// PDF's pages are rendered in memory by the same PDF engine that shows
// notes, and drawn on a device context of the printer. Nothing depends on
// a PDF reader being installed, and no copy of the summary is written to
// a file; the Windows spooler keeps the job until it is printed, as it
// does for every program.

var (
	winspool              = windows.NewLazySystemDLL("winspool.drv")
	procGetDefaultPrinter = winspool.NewProc("GetDefaultPrinterW")

	gdi32                = windows.NewLazySystemDLL("gdi32.dll")
	procCreateDC         = gdi32.NewProc("CreateDCW")
	procDeleteDC         = gdi32.NewProc("DeleteDC")
	procGetDeviceCaps    = gdi32.NewProc("GetDeviceCaps")
	procStartDoc         = gdi32.NewProc("StartDocW")
	procEndDoc           = gdi32.NewProc("EndDoc")
	procAbortDoc         = gdi32.NewProc("AbortDoc")
	procStartPage        = gdi32.NewProc("StartPage")
	procEndPage          = gdi32.NewProc("EndPage")
	procStretchDIBits    = gdi32.NewProc("StretchDIBits")
	procSetStretchBltMod = gdi32.NewProc("SetStretchBltMode")
)

// GetDeviceCaps indexes.
const (
	capLogPixelsX      = 88
	capLogPixelsY      = 90
	capPhysicalWidth   = 110
	capPhysicalHeight  = 111
	capPhysicalOffsetX = 112
	capPhysicalOffsetY = 113
)

// maxPrintDPI caps the resolution pages are rendered at: a 300-dpi letter
// page is 34 MB of pixels, and text at 300 dpi prints sharp.
const maxPrintDPI = 300

func printPDF(ctx context.Context, pdf []byte, printer string) error {
	if printer == "" {
		name, err := defaultPrinter()
		if err != nil {
			return err
		}
		printer = name
	}
	hdc, err := printerDC(printer)
	if err != nil {
		return err
	}
	defer procDeleteDC.Call(hdc)

	doc, err := intake.Open(ctx, "summary.pdf", pdf, intake.Options{NoOCR: true, Workers: 1})
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	defer doc.Close()

	title, _ := windows.UTF16PtrFromString(JobTitle)
	di := docInfo{docName: title}
	di.size = int32(unsafe.Sizeof(di))
	if r, _, e := procStartDoc.Call(hdc, uintptr(unsafe.Pointer(&di))); int32(r) <= 0 {
		return fmt.Errorf("print on %q: the printer refused the job: %v", printer, e)
	}
	for n := 1; n <= doc.PageCount(); n++ {
		if err := printPage(ctx, hdc, doc, n); err != nil {
			procAbortDoc.Call(hdc)
			return err
		}
	}
	if r, _, e := procEndDoc.Call(hdc); int32(r) <= 0 {
		return fmt.Errorf("print on %q: %v", printer, e)
	}
	return nil
}

// defaultPrinter is the name of the user's default printer, or
// ErrNoPrinter when there is none.
func defaultPrinter() (string, error) {
	var n uint32
	procGetDefaultPrinter.Call(0, uintptr(unsafe.Pointer(&n)))
	if n == 0 {
		return "", ErrNoPrinter
	}
	buf := make([]uint16, n)
	if r, _, e := procGetDefaultPrinter.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		if errors.Is(e, windows.ERROR_FILE_NOT_FOUND) {
			return "", ErrNoPrinter
		}
		return "", fmt.Errorf("%w (%v)", ErrNoPrinter, e)
	}
	return windows.UTF16ToString(buf), nil
}

// printerDC opens a device context on the named printer.
func printerDC(printer string) (uintptr, error) {
	driver, _ := windows.UTF16PtrFromString("WINSPOOL")
	name, err := windows.UTF16PtrFromString(printer)
	if err != nil {
		return 0, fmt.Errorf("printer %q: %w", printer, err)
	}
	hdc, _, _ := procCreateDC.Call(uintptr(unsafe.Pointer(driver)), uintptr(unsafe.Pointer(name)), 0, 0)
	if hdc == 0 {
		return 0, fmt.Errorf("printer %q is not set up on this computer: choose another (Settings → Printers & scanners lists them) or use Save as PDF…", printer)
	}
	return hdc, nil
}

// printPage renders page n and draws it as one page of the job.
func printPage(ctx context.Context, hdc uintptr, doc *intake.Document, n int) error {
	dpi := min(deviceCap(hdc, capLogPixelsX), deviceCap(hdc, capLogPixelsY), maxPrintDPI)
	if dpi <= 0 {
		dpi = maxPrintDPI
	}
	img, err := doc.RenderPage(ctx, n, float64(dpi))
	if err != nil {
		return fmt.Errorf("print: page %d: %w", n, err)
	}
	if r, _, e := procStartPage.Call(hdc); int32(r) <= 0 {
		return fmt.Errorf("print: page %d: %v", n, e)
	}
	if err := drawPage(hdc, img, float64(dpi), devicePage(hdc)); err != nil {
		return fmt.Errorf("print: page %d: %w", n, err)
	}
	if r, _, e := procEndPage.Call(hdc); int32(r) <= 0 {
		return fmt.Errorf("print: page %d: %v", n, e)
	}
	return ctx.Err()
}

// page is a device's sheet: its size and dots per inch, and where the
// printable area starts on it (the device's origin), in device pixels.
type page struct {
	width, height    int
	dpiX, dpiY       int
	offsetX, offsetY int
}

func devicePage(hdc uintptr) page {
	return page{
		width: deviceCap(hdc, capPhysicalWidth), height: deviceCap(hdc, capPhysicalHeight),
		dpiX: deviceCap(hdc, capLogPixelsX), dpiY: deviceCap(hdc, capLogPixelsY),
		offsetX: deviceCap(hdc, capPhysicalOffsetX), offsetY: deviceCap(hdc, capPhysicalOffsetY),
	}
}

func deviceCap(hdc uintptr, index int) int {
	r, _, _ := procGetDeviceCaps.Call(hdc, uintptr(index))
	return int(int32(r))
}

// drawPage draws img, rendered at dpi, at its true size from the sheet's
// top-left corner, shrunk to fit when the sheet is smaller (an A4 printer
// given a letter summary).
func drawPage(hdc uintptr, img image.Image, dpi float64, p page) error {
	b := img.Bounds()
	w := float64(b.Dx()) / dpi * float64(p.dpiX)
	h := float64(b.Dy()) / dpi * float64(p.dpiY)
	if p.width > 0 && p.height > 0 {
		if s := min(float64(p.width)/w, float64(p.height)/h); s < 1 {
			w, h = w*s, h*s
		}
	}
	bits, hdr := dib(img)
	const halftone, dibRGBColors, srcCopy = 4, 0, 0x00CC0020
	procSetStretchBltMod.Call(hdc, halftone)
	r, _, e := procStretchDIBits.Call(hdc,
		uintptr(-p.offsetX), uintptr(-p.offsetY), uintptr(int(w)), uintptr(int(h)),
		0, 0, uintptr(b.Dx()), uintptr(b.Dy()),
		uintptr(unsafe.Pointer(&bits[0])), uintptr(unsafe.Pointer(hdr)), dibRGBColors, srcCopy)
	if int32(r) <= 0 {
		if e == syscall.Errno(0) {
			e = errors.New("the printer driver drew nothing")
		}
		return e
	}
	return nil
}

// bitmapInfoHeader is Windows' BITMAPINFOHEADER.
type bitmapInfoHeader struct {
	size          uint32
	width         int32
	height        int32
	planes        uint16
	bitCount      uint16
	compression   uint32
	sizeImage     uint32
	xPelsPerMeter int32
	yPelsPerMeter int32
	clrUsed       uint32
	clrImportant  uint32
}

// docInfo is Windows' DOCINFOW.
type docInfo struct {
	size     int32
	docName  *uint16
	output   *uint16
	datatype *uint16
	fwType   uint32
}

// dib converts img to a top-down 32-bit BGRX device-independent bitmap,
// on white where img is transparent.
func dib(img image.Image) ([]byte, *bitmapInfoHeader) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	bits := make([]byte, w*h*4)
	i := 0
	switch m := img.(type) {
	case *image.RGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+w*4]
			for x := 0; x < len(row); x += 4 {
				white := 255 - row[x+3] // premultiplied: add white behind
				bits[i], bits[i+1], bits[i+2] = row[x+2]+white, row[x+1]+white, row[x]+white
				i += 4
			}
		}
	case *image.Gray:
		for y := 0; y < h; y++ {
			for _, v := range m.Pix[y*m.Stride : y*m.Stride+w] {
				bits[i], bits[i+1], bits[i+2] = v, v, v
				i += 4
			}
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, a := img.At(x, y).RGBA()
				white := 0xffff - a
				bits[i], bits[i+1], bits[i+2] = byte((bl+white)>>8), byte((g+white)>>8), byte((r+white)>>8)
				i += 4
			}
		}
	}
	hdr := &bitmapInfoHeader{width: int32(w), height: -int32(h), planes: 1, bitCount: 32}
	hdr.size = uint32(unsafe.Sizeof(*hdr))
	return bits, hdr
}
