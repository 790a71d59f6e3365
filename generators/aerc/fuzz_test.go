package aerc

import (
	"sort"
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
	base := fixture.Example(f, "aerc")[0]
	f.Fuzz(func(t *testing.T, name, cmd string) {
		if account.CheckName(name) != "" || account.CheckPasswordCommand(cmd) != "" {
			return // validation refuses these first
		}
		a := base
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

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts. The
// accounts.conf must read back through aerc's INI rules to the account's
// values and hold exactly the sections and keys one of plain values does:
// no input text adds a section, a key or a command.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "aerc")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		conf, err := AccountsConf(a)
		if err != nil {
			if !interpolation.MatchString(a.Name) && !interpolation.MatchString(a.PasswordCommand) {
				t.Fatalf("refused %+v: %v", a, err)
			}
			return // go-ini would replace %(key)s
		}
		checkReadsBack(t, a, string(conf))
		plain, err := AccountsConf(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := iniShape(t, string(conf)), iniShape(t, string(plain)); got != want {
			t.Fatalf("accounts.conf of another shape:\n%s\nwant\n%s\n%s", got, want, conf)
		}
	})
}

// iniShape lists the sections and keys of an INI text.
func iniShape(t *testing.T, text string) string {
	t.Helper()
	ini, err := readINI(text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	var out []string
	for sec, keys := range ini {
		for k := range keys {
			out = append(out, sec+"."+k)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
