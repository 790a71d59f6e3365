package verify

import (
	"bufio"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzGreeting feeds arbitrary server bytes to the greeting reader and the
// report: neither may panic, and nothing a server sends may reach the
// terminal as a control character (escape sequences could rewrite it).
func FuzzGreeting(f *testing.F) {
	for _, seed := range []string{
		"* OK [CAPABILITY IMAP4rev1] ready\r\n",
		"220-smtp.example ESMTP\r\n220 second line\r\n",
		"220 ok\x1b[2J\x1b]0;owned\x07\r\n",
		"\x16\x03\x01\x00\x05hello",
		"HTTP/1.1 400 Bad Request\r\n",
		strings.Repeat("x", maxLine+10),
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := readGreeting(bufio.NewReaderSize(bytes.NewReader(data), maxLine))
		detail := g.text
		var nm errNotMail
		if errors.As(err, &nm) {
			detail = nm.text
		}
		if g.proto == "imap" && !strings.HasPrefix(string(data), "* ") {
			t.Errorf("IMAP greeting without '* ': %q", data)
		}
		r := &Report{Email: "a@spectrum.net", Checks: []Check{{Name: "imap.greeting", Label: "greeting",
			Server: "IMAP x:993", Status: Fail, Detail: detail, Lines: []string{string(data)},
			Diagnosis: &Diagnosis{Code: "x", Problem: string(data), Cause: detail, Fix: "f"}}}}
		var out bytes.Buffer
		if err := r.WriteText(&out, Signs); err != nil {
			t.Fatal(err)
		}
		for _, c := range out.String() {
			if c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c < 0xa0 {
				t.Fatalf("control character %U reaches the terminal:\n%q", c, out.String())
			}
		}
	})
}
