package tbandroid

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzPayload writes payloads for any name the manifest accepts, and any
// user name and security, and requires the spec's reader to give every
// field back, or a refusal that names the size limit.
func FuzzPayload(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, "alice@spectrum.net", uint8(0))
	}
	f.Add(strings.Repeat(`"\`, 100), "x", uint8(5))
	base := fixture.Example(f, "thunderbird-android")[0]
	f.Fuzz(func(t *testing.T, name, user string, sec uint8) {
		if account.CheckName(name) != "" || account.CheckName(user) != "" {
			t.Skip()
		}
		a := base
		a.Name = name
		a.Incoming.Username = user
		a.Outgoing.Security = account.Securities[int(sec)%len(account.Securities)]
		p, err := Payload(a)
		if err != nil {
			if !strings.Contains(err.Error(), "more than the 800") || len(name)+len(user) < 300 {
				t.Fatalf("name %q, user %q: %v", name, user, err)
			}
			return
		}
		if len(p) > MaxPayload {
			t.Fatalf("payload of %d bytes", len(p))
		}
		checkPayload(t, a, p)
	})
}
