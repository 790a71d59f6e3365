// Package manifest reads a manifest of accounts (YAML, or CSV exported from a
// directory) and resolves it, with the provider profiles, into the accounts
// the generators receive. It validates everything before returning anything:
// every problem is reported at once with file:line:column and a fix.
package manifest

import (
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// Manifest is a validated, resolved manifest.
type Manifest struct {
	Organization string
	Kit          Kit
	Accounts     []account.Account
	// Warnings are problems that do not stop generation (a plain-text
	// server, say); the caller shows them on stderr.
	Warnings []string
	// LeftOut are the clients of people that cannot be written (a name
	// Outlook's Windows-1252 cannot hold, say), dropped from their
	// accounts unless Options.Strict; the caller names them.
	LeftOut []LeftOut
}

// Kit holds the options of the kit writer set in the manifest's defaults.
type Kit struct {
	Zip       bool
	SignCert  string // PEM certificate for signing Apple profiles
	SignKey   string // PEM private key
	SignChain string // PEM intermediates, optional
}

// Options are the inputs that come from outside the manifest file.
type Options struct {
	// Profiles are the provider profiles, built in and from --profiles.
	Profiles *profile.Set
	// Clients are the known generator names, in registry order.
	Clients []string
	// Profile is --profile: for a manifest, the profile of accounts whose
	// domain no profile lists and for which neither the account nor
	// defaults.profile names one; for one account from --email, that
	// account's own profile. Empty when not given: there is no implicit
	// default for a domain no profile lists.
	Profile string
	// ClientsOverride, when set, replaces every account's clients (--client).
	ClientsOverride []string
	// Check, when set, returns why a resolved account cannot be generated
	// for one of its clients (generators.Checker); the error is reported at
	// the account's place.
	Check func(a account.Account) error
	// Strict makes a client that cannot be written for one person an
	// error for the whole manifest; otherwise, when Check's error is made
	// of ClientErrors, those clients are left out (Manifest.LeftOut).
	Strict bool
}

// settings are the keys an account may set and defaults may set for all.
type settings struct {
	Profile               *string
	Clients               []string
	PasswordCommand       *string
	IMAP, SMTP            profile.ServerOverride
	AppleIdentifierPrefix *string
	OutlookFolder         *string
	OfficeVersion         *string
}

// Keys that both defaults and accounts accept, in schema order.
var settingKeys = []string{"profile", "clients", "password_command", "imap", "smtp",
	"apple_identifier_prefix", "outlook_folder", "office_version"}

// Keys only defaults accept: options of the kit as a whole.
var kitKeys = []string{"zip", "sign_cert", "sign_key", "sign_chain"}

// Keys only accounts accept.
var accountKeys = []string{"email", "name"}

// Defaults of the client-specific options.
const (
	DefaultOutlookFolder = `C:\SpectrumMail`
	DefaultOfficeVersion = "16.0"
)

// OfficeVersions are the Outlook registry versions supported.
var OfficeVersions = account.OfficeVersions
