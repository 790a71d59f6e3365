package install

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// prefValue is one pref's value as prefs.js wrote it: a string, an int
// or a bool.
type prefValue struct {
	Str  string
	Int  int64
	Bool bool
	Kind byte // 's', 'i' or 'b'
}

// prefsFile is what spectrumgen needs of a profile's prefs.js: every
// pref's last value, in the order first seen.
type prefsFile struct {
	values map[string]prefValue
	order  []string
}

// str returns the string pref name, or "".
func (f prefsFile) str(name string) string {
	if v, ok := f.values[name]; ok && v.Kind == 's' {
		return v.Str
	}
	return ""
}

// parsePrefsJS reads a prefs.js or user.js the way Firefox's and
// Thunderbird's prefs parser (modules/libpref/parser) does: pref,
// user_pref and sticky_pref statements; //, # and /* */ comments; strings
// in double or single quotes with \\ \" \' \n \r \t \xHH and \uXXXX
// escapes (surrogate pairs joined); integers with a sign; true and false;
// the attributes "locked" and "sticky" after the value. A later statement
// for the same name wins, as in Thunderbird. Anything else is an error with
// its line, so a file spectrumgen does not understand is never rewritten.
func parsePrefsJS(data []byte) (prefsFile, error) {
	f := prefsFile{values: map[string]prefValue{}}
	if !utf8.Valid(data) {
		return f, fmt.Errorf("prefs.js is not valid UTF-8")
	}
	p := &prefParser{s: string(data)}
	for {
		if err := p.space(); err != nil {
			return f, err
		}
		if p.i >= len(p.s) {
			return f, nil
		}
		kw := p.word()
		switch kw {
		case "pref", "user_pref", "sticky_pref":
		default:
			return f, p.errorf("expected user_pref, found %q", kw)
		}
		if err := p.punct('('); err != nil {
			return f, err
		}
		if err := p.space(); err != nil {
			return f, err
		}
		name, err := p.str()
		if err != nil {
			return f, err
		}
		if err := p.punct(','); err != nil {
			return f, err
		}
		if err := p.space(); err != nil {
			return f, err
		}
		v, err := p.value()
		if err != nil {
			return f, err
		}
		// pref("x", 1, locked, sticky);
		for {
			if err := p.space(); err != nil {
				return f, err
			}
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				if err := p.space(); err != nil {
					return f, err
				}
				if a := p.word(); a != "locked" && a != "sticky" {
					return f, p.errorf("unknown pref attribute %q", a)
				}
				continue
			}
			break
		}
		if err := p.punct(')'); err != nil {
			return f, err
		}
		if err := p.punct(';'); err != nil {
			return f, err
		}
		if _, seen := f.values[name]; !seen {
			f.order = append(f.order, name)
		}
		f.values[name] = v
	}
}

type prefParser struct {
	s string
	i int
}

func (p *prefParser) errorf(format string, args ...any) error {
	line := 1 + strings.Count(p.s[:min(p.i, len(p.s))], "\n")
	return fmt.Errorf("prefs.js line %d: %s", line, fmt.Sprintf(format, args...))
}

// space skips white space and comments.
func (p *prefParser) space() error {
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			p.i++
		case c == '#' || strings.HasPrefix(p.s[p.i:], "//"):
			if j := strings.IndexByte(p.s[p.i:], '\n'); j >= 0 {
				p.i += j + 1
			} else {
				p.i = len(p.s)
			}
		case strings.HasPrefix(p.s[p.i:], "/*"):
			j := strings.Index(p.s[p.i+2:], "*/")
			if j < 0 {
				return p.errorf("comment not closed")
			}
			p.i += j + 4
		default:
			return nil
		}
	}
	return nil
}

func (p *prefParser) word() string {
	j := p.i
	for j < len(p.s) && (p.s[j] == '_' || p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] >= 'A' && p.s[j] <= 'Z') {
		j++
	}
	w := p.s[p.i:j]
	p.i = j
	return w
}

func (p *prefParser) punct(c byte) error {
	if err := p.space(); err != nil {
		return err
	}
	if p.i >= len(p.s) || p.s[p.i] != c {
		return p.errorf("expected %q", c)
	}
	p.i++
	return nil
}

func (p *prefParser) value() (prefValue, error) {
	if p.i >= len(p.s) {
		return prefValue{}, p.errorf("expected a value")
	}
	switch c := p.s[p.i]; {
	case c == '"' || c == '\'':
		s, err := p.str()
		return prefValue{Kind: 's', Str: s}, err
	case c == '-' || c == '+' || c >= '0' && c <= '9':
		j := p.i + 1
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		n, err := strconv.ParseInt(p.s[p.i:j], 10, 32)
		if err != nil {
			return prefValue{}, p.errorf("bad integer %q", p.s[p.i:j])
		}
		p.i = j
		return prefValue{Kind: 'i', Int: n}, nil
	}
	switch w := p.word(); w {
	case "true", "false":
		return prefValue{Kind: 'b', Bool: w == "true"}, nil
	default:
		return prefValue{}, p.errorf("expected a value, found %q", w)
	}
}

func (p *prefParser) str() (string, error) {
	if p.i >= len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\'') {
		return "", p.errorf("expected a string")
	}
	quote := p.s[p.i]
	p.i++
	var b strings.Builder
	var pending rune = -1 // a high surrogate waiting for its low half
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == quote {
			p.i++
			if pending >= 0 {
				b.WriteRune(utf8.RuneError)
			}
			return b.String(), nil
		}
		if c != '\\' {
			if pending >= 0 {
				b.WriteRune(utf8.RuneError)
				pending = -1
			}
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		e := p.s[p.i+1]
		p.i += 2
		var r rune = -1
		switch e {
		case '\\', '"', '\'':
			r = rune(e)
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'x', 'u':
			n := 2
			if e == 'u' {
				n = 4
			}
			if p.i+n > len(p.s) {
				return "", p.errorf("short \\%c escape", e)
			}
			v, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
			if err != nil {
				return "", p.errorf("bad \\%c escape", e)
			}
			p.i += n
			r = rune(v)
		default:
			return "", p.errorf("unknown escape \\%c", e)
		}
		switch {
		case utf16.IsSurrogate(r) && r < 0xdc00:
			pending = r
			continue
		case utf16.IsSurrogate(r) && pending >= 0:
			r = utf16.DecodeRune(pending, r)
		case pending >= 0:
			b.WriteRune(utf8.RuneError)
		}
		pending = -1
		b.WriteRune(r)
	}
	return "", p.errorf("string not closed")
}

// ReadPrefs returns every pref of a prefs.js as text (strings as they
// are, numbers and booleans as Go prints them): for tests and for showing
// a profile's accounts.
func ReadPrefs(data []byte) (map[string]string, error) {
	f, err := parsePrefsJS(data)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(f.values))
	for name, v := range f.values {
		switch v.Kind {
		case 's':
			out[name] = v.Str
		case 'i':
			out[name] = strconv.FormatInt(v.Int, 10)
		case 'b':
			out[name] = strconv.FormatBool(v.Bool)
		}
	}
	return out, nil
}
