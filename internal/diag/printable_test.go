package diag

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want, lines string }{
		{"plain Zoë 山田 \"q\" \\", "plain Zoë 山田 \"q\" \\", "plain Zoë 山田 \"q\" \\"},
		{"a\x1b]0;pwned\x07b", `a\x1b]0;pwned\x07b`, `a\x1b]0;pwned\x07b`},
		{"a\x1b[2Jb\r", `a\x1b[2Jb\x0d`, `a\x1b[2Jb\x0d`},
		{"one\ntwo", `one\x0atwo`, "one\ntwo"},
		{"\u009b31m\u202egnp", `\x9b31m\u202egnp`, `\x9b31m\u202egnp`},
		{"bad\xffbyte \ufffd", `bad\xffbyte ` + "\ufffd", `bad\xffbyte ` + "\ufffd"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := PrintableLines(tt.in); got != tt.lines {
			t.Errorf("PrintableLines(%q) = %q, want %q", tt.in, got, tt.lines)
		}
	}
}
