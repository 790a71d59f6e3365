package account

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// checkTextByRune is CheckText as its comment defines it, rune by rune
// with no shortcut for ASCII: the reference FuzzCheckText holds it to.
func checkTextByRune(s string, max int) string {
	if !utf8.ValidString(s) {
		return "it is not valid UTF-8 text"
	}
	for _, r := range s {
		if why := badRune(r); why != "" {
			return why
		}
	}
	if len(s) > max {
		return fmt.Sprintf("it is %d bytes long, longer than the %d bytes allowed", len(s), max)
	}
	return ""
}

// FuzzCheckText: the ASCII shortcut says exactly what the rune-by-rune
// check says, for any bytes.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"", "plain", "O'Brien \"x\" ~", "a\x7fb", "a\x1fb", "Zoë\u202e", "ab\xffc", "abc\xc3", "\u0085", "x\ufeff", "ok\U0001fffe"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if got, want := CheckText(s, max), checkTextByRune(s, max); got != want {
			t.Fatalf("CheckText(%q, %d) = %q, rune by rune %q", s, max, got, want)
		}
	})
}
