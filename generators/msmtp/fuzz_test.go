package msmtp

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzArg checks that any password command validation accepts reads back
// unchanged through msmtp's line rules (or is refused for its length).
func FuzzArg(f *testing.F) {
	f.Add(`pass show "spectrum/x" | head -n1 # it's $ok`)
	f.Add(`"quoted"`)
	f.Add(` lead and trail	`)
	f.Add(`a\"b\\`)
	f.Fuzz(func(t *testing.T, cmd string) {
		if strings.TrimSpace(cmd) == "" || strings.IndexFunc(cmd, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			return // validation refuses these first
		}
		a := fixture.Example(t, "msmtp")[0]
		a.PasswordCommand = cmd
		rc, err := Msmtprc(a)
		if err != nil {
			if len(cmd) < maxLine-len("passwordeval")-3 {
				t.Fatalf("refused %q: %v", cmd, err)
			}
			return
		}
		checkReadsBack(t, a, string(rc))
	})
}
