package registry

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// TestCheckAgreesWithGenerate: validation runs a generator's Check instead
// of generating, so Check must fail exactly where Generate fails, with the
// same message, or an account would pass validation and fail while its
// kit is written (or be refused for nothing).
func TestCheckAgreesWithGenerate(t *testing.T) {
	accounts := append(fixture.Example(t, Names()...), fixture.Hostile(t, Names()...)...)
	// Values that some formats refuse, on top of the hostile names.
	for i, cmd := range []string{"+pass show mail", "pass show %(user)s", "echo `x`", "a\\b \"c\"", "pass show 'a\nb'"} {
		a := accounts[i%len(accounts)]
		a.PasswordCommand = cmd
		accounts = append(accounts, a)
	}
	for _, name := range []string{"山田 太郎", "Zoë", "\"quoted\"", " space", "x%(y)s"} {
		a := accounts[0]
		a.Name = name
		accounts = append(accounts, a)
	}
	// Values validation refuses first, which each generator must refuse
	// on its own too, in Check as in Generate: a line break in a comment,
	// a line past a reader's limit.
	for _, bad := range []string{"x\nset y = \"`id`\"", "x\r[evil]", strings.Repeat("p", 1100), "x\u2028y"} {
		a := accounts[1]
		a.ProfileName = bad
		accounts = append(accounts, a)
	}
	checked, failed := 0, 0
	for _, g := range All() {
		c, ok := g.(generators.Checker)
		if !ok {
			continue
		}
		for _, a := range accounts {
			checked++
			_, genErr := g.Generate(a)
			checkErr := c.Check(a)
			if fmt.Sprint(genErr) != fmt.Sprint(checkErr) {
				t.Errorf("%s, %s (name %q, command %q): Generate says %v, Check says %v",
					g.Name(), a.Email, a.Name, a.PasswordCommand, genErr, checkErr)
			}
			if genErr != nil {
				failed++
			}
		}
	}
	// The test means something only if some accounts fail.
	if failed == 0 || failed == checked {
		t.Fatalf("%d of %d generations failed; the cases no longer exercise Check", failed, checked)
	}
	t.Logf("%d generations, %d refused, Check agreed on all", checked, failed)
}
