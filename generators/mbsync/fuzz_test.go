package mbsync

import (
	"sort"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzArg checks that any password command validation accepts reads back
// unchanged through isync's quoting rules (or is refused for its leading +).
func FuzzArg(f *testing.F) {
	f.Add(`pass show "spectrum/x" | head -n1 # it's $ok`)
	f.Add(`a\"b\\ "c`)
	f.Add(` lead`)
	f.Add(`+tty`)
	base := fixture.Example(f, "mbsync")[0]
	f.Fuzz(func(t *testing.T, cmd string) {
		if account.CheckPasswordCommand(cmd) != "" {
			return // validation refuses these first
		}
		a := base
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

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts. The
// mbsyncrc must read back through isync's quoting rules to the account's
// values, hold exactly the sections and keywords one of plain values does
// (no input text adds an account or a PassCmd), and keep every line,
// comments included, within the 1,021 bytes isync reads as one line.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "mbsync")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		rc, err := Mbsyncrc(a)
		if err != nil {
			if strings.HasPrefix(a.PasswordCommand, "+") {
				return // isync reads a leading + as a flag
			}
			t.Fatalf("refused %+v: %v", a, err)
		}
		for i, line := range strings.Split(string(rc), "\n") {
			if len(line) > maxLine {
				t.Fatalf("line %d is %d bytes: %q", i+1, len(line), line)
			}
		}
		checkReadsBack(t, a, string(rc))
		plain, err := Mbsyncrc(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rcShape(t, string(rc)), rcShape(t, string(plain)); got != want {
			t.Fatalf("mbsyncrc of another shape:\n%s\nwant\n%s\n%s", got, want, rc)
		}
	})
}

// rcShape lists the sections and keywords of an mbsyncrc.
func rcShape(t *testing.T, rc string) string {
	t.Helper()
	s, err := readRC(rc)
	if err != nil {
		t.Fatalf("%v\n%s", err, rc)
	}
	var out []string
	for sec, keys := range s {
		for k := range keys {
			out = append(out, sec+"."+k)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
