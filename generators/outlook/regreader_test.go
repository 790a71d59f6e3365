package outlook

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// A strict reader of "Windows Registry Editor Version 5.00" files, written
// from the format's description (FORMATS.md §7) and checked against Wine's
// own reg.exe (wine_test.go). It refuses anything regedit would read
// differently or skip, so a test that reads a value back knows Windows
// reads the same value.

type readValue struct {
	Name   string
	Kind   string // "sz", "dword", "hex" (hex(N) sets HexType), "delete"
	Text   string
	Dword  uint32
	Bytes  []byte
	HexTyp int // -1 for plain hex:, N for hex(N):
}

type readKey struct {
	Path   string
	Delete bool // [-HKEY...]
	Values []readValue
}

// value returns the key's value called name.
func (k readKey) value(name string) (readValue, bool) {
	for _, v := range k.Values {
		if strings.EqualFold(v.Name, name) {
			return v, true
		}
	}
	return readValue{}, false
}

// readReg parses a .reg file strictly.
func readReg(data []byte) ([]readKey, error) {
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xfe {
		return nil, fmt.Errorf("no UTF-16LE byte-order mark FF FE")
	}
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("odd number of bytes after the BOM")
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
	}
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case u >= 0xd800 && u < 0xdc00:
			if i+1 >= len(units) || units[i+1] < 0xdc00 || units[i+1] >= 0xe000 {
				return nil, fmt.Errorf("unpaired high surrogate at unit %d", i)
			}
			i++
		case u >= 0xdc00 && u < 0xe000:
			return nil, fmt.Errorf("unpaired low surrogate at unit %d", i)
		}
	}
	text := string(utf16.Decode(units))
	if !strings.HasSuffix(text, "\r\n") {
		return nil, fmt.Errorf("the file does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF (lines must end with CRLF)", i+1)
		}
	}
	if lines[0] != regHeader {
		return nil, fmt.Errorf("line 1: %q is not the header %q", lines[0], regHeader)
	}
	if len(lines) < 2 || lines[1] != "" {
		return nil, fmt.Errorf("line 2: the header is not followed by a blank line")
	}
	var keys []readKey
	for i := 2; i < len(lines); i++ {
		l, n := lines[i], i+1
		switch {
		case l == "" || strings.HasPrefix(l, ";"):
			continue
		case strings.HasPrefix(l, "["):
			if !strings.HasSuffix(l, "]") {
				return nil, fmt.Errorf("line %d: key line without ]", n)
			}
			path := l[1 : len(l)-1]
			k := readKey{Path: path}
			if strings.HasPrefix(path, "-") {
				k.Delete, k.Path = true, path[1:]
			}
			if !strings.HasPrefix(k.Path, "HKEY_") || strings.ContainsAny(k.Path, "[]") || strings.HasSuffix(k.Path, `\`) || strings.Contains(k.Path, `\\`) {
				return nil, fmt.Errorf("line %d: %q is not a key path", n, k.Path)
			}
			keys = append(keys, k)
		case strings.HasPrefix(l, `"`) || strings.HasPrefix(l, "@="):
			if len(keys) == 0 || keys[len(keys)-1].Delete {
				return nil, fmt.Errorf("line %d: a value outside a key", n)
			}
			var name, rest string
			if strings.HasPrefix(l, "@=") {
				name, rest = "", l[1:]
			} else {
				var err error
				name, rest, err = readQuoted(l)
				if err != nil {
					return nil, fmt.Errorf("line %d: value name: %w", n, err)
				}
			}
			if !strings.HasPrefix(rest, "=") {
				return nil, fmt.Errorf("line %d: no = after the value name", n)
			}
			rest = rest[1:]
			// hex data may continue: a line ending in ",\" goes on in the
			// next line, which starts with two spaces.
			for strings.HasPrefix(rest, "hex") && strings.HasSuffix(rest, `,\`) {
				if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "  ") {
					return nil, fmt.Errorf("line %d: hex continuation without an indented next line", n)
				}
				i++
				rest = rest[:len(rest)-1] + lines[i][2:]
			}
			v, err := readData(rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %q: %w", n, name, err)
			}
			v.Name = name
			k := &keys[len(keys)-1]
			if _, dup := k.value(name); dup {
				return nil, fmt.Errorf("line %d: value %q given twice in one key", n, name)
			}
			k.Values = append(k.Values, v)
		default:
			return nil, fmt.Errorf("line %d: %q is not a key, value, comment or blank line", n, l)
		}
	}
	return keys, nil
}

// readQuoted reads a "..." literal at the start of s, with \\ and \"
// escapes only, and returns its text and what follows.
func readQuoted(s string) (text, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", fmt.Errorf("no opening quote")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != '\\' && s[i+1] != '"') {
				return "", "", fmt.Errorf("backslash not followed by \\ or \" at byte %d", i)
			}
			b.WriteByte(s[i+1])
			i++
		case '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", fmt.Errorf("no closing quote")
}

// readData reads what follows "name"=.
func readData(s string) (readValue, error) {
	switch {
	case s == "-":
		return readValue{Kind: "delete"}, nil
	case strings.HasPrefix(s, `"`):
		text, rest, err := readQuoted(s)
		if err != nil {
			return readValue{}, err
		}
		if rest != "" {
			return readValue{}, fmt.Errorf("text %q after the closing quote", rest)
		}
		return readValue{Kind: "sz", Text: text}, nil
	case strings.HasPrefix(s, "dword:"):
		h := s[len("dword:"):]
		if len(h) != 8 || strings.Trim(h, "0123456789abcdefABCDEF") != "" {
			return readValue{}, fmt.Errorf("dword %q is not 8 hex digits", h)
		}
		d, _ := strconv.ParseUint(h, 16, 32)
		return readValue{Kind: "dword", Dword: uint32(d)}, nil
	case strings.HasPrefix(s, "hex"):
		typ, body, ok := strings.Cut(s, ":")
		if !ok {
			return readValue{}, fmt.Errorf("hex value without :")
		}
		v := readValue{Kind: "hex", HexTyp: -1}
		if typ != "hex" {
			if !strings.HasPrefix(typ, "hex(") || !strings.HasSuffix(typ, ")") {
				return readValue{}, fmt.Errorf("%q is not hex or hex(N)", typ)
			}
			t, err := strconv.ParseUint(typ[4:len(typ)-1], 16, 32)
			if err != nil {
				return readValue{}, fmt.Errorf("%q: bad type number", typ)
			}
			v.HexTyp = int(t)
		}
		if body == "" {
			return v, nil
		}
		for _, p := range strings.Split(body, ",") {
			if len(p) != 2 {
				return readValue{}, fmt.Errorf("hex byte %q is not two digits", p)
			}
			b, err := hex.DecodeString(p)
			if err != nil {
				return readValue{}, fmt.Errorf("hex byte %q: %v", p, err)
			}
			v.Bytes = append(v.Bytes, b[0])
		}
		return v, nil
	}
	return readValue{}, fmt.Errorf("unknown data %q", s)
}

// utf16String decodes REG_SZ/REG_EXPAND_SZ hex data (UTF-16LE, NUL-ended).
func utf16String(b []byte) (string, error) {
	if len(b)%2 != 0 || !bytes.HasSuffix(b, []byte{0, 0}) {
		return "", fmt.Errorf("not NUL-terminated UTF-16LE")
	}
	u := make([]uint16, len(b)/2-1)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u)), nil
}
