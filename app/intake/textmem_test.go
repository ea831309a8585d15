package intake

import (
	"context"
	"testing"
	"unsafe"
)

// A UTF-8 text file's text is the file's own bytes when it has no
// carriage return (issue 14 item 2: a 70 MB note is held once, not
// twice), and its line ends are made "\n" in one pass otherwise.
func TestTextOfUTF8(t *testing.T) {
	for _, in := range []string{"", "one line", "a\nb\n", "a\r\nb\r\n", "a\rb", "end\r", "\r\r\n\n\r", "é\r\nü\r", "\r"} {
		data := []byte(in)
		got := textOfUTF8(data)
		if want := normalizeNewlines(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	data := []byte("Chief complaint: wheezing.\nPlan: albuterol.\n")
	doc, err := Open(context.Background(), "note.txt", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := doc.Pages[0].Text; unsafe.StringData(text) != &data[0] {
		t.Error("the text of a UTF-8 file without carriage returns is a copy")
	}
}
