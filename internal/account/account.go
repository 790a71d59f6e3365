// Package account holds the resolved account: the one value every generator
// receives. Every default (ports, security, user name) is already applied, so
// generators never fill in anything of their own and never see the manifest
// or the provider profiles.
package account

import (
	"fmt"
	"strings"
)

// Security is how a connection is protected. It is never a boolean: port and
// security are independent (Spectrum's SMTP speaks implicit TLS on 587).
type Security string

const (
	// SSL is implicit TLS: the connection is encrypted from the first byte.
	SSL Security = "ssl"
	// STARTTLS starts in plain text and upgrades before login.
	STARTTLS Security = "starttls"
	// None sends everything, the password included, in plain text.
	None Security = "none"
)

// Securities lists every valid security value, in the order shown to people.
var Securities = []Security{SSL, STARTTLS, None}

// Describe is the phrase shown to people in instructions and tables.
func (s Security) Describe() string {
	switch s {
	case SSL:
		return "SSL/TLS"
	case STARTTLS:
		return "STARTTLS"
	case None:
		return "None (unencrypted)"
	}
	return string(s)
}

// Auth is how a client proves who it is to a server.
type Auth string

const (
	// Password is a normal password, sent inside the TLS connection.
	Password Auth = "password"
	// NoAuth means the server asks for no login.
	NoAuth Auth = "none"
)

// Auths lists every valid authentication value.
var Auths = []Auth{Password, NoAuth}

// Describe is the phrase shown to people in instructions and tables.
func (a Auth) Describe() string {
	switch a {
	case Password:
		return "Normal password"
	case NoAuth:
		return "No authentication"
	}
	return string(a)
}

// Server is one incoming (IMAP) or outgoing (SMTP submission) server.
type Server struct {
	Host     string
	Port     int
	Security Security
	Auth     Auth
	// Username is the login name; for Spectrum always the full address.
	Username string
}

// Address returns host:port.
func (s Server) Address() string { return fmt.Sprintf("%s:%d", s.Host, s.Port) }

// Account is one person's mail account with everything resolved.
type Account struct {
	// Email is the address, lower case, validated to a conservative
	// character set so it is safe as a directory name and inside URLs.
	Email string
	// Name is the display name; it may be empty and may hold any
	// printable Unicode (quotes, #, ;, $, backslashes, commas...).
	Name string
	// Organization is the manifest's organization; it may be empty.
	Organization string
	// Profile is the provider profile's key (e.g. "spectrum") and
	// ProfileName its display name (e.g. "Spectrum").
	Profile     string
	ProfileName string
	Incoming    Server
	Outgoing    Server
	// PasswordCommand is the shell command that prints the password, with
	// {email} already expanded; empty means the client asks the person.
	PasswordCommand string
	// Clients are the generator names this person's kit holds, in the
	// order of the generator registry.
	Clients []string
	// Options carries per-client settings that are not server facts.
	Options Options
}

// Options are client-specific settings resolved from the manifest.
type Options struct {
	// AppleIdentifierPrefix is the reverse-DNS prefix of Apple profile
	// identifiers, e.g. "com.example-dental.mail".
	AppleIdentifierPrefix string
	// OutlookFolder is the Windows folder the kit's Outlook files are
	// unpacked to, e.g. `C:\SpectrumMail`.
	OutlookFolder string
	// OfficeVersion is the registry version key: "16.0" (2016 and later)
	// or "15.0" (2013).
	OfficeVersion string
}

// LocalPart returns the part of the address before the @.
func (a Account) LocalPart() string {
	local, _, _ := strings.Cut(a.Email, "@")
	return local
}

// Domain returns the part of the address after the @.
func (a Account) Domain() string { return DomainOf(a.Email) }

// DomainOf returns the part of an address after the @.
func DomainOf(email string) string {
	_, domain, _ := strings.Cut(email, "@")
	return domain
}

// DisplayName returns the name, or the address when there is no name.
func (a Account) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Email
}
