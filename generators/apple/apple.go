// Package apple generates an Apple configuration profile (.mobileconfig) that
// sets up a person's mail account in Apple Mail on iPhone, iPad and Mac.
//
// The profile is built with the howett.net/plist encoder, never with text
// templates, so no display name can break it. It holds no password: the
// device asks for it when the profile is installed. Its identifier and UUIDs
// are derived from the address (see identity.go), so installing a newer
// profile for the same person replaces the old one instead of adding a
// second account.
package apple

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"howett.net/plist"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the apple client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "apple" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "Apple Mail on iPhone, iPad and Mac: a .mobileconfig profile (optionally signed)"
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	data, err := Profile(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: FilePath(a), Data: data}}, nil
}

// FilePath is where a person's profile lives in their kit.
func FilePath(a account.Account) string { return "apple/" + a.Email + ".mobileconfig" }

// Extension is the file name ending of profiles; the signing step looks
// for it.
const Extension = ".mobileconfig"

// Profile returns the XML property list of a's configuration profile.
func Profile(a account.Account) ([]byte, error) {
	p, err := build(a)
	if err != nil {
		return nil, err
	}
	out, err := encode(p)
	if err != nil {
		return nil, fmt.Errorf("apple: encoding the profile of %s: %w", a.Email, err)
	}
	return out, nil
}

// encode writes a profile's dictionaries as an XML property list.
func encode(p configuration) ([]byte, error) {
	var buf bytes.Buffer
	enc := plist.NewEncoderForFormat(&buf, plist.XMLFormat)
	enc.Indent("\t")
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// build fills the profile's dictionaries from the account.
func build(a account.Account) (configuration, error) {
	for _, f := range []struct{ what, s string }{{"name", a.Name}, {"organization", a.Organization}} {
		if why := xmlText(f.s); why != "" {
			return configuration{}, fmt.Errorf("apple: the %s of %s %s, which a profile cannot hold", f.what, a.Email, why)
		}
	}
	id, err := Identifier(a)
	if err != nil {
		return configuration{}, err
	}
	mailID := id + ".account"
	inAuth, err := authentication(a.Incoming.Auth)
	if err != nil {
		return configuration{}, err
	}
	outAuth, err := authentication(a.Outgoing.Auth)
	if err != nil {
		return configuration{}, err
	}
	inSSL, err := useSSL(a.Incoming.Security)
	if err != nil {
		return configuration{}, err
	}
	outSSL, err := useSSL(a.Outgoing.Security)
	if err != nil {
		return configuration{}, err
	}
	mail := mailPayload{
		EmailAccountType:        "EmailTypeIMAP",
		EmailAddress:            a.Email,
		EmailAccountName:        a.Name,
		EmailAccountDescription: accountDescription(a),

		IncomingMailServerHostName:       a.Incoming.Host,
		IncomingMailServerPortNumber:     a.Incoming.Port,
		IncomingMailServerUseSSL:         &inSSL,
		IncomingMailServerAuthentication: inAuth,
		IncomingMailServerUsername:       a.Incoming.Username,

		OutgoingMailServerHostName:       a.Outgoing.Host,
		OutgoingMailServerPortNumber:     a.Outgoing.Port,
		OutgoingMailServerUseSSL:         &outSSL,
		OutgoingMailServerAuthentication: outAuth,
		OutgoingMailServerUsername:       a.Outgoing.Username,
		// One password prompt at install for both servers; only
		// meaningful when both log in with a password.
		OutgoingPasswordSameAsIncomingPassword: a.Incoming.Auth == account.Password && a.Outgoing.Auth == account.Password,

		PayloadType:        MailPayloadType,
		PayloadVersion:     1,
		PayloadIdentifier:  mailID,
		PayloadUUID:        UUID(mailID),
		PayloadDisplayName: "Mail account " + a.Email,
		PayloadDescription: "Sets up the IMAP account " + a.Email + " in Apple Mail.",
	}
	return configuration{
		PayloadContent:      []mailPayload{mail},
		PayloadDisplayName:  "Spectrum Mail – " + a.Email,
		PayloadDescription:  description(a),
		PayloadOrganization: a.Organization,
		PayloadIdentifier:   id,
		PayloadUUID:         UUID(id),
		PayloadType:         "Configuration",
		PayloadVersion:      1,
		PayloadScope:        "User",
	}, nil
}

// xmlText returns why s cannot be written in XML 1.0 unchanged, or "". The
// encoder would silently replace such characters with U+FFFD; a changed
// name is worse than a clear error.
func xmlText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return fmt.Sprintf("contains the character %U", r)
		}
	}
	return ""
}
