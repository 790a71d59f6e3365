package mutt

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzQuote checks that every display name validation accepts reads back
// unchanged in both mutt and neomutt, and that every password command is
// either run exactly as written by both, or refused because the two would
// run different commands.
func FuzzQuote(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, `pass show "spectrum/x" | head -n1 # it's $ok`)
		f.Add(n, `pass show "spectrum/x" | head -n1 # it's $(id) ok`)
	}
	f.Add(`a\"b`, "printf '%s\\n' `x`")
	f.Add("$HOME ${x}", `cat "$HOME/pw"`)
	f.Add("x", `a\`)
	base := fixture.Example(f, "mutt")[0]
	f.Fuzz(func(t *testing.T, name, cmd string) {
		if account.CheckName(name) != "" || account.CheckPasswordCommand(cmd) != "" {
			return // validation refuses these before any generator runs
		}
		a := base
		a.Name, a.PasswordCommand = name, cmd
		rc, err := Muttrc(a)
		if err != nil {
			// Refused: the two programs must really disagree (or fail).
			m, merr := parseRC(strings.Join(passLines(cmd), "\n"), mutt)
			n, nerr := parseRC(strings.Join(passLines(cmd), "\n"), neomutt)
			if merr == nil && nerr == nil && equal(m.commands["imap_pass"], []string{shellSees(mutt, cmd)}) && equal(n.commands["imap_pass"], []string{shellSees(neomutt, cmd)}) {
				t.Fatalf("refused %q, yet both programs would run it as written: %v", cmd, err)
			}
			return
		}
		for _, d := range []dialect{mutt, neomutt} {
			checkReadsBack(t, d, a, string(rc))
		}
	})
}

// passLines is the raw line a naive generator would write.
func passLines(cmd string) []string { return []string{"set imap_pass = \"`" + cmd + "`\""} }

func equal(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b)
}

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts. The
// muttrc must read back, in both mutt and neomutt, to the account's values,
// and set exactly the variables and run exactly the commands a muttrc of
// plain values does: no input text adds a directive or a command.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "mutt")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		rc, err := Muttrc(a)
		if err != nil {
			if checkCommand(a.PasswordCommand) == "" {
				t.Fatalf("refused %+v: %v", a, err)
			}
			return // a command mutt and neomutt would run differently
		}
		plain, err := Muttrc(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []dialect{mutt, neomutt} {
			checkReadsBack(t, d, a, string(rc))
			got, want := shape(t, d, string(rc)), shape(t, d, string(plain))
			if got != want {
				t.Fatalf("%s reads a muttrc of another shape:\n%s\nwant\n%s\n%s", d, got, want, rc)
			}
		}
	})
}

// shape lists what a muttrc does apart from its values: the variables it
// sets, its mailboxes' count and which variables run a command.
func shape(t *testing.T, d dialect, rc string) string {
	t.Helper()
	p, err := parseRC(rc, d)
	if err != nil {
		t.Fatalf("%s: %v\n%s", d, err, rc)
	}
	var vars []string
	for k := range p.vars {
		vars = append(vars, fmt.Sprintf("%s(%d commands)", k, len(p.commands[k])))
	}
	sort.Strings(vars)
	return fmt.Sprintf("%v, %d mailboxes", vars, len(p.mailboxes))
}
