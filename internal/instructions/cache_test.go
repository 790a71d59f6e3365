package instructions

import (
	"fmt"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// TestProfilePiecesShared: people who differ only in what is theirs
// (address, name, user name, password command, clients) share the pages'
// profile-level pieces: rendering them adds at most one entry to each
// cache. A person's value in pageProfile would add one per person.
func TestProfilePiecesShared(t *testing.T) {
	base := fixture.Example(t, exampleClients...)[1]
	text0, html0 := readmeText.Profiles(), readmeHTML.Profiles()
	for i := range 10 {
		a := base
		a.Email = fmt.Sprintf("user%d@%s", i, "spectrum.net")
		a.Name = fmt.Sprintf("Person %d", i)
		a.Incoming.Username, a.Outgoing.Username = a.Email, a.Email
		a.PasswordCommand = "pass show " + a.Email
		a.Clients = exampleClients[:1+i%len(exampleClients)]
		if _, _, err := Readme(a); err != nil {
			t.Fatal(err)
		}
	}
	if n := readmeText.Profiles() - text0; n > 1 {
		t.Errorf("README.txt's cache grew by %d for people of one profile, want at most 1", n)
	}
	if n := readmeHTML.Profiles() - html0; n > 1 {
		t.Errorf("README.html's cache grew by %d for people of one profile, want at most 1", n)
	}
}
