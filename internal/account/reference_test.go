package account

import (
	"fmt"
	"strings"
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

// checkHostBySplit is CheckHost over strings.Split's labels: the
// reference FuzzCheckHost holds it to.
func checkHostBySplit(s string) string {
	if s == "" {
		return "the host name is empty"
	}
	if len(s) > 253 {
		return "the host name is longer than 253 characters"
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" {
			return "the host name has an empty part (two dots, or a dot at an end)"
		}
		if len(label) > 63 {
			return "a part of the host name is longer than 63 characters"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "a part of the host name starts or ends with -"
		}
		for _, r := range label {
			if !isAlnum(r) && r != '-' {
				return fmt.Sprintf("the character %q is not allowed in a host name (use the ASCII form, xn--..., for international names)", r)
			}
		}
	}
	return ""
}

// FuzzCheckHost: reading the labels one after another says exactly what
// splitting them out says.
func FuzzCheckHost(f *testing.F) {
	for _, s := range []string{"", ".", "a.", ".a", "a..b", "imap.spectrum.net", "-a.b", "a-.b", "a_b.c", "xn--bcher-kva.example", strings.Repeat("a", 64) + ".b", "ü.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CheckHost(s), checkHostBySplit(s); got != want {
			t.Fatalf("CheckHost(%q) = %q, by strings.Split %q", s, got, want)
		}
	})
}
