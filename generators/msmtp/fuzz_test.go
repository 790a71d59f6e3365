package msmtp

import (
	"sort"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzArg checks that any password command validation accepts reads back
// unchanged through msmtp's line rules (or is refused for its length).
func FuzzArg(f *testing.F) {
	f.Add(`pass show "spectrum/x" | head -n1 # it's $ok`)
	f.Add(`"quoted"`)
	f.Add(` lead and trail	`)
	f.Add(`a\"b\\`)
	base := fixture.Example(f, "msmtp")[0]
	f.Fuzz(func(t *testing.T, cmd string) {
		if account.CheckPasswordCommand(cmd) != "" {
			return // validation refuses these first
		}
		a := base
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

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts. The
// msmtprc must read back through msmtp's line rules to the account's
// values, hold exactly the accounts and commands one of plain values does
// (no input text adds a command such as passwordeval), and keep every line,
// comments included, within the 499 bytes msmtp reads.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "msmtp")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		rc, err := Msmtprc(a)
		if err != nil {
			t.Fatalf("refused %+v: %v", a, err)
		}
		for i, line := range strings.Split(string(rc), "\n") {
			if len(line) > maxLine {
				t.Fatalf("line %d is %d bytes: %q", i+1, len(line), line)
			}
		}
		checkReadsBack(t, a, string(rc))
		plain, err := Msmtprc(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rcShape(string(rc)), rcShape(string(plain)); got != want {
			t.Fatalf("msmtprc of another shape:\n%s\nwant\n%s\n%s", got, want, rc)
		}
	})
}

// rcShape lists the accounts and commands of a msmtprc.
func rcShape(rc string) string {
	var out []string
	for acc, cmds := range readRC(rc) {
		for c := range cmds {
			out = append(out, acc+"."+c)
		}
		out = append(out, acc)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
