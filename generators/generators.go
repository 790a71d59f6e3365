// Package generators defines what a mail-client generator is: a pure function
// from a resolved account to files. Each client lives in its own package below
// this one; the ordered list of all of them is in package registry.
package generators

import (
	"html/template"
	"io/fs"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator turns one resolved account into the files of one mail client.
//
// Generate must be pure: no I/O, no clock, no randomness, so the same account
// always gives the same bytes.
type Generator interface {
	// Name is the client's name as written in manifests ("thunderbird").
	Name() string
	// Describe is a one-line description for `spectrumgen clients`.
	Describe() string
	// Generate returns the client's files for one account.
	Generate(a account.Account) ([]File, error)
}

// Checker is implemented by a generator that cannot write some accounts
// the manifest accepts (Outlook's profile file holds only Windows-1252
// text, say). Validation calls Check for every account that has the client,
// so the problem is reported with its place in the manifest before anything
// is written.
type Checker interface {
	// Check returns why the client cannot be generated for a, or nil.
	Check(a account.Account) error
}

// Sharer is implemented by a generator whose client also reads files that
// serve a whole mail domain rather than one person: Thunderbird's autoconfig
// XML, Outlook's Autodiscover XML. They go to the output's server/ folder,
// for the IT staff to publish.
type Sharer interface {
	// Shared returns the domain's files, with paths relative to server/
	// (e.g. "autoconfig/spectrum.net/mail/config-v1.1.xml"). They may
	// depend on the account's domain, servers, provider name and
	// organization only, so the kit writer calls Shared once per group of
	// accounts that agree on those, not once per person.
	Shared(a account.Account) ([]File, error)
}

// File is one generated file.
type File struct {
	// Path is slash-separated and relative to the person's kit folder
	// (e.g. "thunderbird/user.js"), or to server/ for a Sharer's files.
	Path string
	// Mode is the file's permission bits; 0 means 0644.
	Mode fs.FileMode
	Data []byte
	// Secret marks a file that holds or can produce a secret; the kit
	// writer forces mode 0600 and says so.
	Secret bool
}

// Perm returns the file's mode, defaulting to 0644 (0600 for secrets).
func (f File) Perm() fs.FileMode {
	switch {
	case f.Secret:
		return 0o600
	case f.Mode == 0:
		return 0o644
	}
	return f.Mode
}

// Guide is implemented by a client whose kit section has steps for the
// person: a heading and numbered steps made from the person's values, as
// README.txt text and as README.html markup. A client without it gets the
// general section that points at the settings table.
type Guide interface {
	// Title is the section's heading ("Thunderbird").
	Title() string
	// Steps returns the section's steps for a.
	Steps(a account.Account) (Steps, error)
}

// Steps is one client's section of a person's README pages.
type Steps struct {
	// Text is the README.txt block: plain text, lines of at most 74
	// columns, no trailing newline.
	Text string
	// HTML is the README.html block, every value escaped by html/template.
	HTML template.HTML
}
