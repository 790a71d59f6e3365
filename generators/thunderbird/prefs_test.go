package thunderbird

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// parsePrefs reads user_pref("name", value); lines the way Thunderbird's
// prefs parser does for the subset user.js files use: // and /* */
// comments, string literals with \" \\ \n \uXXXX (and surrogate pairs)
// escapes, integers, true and false. Anything else is an error, so a
// malformed file fails the test instead of being skipped.
func parsePrefs(data []byte) (map[string]any, error) {
	p := &prefParser{s: string(data)}
	out := map[string]any{}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return out, nil
		}
		if !p.consume("user_pref") {
			return nil, p.errorf("expected user_pref")
		}
		p.skipSpace()
		if !p.consume("(") {
			return nil, p.errorf("expected (")
		}
		p.skipSpace()
		name, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if !p.consume(",") {
			return nil, p.errorf("expected ,")
		}
		p.skipSpace()
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if !p.consume(")") {
			return nil, p.errorf("expected )")
		}
		p.skipSpace()
		if !p.consume(";") {
			return nil, p.errorf("expected ;")
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("pref %s set twice", name)
		}
		out[name] = val
	}
}

type prefParser struct {
	s string
	i int
}

func (p *prefParser) errorf(format string, args ...any) error {
	line := 1 + strings.Count(p.s[:p.i], "\n")
	return fmt.Errorf("line %d: "+format, append([]any{line}, args...)...)
}

func (p *prefParser) consume(tok string) bool {
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *prefParser) skipSpace() {
	for p.i < len(p.s) {
		switch {
		case strings.ContainsRune(" \t\r\n", rune(p.s[p.i])):
			p.i++
		case strings.HasPrefix(p.s[p.i:], "//"):
			end := strings.IndexByte(p.s[p.i:], '\n')
			if end < 0 {
				p.i = len(p.s)
			} else {
				p.i += end
			}
		case strings.HasPrefix(p.s[p.i:], "/*"):
			end := strings.Index(p.s[p.i+2:], "*/")
			if end < 0 {
				p.i = len(p.s)
			} else {
				p.i += end + 4
			}
		default:
			return
		}
	}
}

func (p *prefParser) value() (any, error) {
	switch {
	case p.consume("true"):
		return true, nil
	case p.consume("false"):
		return false, nil
	case p.i < len(p.s) && p.s[p.i] == '"':
		return p.str()
	}
	start := p.i
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
	}
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n, err := strconv.Atoi(p.s[start:p.i])
	if err != nil {
		return nil, p.errorf("bad value %q", p.s[start:p.i])
	}
	return n, nil
}

func (p *prefParser) str() (string, error) {
	if !p.consume(`"`) {
		return "", p.errorf("expected a string")
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\n' || c == '\r':
			return "", p.errorf("newline inside a string")
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errorf("escape at end")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '\'':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return "", err
				}
				if r >= 0xd800 && r < 0xdc00 && p.consume(`\u`) {
					lo, err := p.hex4()
					if err != nil {
						return "", err
					}
					r = 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)
				}
				b.WriteRune(r)
			default:
				return "", p.errorf("unknown escape \\%c", e)
			}
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == 0x2028 || r == 0x2029 {
				return "", p.errorf("raw line separator U+%04X in a string literal", r)
			}
			b.WriteRune(r)
			p.i += size
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *prefParser) hex4() (rune, error) {
	if p.i+4 > len(p.s) {
		return 0, p.errorf("short \\u escape")
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, p.errorf("bad \\u escape")
	}
	p.i += 4
	return rune(n), nil
}

// TestJSStringMatchesJSON: appendJS writes what encoding/json writes for
// every string (without HTML escaping), so a JSON-aware reader and
// Thunderbird's JavaScript-like prefs parser read the same value.
func TestJSStringMatchesJSON(t *testing.T) {
	for _, s := range append(fixture.HostileNames, "\x00\x1f\u2028\u2029\u007f\u0080<>&", `\"`, "") {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := string(appendJS(nil, s)), strings.TrimSuffix(b.String(), "\n"); got != want {
			t.Errorf("appendJS(%q) = %s, json gives %s", s, got, want)
		}
	}
}
