// Package thunderbird generates Thunderbird's user.js, which creates the IMAP
// account, its identity and its SMTP server at Thunderbird's next start, and
// the domain's autoconfig file (config-v1.1.xml) that pre-fills the wizard.
package thunderbird

import (
	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the thunderbird client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "thunderbird" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "Thunderbird: user.js for the profile folder, and the domain's autoconfig XML"
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	userJS, err := UserJS(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: "thunderbird/user.js", Data: userJS}}, nil
}

// Shared implements generators.Sharer: the domain's autoconfig file, which
// Thunderbird's account wizard fetches when the mail domain publishes it.
func (Generator) Shared(a account.Account) ([]generators.File, error) {
	autoconfig, err := Autoconfig(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: "autoconfig/" + a.Domain() + "/mail/config-v1.1.xml", Data: autoconfig}}, nil
}
