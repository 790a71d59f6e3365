package guidetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	long := strings.Repeat("x", 80)
	for _, tc := range []struct{ in, want string }{
		{"short line", "short line"},
		{"trailing spaces   ", "trailing spaces"},
		{strings.Repeat("word ", 20), strings.TrimSpace(strings.Repeat("word ", 15)) + "\n" + strings.TrimSpace(strings.Repeat("word ", 5))},
		{"1. " + strings.Repeat("step ", 16), "1. " + strings.TrimSpace(strings.Repeat("step ", 14)) + "\n   step step"},
		{"12. " + strings.Repeat("step ", 16), "12. " + strings.TrimSpace(strings.Repeat("step ", 14)) + "\n    step step"},
		{"- " + strings.Repeat("item ", 16), "- " + strings.TrimSpace(strings.Repeat("item ", 14)) + "\n  item item"},
		{"     Field: " + strings.Repeat("v ", 40), "     Field: " + strings.TrimSpace(strings.Repeat("v ", 31)) + "\n     " + strings.TrimSpace(strings.Repeat("v ", 9))},
		{"see " + long + " here", "see\n" + long + "\nhere"},
		{"a\n\nb", "a\n\nb"},
		{"Zoë " + strings.Repeat("é", 70) + " x", "Zoë " + strings.Repeat("é", 70) + "\nx"},
	} {
		got := Wrap(tc.in)
		if got != tc.want {
			t.Errorf("Wrap(%q) =\n%s\nwant\n%s", tc.in, got, tc.want)
		}
		for _, line := range strings.Split(got, "\n") {
			if utf8.RuneCountInString(line) > Width && len(strings.Fields(line)) > 1 {
				t.Errorf("Wrap(%q): line %q is wider than %d", tc.in, line, Width)
			}
		}
	}
}

// FuzzWrap: wrapping keeps every word in order and only changes spaces.
func FuzzWrap(f *testing.F) {
	f.Add("1. a b c " + strings.Repeat("word ", 30))
	f.Add("   - x")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\t\v\f\u0085\u00a0\u1680\u2000\u2028\u2029\u202f\u205f\u3000") {
			t.Skip()
		}
		got := Wrap(s)
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(s), " ") {
			t.Fatalf("Wrap(%q) = %q changes the words", s, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if utf8.RuneCountInString(line) > Width && len(strings.Fields(line)) > 1 {
				t.Fatalf("Wrap(%q): line %q is wider than %d", s, line, Width)
			}
		}
	})
}
