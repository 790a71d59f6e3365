// Package registry is the ordered list of every mail-client generator. The
// order is the order of clients in kits, instructions and `spectrumgen clients`.
package registry

import (
	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/aerc"
	"github.com/spectrumgen/spectrumgen/generators/apple"
	"github.com/spectrumgen/spectrumgen/generators/mbsync"
	"github.com/spectrumgen/spectrumgen/generators/msmtp"
	"github.com/spectrumgen/spectrumgen/generators/mutt"
	"github.com/spectrumgen/spectrumgen/generators/outlook"
	"github.com/spectrumgen/spectrumgen/generators/thunderbird"
)

// All returns every generator, in order.
func All() []generators.Generator {
	return []generators.Generator{
		thunderbird.Generator{}, // user.js and autoconfig XML
		apple.Generator{},       // .mobileconfig for Apple Mail (iPhone, iPad, Mac)
		mutt.Generator{},        // muttrc for mutt and neomutt
		aerc.Generator{},        // accounts.conf
		outlook.Generator{},     // .prf, Autodiscover XML, .reg and install.cmd for classic Outlook
		msmtp.Generator{},       // msmtprc
		mbsync.Generator{},      // mbsyncrc
	}
}

// Names returns the names of All, in order.
func Names() []string {
	all := All()
	names := make([]string, len(all))
	for i, g := range all {
		names[i] = g.Name()
	}
	return names
}

// Get returns the generator called name.
func Get(name string) (generators.Generator, bool) {
	for _, g := range All() {
		if g.Name() == name {
			return g, true
		}
	}
	return nil, false
}
