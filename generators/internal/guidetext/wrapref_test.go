package guidetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// wrapReference is Wrap as it was written first, with strings.Split and
// strings.FieldsSeq: plain to read, and slower. The faster Wrap must give
// the same text for every input.
func wrapReference(s string) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = strings.TrimRight(line, " ")
		if utf8.RuneCountInString(line) <= Width {
			b.WriteString(line)
			continue
		}
		indent := hangingIndent(line)
		prefix, rest := line[:indent], line[indent:]
		n := utf8.RuneCountInString(prefix)
		first := true
		for w := range strings.FieldsSeq(rest) {
			wl := utf8.RuneCountInString(w)
			switch {
			case first && n+wl > Width && strings.TrimSpace(prefix) != "":
				b.WriteString(strings.TrimRight(prefix, " "))
				b.WriteByte('\n')
				b.WriteString(strings.Repeat(" ", indent))
			case first:
				b.WriteString(prefix)
			case n+1+wl > Width:
				b.WriteByte('\n')
				b.WriteString(strings.Repeat(" ", indent))
				n = indent
			default:
				b.WriteByte(' ')
				n++
			}
			b.WriteString(w)
			n += wl
			first = false
		}
	}
	return b.String()
}

// FuzzWrapSameAsReference: Wrap and wrapReference agree on any input,
// white space of every kind and invalid UTF-8 included.
func FuzzWrapSameAsReference(f *testing.F) {
	f.Add("1. a b c " + strings.Repeat("word ", 30))
	f.Add("   - x\n\n12. " + strings.Repeat("é\u00a0w\tx ", 20) + "\xff")
	f.Add("- " + strings.Repeat("y", 90) + " z\u2028" + strings.Repeat("q ", 50))
	f.Add("12. " + strings.Repeat("y", 80) + " x " + strings.Repeat("ab ", 40))
	f.Add("     Field: " + strings.Repeat("v ", 40) + strings.Repeat("w", 75) + " end")
	f.Add(strings.Repeat("z", 75) + "  " + strings.Repeat("word ", 30) + "\n1.  two  spaces " + strings.Repeat("x ", 40))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Wrap(s), wrapReference(s); got != want {
			t.Fatalf("Wrap(%q) =\n%q\nwant\n%q", s, got, want)
		}
	})
}
