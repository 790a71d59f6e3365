package mbsync

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzArg checks that any password command validation accepts reads back
// unchanged through isync's quoting rules (or is refused for its leading +).
func FuzzArg(f *testing.F) {
	f.Add(`pass show "spectrum/x" | head -n1 # it's $ok`)
	f.Add(`a\"b\\ "c`)
	f.Add(` lead`)
	f.Add(`+tty`)
	f.Fuzz(func(t *testing.T, cmd string) {
		if strings.TrimSpace(cmd) == "" || strings.IndexFunc(cmd, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			return // validation refuses these first
		}
		a := fixture.Example(t, "mbsync")[0]
		a.PasswordCommand = cmd
		rc, err := Mbsyncrc(a)
		if err != nil {
			if cmd[0] != '+' {
				t.Fatalf("refused %q: %v", cmd, err)
			}
			return
		}
		checkReadsBack(t, a, string(rc))
	})
}
