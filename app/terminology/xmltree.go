package terminology

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// xnode is an element of a parsed release XML file with the line it
// starts on, so errors can point at it.
type xnode struct {
	name string
	attr []xml.Attr
	text string // the element's own character data, trimmed
	kids []*xnode
	line int
}

// maxXMLDepth bounds nesting; the CDC index goes 11 deep.
const maxXMLDepth = 64

// parseXMLTree reads a whole XML document into a tree of elements.
// Malformed XML fails with the line; encodings other than UTF-8 are read
// as Latin-1 (ISO-8859-1 / Windows-1252 for the printable range).
func parseXMLTree(r io.Reader) (*xnode, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii":
			b, err := io.ReadAll(in)
			if err != nil {
				return nil, err
			}
			return strings.NewReader(string(toRunes(b))), nil
		}
		return nil, fmt.Errorf("unsupported character set %q", label)
	}
	var stack []*xnode
	var texts []*bytes.Buffer
	var root *xnode
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("line %d: %w: %s", se.Line, ErrMalformed, se.Msg)
			}
			line, _ := d.InputPos()
			return nil, fmt.Errorf("line %d: %w: %v", line, ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := d.InputPos()
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("line %d: %w: elements nested deeper than %d", line, ErrMalformed, maxXMLDepth)
			}
			if root != nil && len(stack) == 0 {
				return nil, fmt.Errorf("line %d: %w: more than one root element", line, ErrMalformed)
			}
			n := &xnode{name: t.Name.Local, attr: t.Attr, line: line}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
			texts = append(texts, &bytes.Buffer{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.text = collapse(texts[len(texts)-1].String())
			stack = stack[:len(stack)-1]
			texts = texts[:len(texts)-1]
		case xml.CharData:
			if len(texts) > 0 {
				texts[len(texts)-1].Write(t)
			}
		}
	}
	if root == nil {
		line, _ := d.InputPos()
		return nil, fmt.Errorf("line %d: %w: no XML element", line, ErrMalformed)
	}
	if len(stack) > 0 {
		line, _ := d.InputPos()
		return nil, fmt.Errorf("line %d: %w: file ends inside <%s>: it is truncated", line, ErrMalformed, stack[len(stack)-1].name)
	}
	return root, nil
}

// collapse trims and folds runs of white space to one blank.
func collapse(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.Fields(s), " ")
}

// child returns the first child element with the name, or nil.
func (n *xnode) child(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// childText returns the text of the first child with the name.
func (n *xnode) childText(name string) string {
	if k := n.child(name); k != nil {
		return k.text
	}
	return ""
}

func (n *xnode) attrValue(name string) string {
	for _, a := range n.attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// fullText is the element's text with its children's text, in document
// order as far as the tree keeps it (own text first).
func (n *xnode) fullText() string {
	parts := []string{n.text}
	for _, k := range n.kids {
		parts = append(parts, k.fullText())
	}
	return collapse(strings.Join(parts, " "))
}
