package k9mail

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzSettings writes files for any name and user name the manifest
// accepts and reads each back with the importer's rules.
func FuzzSettings(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, "alice@spectrum.net")
	}
	f.Add("]]></name><password>x</password>", "&amp; &#0;")
	base := fixture.Example(f, "k9-mail")[0]
	f.Fuzz(func(t *testing.T, name, user string) {
		if account.CheckName(name) != "" || account.CheckName(user) != "" {
			t.Skip()
		}
		a := base
		a.Name, a.Incoming.Username, a.Outgoing.Username = name, user, user
		data, err := Settings(a)
		if err != nil {
			t.Fatalf("name %q: %v", name, err)
		}
		checkFile(t, a, data)
	})
}
