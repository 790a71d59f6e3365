// Package registry is the ordered list of every mail-client generator. The
// order is the order of clients in kits, instructions and `spectrumgen clients`.
package registry

import (
	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/aerc"
	androidgmail "github.com/spectrumgen/spectrumgen/generators/android-gmail"
	"github.com/spectrumgen/spectrumgen/generators/apple"
	applemanual "github.com/spectrumgen/spectrumgen/generators/apple-manual"
	"github.com/spectrumgen/spectrumgen/generators/evolution"
	k9mail "github.com/spectrumgen/spectrumgen/generators/k9-mail"
	"github.com/spectrumgen/spectrumgen/generators/mbsync"
	"github.com/spectrumgen/spectrumgen/generators/msmtp"
	"github.com/spectrumgen/spectrumgen/generators/mutt"
	newoutlook "github.com/spectrumgen/spectrumgen/generators/new-outlook"
	"github.com/spectrumgen/spectrumgen/generators/outlook"
	outlookmobile "github.com/spectrumgen/spectrumgen/generators/outlook-mobile"
	samsungemail "github.com/spectrumgen/spectrumgen/generators/samsung-email"
	"github.com/spectrumgen/spectrumgen/generators/thunderbird"
	tbandroid "github.com/spectrumgen/spectrumgen/generators/thunderbird-android"
)

// All returns every generator, in order.
func All() []generators.Generator {
	return []generators.Generator{
		thunderbird.Generator{},   // user.js and autoconfig XML
		apple.Generator{},         // .mobileconfig for Apple Mail (iPhone, iPad, Mac)
		mutt.Generator{},          // muttrc for mutt and neomutt
		aerc.Generator{},          // accounts.conf
		outlook.Generator{},       // .prf, Autodiscover XML, .reg and install.cmd for classic Outlook
		msmtp.Generator{},         // msmtprc
		mbsync.Generator{},        // mbsyncrc
		evolution.Generator{},     // account, identity and transport .source files for GNOME Evolution
		tbandroid.Generator{},     // QR code for Thunderbird for Android's Import settings
		k9mail.Generator{},        // .k9s settings file for K-9 Mail (and Thunderbird for Android)
		androidgmail.Generator{},  // steps only: the Gmail app on Android
		samsungemail.Generator{},  // steps only: Samsung Email
		applemanual.Generator{},   // steps only: Apple Mail set up by hand
		newoutlook.Generator{},    // steps only: the new Outlook for Windows
		outlookmobile.Generator{}, // steps only: Outlook for iPhone and Android
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
