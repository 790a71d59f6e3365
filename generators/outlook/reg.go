package outlook

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A .reg file as regedit.exe and reg.exe import it ("Windows Registry
// Editor Version 5.00"): UTF-16LE with a byte-order mark, CRLF line ends, a
// header line, then [key] lines each followed by its "name"=value lines.

const regHeader = "Windows Registry Editor Version 5.00"

// regKind is the kind of one value line.
type regKind int

const (
	regSZ     regKind = iota // "name"="text"
	regDword                 // "name"=dword:0000000a
	regDelete                // "name"=- removes the value
)

type regValue struct {
	Name  string
	Kind  regKind
	Text  string // regSZ
	Dword uint32 // regDword
}

type regKey struct {
	Path   string // full path, starting with HKEY_CURRENT_USER\
	Values []regValue
}

type regFile struct {
	Comments []string // "; ..." lines after the header, for the person who opens the file
	Keys     []regKey
}

// regQuote returns s as a .reg string literal: in double quotes, with \ and
// " escaped by a backslash. It is the only way text enters a .reg file. A
// .reg string line cannot hold a line break or other control character
// (regedit writes those as hex(1) data), so they are rejected, as is text
// that is not valid UTF-8 (it could not be written as UTF-16 faithfully).
func regQuote(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("outlook: %q is not valid UTF-8 and cannot be written to a .reg file", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 {
			return "", fmt.Errorf("outlook: %q holds the control character %U, which a .reg string cannot hold", s, r)
		}
	}
	return `"` + regEscaper.Replace(s) + `"`, nil
}

// regEscaper escapes the two characters special inside a .reg string.
var regEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// line returns the value's line, or an error naming what cannot be written.
func (v regValue) line() (string, error) {
	name, err := regQuote(v.Name)
	if err != nil {
		return "", err
	}
	switch v.Kind {
	case regSZ:
		text, err := regQuote(v.Text)
		if err != nil {
			return "", err
		}
		return name + "=" + text, nil
	case regDword:
		return fmt.Sprintf("%s=dword:%08x", name, v.Dword), nil
	case regDelete:
		return name + "=-", nil
	}
	return "", fmt.Errorf("outlook: value %s has unknown kind %d", v.Name, v.Kind)
}

// Bytes renders the file: UTF-16LE with BOM, CRLF, a blank line after the
// header and after each key.
func (f regFile) Bytes() ([]byte, error) {
	var b strings.Builder
	b.Grow(1024)
	b.WriteString(regHeader + "\r\n\r\n")
	for _, c := range f.Comments {
		if strings.ContainsAny(c, "\r\n") {
			return nil, fmt.Errorf("outlook: a .reg comment cannot hold a line break: %q", c)
		}
		b.WriteString("; " + c + "\r\n")
	}
	if len(f.Comments) > 0 {
		b.WriteString("\r\n")
	}
	for _, k := range f.Keys {
		if !strings.HasPrefix(k.Path, `HKEY_CURRENT_USER\`) || strings.ContainsAny(k.Path, "[]\r\n\"") {
			return nil, fmt.Errorf("outlook: registry key %q cannot be written", k.Path)
		}
		b.WriteString("[" + k.Path + "]\r\n")
		for _, v := range k.Values {
			l, err := v.line()
			if err != nil {
				return nil, err
			}
			b.WriteString(l + "\r\n")
		}
		b.WriteString("\r\n")
	}
	return utf16LE(b.String()), nil
}

// utf16LE encodes s as UTF-16 little-endian with the byte-order mark FF FE.
func utf16LE(s string) []byte {
	b := make([]byte, 2, 2+2*len(s)) // enough unless s has runes beyond U+FFFF
	b[0], b[1] = 0xff, 0xfe
	var pair [2]uint16
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // most of a .reg file
			b = append(b, c, 0)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		for _, u := range utf16.AppendRune(pair[:0], r) {
			b = append(b, byte(u), byte(u>>8))
		}
		i += size
	}
	return b
}
