package aerc

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzIniValue checks that any display name and password command that
// validation accepts reads back unchanged through aerc's INI rules, or is
// refused only when the INI reader would really change it.
func FuzzIniValue(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, `pass show "spectrum/x" | head -n1 # it's $ok`)
	}
	f.Add("`a`b`", "'quoted'")
	f.Add(`"""x`, `cmd \`)
	f.Add(" lead", `"only"`)
	f.Add("%(from)s", "echo %(source)s")
	f.Fuzz(func(t *testing.T, name, cmd string) {
		if account.CheckName(name) != "" || strings.TrimSpace(cmd) == "" ||
			strings.IndexFunc(cmd, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			return // validation refuses these first
		}
		a := fixture.Example(t, "aerc")[0]
		a.Name, a.PasswordCommand = name, cmd
		conf, err := AccountsConf(a)
		if err != nil {
			if !interpolation.MatchString(name) && !interpolation.MatchString(cmd) {
				t.Fatalf("refused name %q / command %q: %v", name, cmd, err)
			}
			return
		}
		checkReadsBack(t, a, string(conf))
	})
}
