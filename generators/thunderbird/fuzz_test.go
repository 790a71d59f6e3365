package thunderbird

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzUserJS: any display name and address that validation accepts give a
// user.js that the prefs parser reads back to the same values.
func FuzzUserJS(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, "alice")
	}
	f.Add("\u2028\u2029", "a.b+c")
	f.Add("</script>", "x-y_z")
	base := fixture.Hostile(f)[0]
	f.Fuzz(func(t *testing.T, name, local string) {
		a := base
		a.Name, a.Email = name, local+"@spectrum.net"
		a.Incoming.Username, a.Outgoing.Username = a.Email, a.Email
		if account.CheckName(name) != "" || account.CheckEmail(a.Email) != "" {
			t.Skip("rejected by validation")
		}
		data, err := UserJS(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parsePrefs(data)
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		checkPrefs(t, a, got)
	})
}

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts. The
// user.js must parse as prefs, comments included, to the account's values
// and hold exactly the prefs one of plain values does: no input text adds
// a pref or a statement.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "thunderbird")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		data, err := UserJS(a)
		if err != nil {
			t.Fatalf("refused %+v: %v", a, err)
		}
		got, err := parsePrefs(data)
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		checkPrefs(t, a, got)
		plainData, err := UserJS(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := parsePrefs(plainData)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(plain) {
			t.Fatalf("%d prefs, a plain account's file has %d:\n%s", len(got), len(plain), data)
		}
		for k := range plain {
			if _, ok := got[k]; !ok {
				t.Fatalf("no pref %s:\n%s", k, data)
			}
		}
	})
}
