package guidetest

import (
	"fmt"
	"testing"
)

// recorder keeps the errors a check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestChecksCanFail: each check refuses what it is there to refuse.
func TestChecksCanFail(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(tb testing.TB)
		ok   bool
	}{
		{"good html", func(tb testing.TB) { CheckHTML(tb, "x", "<p>a &amp; b</p><p>Test: x</p>", []string{"a & b"}) }, true},
		{"unclosed", func(tb testing.TB) { CheckHTML(tb, "x", "<p>a<p>Test: x</p>", nil) }, false},
		{"script", func(tb testing.TB) { CheckHTML(tb, "x", "<script></script><p>Test: x</p>", nil) }, false},
		{"handler", func(tb testing.TB) { CheckHTML(tb, "x", `<p onclick="x">Test: x</p>`, nil) }, false},
		{"value missing from html", func(tb testing.TB) { CheckHTML(tb, "x", "<p>Test: x</p>", []string{"alice@spectrum.net"}) }, false},
		{"good text", func(tb testing.TB) { CheckText(tb, "x", "a b\nTest: c", []string{"a b"}, nil) }, true},
		{"wide text", func(tb testing.TB) {
			CheckText(tb, "x", "a "+string(make([]byte, 80))+"\nTest: c", nil, nil)
		}, false},
		{"no test line", func(tb testing.TB) { CheckText(tb, "x", "a b", nil, nil) }, false},
		{"leftover", func(tb testing.TB) { CheckText(tb, "x", "{{.X}}\nTest: c", nil, nil) }, false},
		{"own braces", func(tb testing.TB) { CheckText(tb, "x", "Name {{x}}\nTest: c", nil, []string{"Name {{x}}"}) }, true},
		{"trailing newline", func(tb testing.TB) { CheckText(tb, "x", "a\nTest: c\n", nil, nil) }, false},
	} {
		r := &recorder{TB: t}
		tc.run(r)
		if ok := len(r.errs) == 0; ok != tc.ok {
			t.Errorf("%s: ok = %v, want %v (%v)", tc.name, ok, tc.ok, r.errs)
		}
	}
}
