package registry

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// TestGeneratorsRefuseLineBreaks: validation refuses every line break, but
// each generator must also stand on its own. Given an account that skipped
// validation, with a line break and a would-be directive in any one string
// field, every generator either refuses it or writes no line-oriented file
// in which the directive starts a line of its own (comments included).
// XML, plists and HTML are left out: a line break inside an element's text
// is text, and their encoders escape what is not.
func TestGeneratorsRefuseLineBreaks(t *testing.T) {
	const directive = "INJECTED = 1"
	base := fixture.Example(t, Names()...)[0]
	utf16 := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder()
	for _, field := range fixture.AccountFields {
		for _, brk := range []string{"\n", "\r", "\r\n", "\u2028", "\u0085"} {
			value := "x" + brk + directive
			a := base
			v := reflect.ValueOf(&a).Elem()
			for _, name := range strings.Split(field, ".") {
				v = v.FieldByName(strings.TrimSuffix(name, "[]"))
				if strings.HasSuffix(name, "[]") {
					v.Set(reflect.MakeSlice(v.Type(), 1, 1))
					v = v.Index(0)
				}
			}
			v.SetString(value)
			for _, g := range All() {
				files, err := g.Generate(a)
				if err != nil {
					continue
				}
				for _, f := range files {
					if strings.HasSuffix(f.Path, ".xml") || strings.HasSuffix(f.Path, ".mobileconfig") || strings.HasSuffix(f.Path, ".html") {
						continue
					}
					data := f.Data
					if bytes.HasPrefix(data, []byte{0xff, 0xfe}) { // .reg: UTF-16LE
						s, _ := utf16.String("\n" + directive)
						if bytes.Contains(data, []byte(s)) {
							t.Errorf("%s: %s = %q puts a line of its own in %s", g.Name(), field, value, f.Path)
						}
						continue
					}
					for _, line := range strings.FieldsFunc(string(data), func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u0085' }) {
						if strings.HasPrefix(strings.TrimSpace(line), directive) {
							t.Errorf("%s: %s = %q puts a line of its own in %s:\n%s", g.Name(), field, value, f.Path, data)
						}
					}
				}
			}
		}
	}
}

// TestMaxFixedTextBounds: validation checks an address and a display name
// against a line limit with generators.MaxFixedText standing for the rest
// of the line; no line of any client file holds more fixed text beside
// them in the files of the clients with a line limit (msmtp, mbsync).
func TestMaxFixedTextBounds(t *testing.T) {
	for _, a := range fixture.Example(t, Names()...) {
		for _, name := range []string{"msmtp", "mbsync"} {
			g, _ := Get(name)
			files, err := g.Generate(a)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				for _, line := range strings.Split(string(f.Data), "\n") {
					if !strings.Contains(line, a.Email) {
						continue
					}
					fixed := len(line) - strings.Count(line, a.Email)*len(a.Email)
					if a.ProfileName != "" {
						fixed -= strings.Count(line, a.ProfileName) * len(a.ProfileName)
					}
					if fixed > generators.MaxFixedText {
						t.Errorf("%s: %s: a line holds %d bytes of fixed text: %q", g.Name(), f.Path, fixed, line)
					}
				}
			}
		}
	}
}
