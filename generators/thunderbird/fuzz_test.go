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
