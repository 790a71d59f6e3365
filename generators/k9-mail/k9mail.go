// Package k9mail generates a settings file (.k9s) that K-9 Mail and
// Thunderbird for Android read with Settings, Import settings: the
// format the apps export (thunderbird-android, legacy/core:
// SettingsExporter.kt, SettingsFileParser.kt, SettingsImporter.kt). The
// file holds one IMAP account with its SMTP server and identity, and no
// password: the app asks for it after the import.
package k9mail

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the k9-mail client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "k9-mail" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "K-9 Mail and Thunderbird for Android: a .k9s settings file for Import settings"
}

// FilePath is where the settings file lives in the kit.
func FilePath(a account.Account) string { return "k9-mail/" + a.Email + ".k9s" }

// The file's versions. Format 1 is the only one the parser reads. The
// content version says which settings and values the file uses; the app
// upgrades older content on import. 99 is what the app's own QR code
// import writes (XmlSettingWriter.kt) and it knows every value used here:
// NONE as an authentication type needs 95 or later.
const (
	FileFormat     = 1
	ContentVersion = 99
)

// namespace is the UUIDv5 namespace of account UUIDs: fixed forever, so an
// address always gets the same UUID.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/spectrumgen/spectrumgen/generators/k9mail"))

// AccountUUID returns the account's UUID in the file: UUIDv5 of the
// address, so the same account always gives the same file.
func AccountUUID(a account.Account) string {
	return uuid.NewSHA1(namespace, []byte(a.Email)).String()
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	if err := generators.OneLine("k9-mail", a); err != nil {
		return nil, err // validation refuses it first; a direct caller still cannot add a line
	}
	data, err := Settings(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: FilePath(a), Data: data}}, nil
}

// Check implements generators.Checker.
func (Generator) Check(a account.Account) error {
	if err := generators.OneLine("k9-mail", a); err != nil {
		return err
	}
	_, err := build(a)
	return err
}

// The file's elements, in the order the app writes them.
type (
	settingsFile struct {
		XMLName  xml.Name       `xml:"k9settings"`
		Version  int            `xml:"version,attr"`
		Format   int            `xml:"format,attr"`
		Accounts []accountEntry `xml:"accounts>account"`
	}
	accountEntry struct {
		UUID       string     `xml:"uuid,attr"`
		Name       string     `xml:"name"`
		Settings   []value    `xml:"settings>value"`
		Incoming   server     `xml:"incoming-server"`
		Outgoing   server     `xml:"outgoing-server"`
		Identities []identity `xml:"identities>identity"`
	}
	value struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	server struct {
		Type           string `xml:"type,attr"`
		Host           string `xml:"host"`
		Port           int    `xml:"port"`
		Security       string `xml:"connection-security"`
		Authentication string `xml:"authentication-type"`
		Username       string `xml:"username"`
	}
	identity struct {
		Name  string `xml:"name"`
		Email string `xml:"email"`
	}
)

// connectionSecurity maps the profile's security, never the port:
// Spectrum's SMTP on 587 is implicit TLS, SSL_TLS_REQUIRED.
func connectionSecurity(s account.Security) (string, error) {
	switch s {
	case account.SSL:
		return "SSL_TLS_REQUIRED", nil
	case account.STARTTLS:
		return "STARTTLS_REQUIRED", nil
	case account.None:
		return "NONE", nil
	}
	return "", fmt.Errorf("unknown security %q", s)
}

// authenticationType: PLAIN is the app's "normal password" (sent inside
// TLS); NONE means no login.
func authenticationType(a account.Auth) (string, error) {
	switch a {
	case account.Password:
		return "PLAIN", nil
	case account.NoAuth:
		return "NONE", nil
	}
	return "", fmt.Errorf("unknown authentication %q", a)
}

func serverOf(kind string, s account.Server) (server, error) {
	sec, err := connectionSecurity(s.Security)
	if err != nil {
		return server{}, err
	}
	auth, err := authenticationType(s.Auth)
	if err != nil {
		return server{}, err
	}
	if s.Port < 1 || s.Port > 65535 {
		return server{}, fmt.Errorf("port %d is outside 1-65535", s.Port)
	}
	return server{Type: kind, Host: s.Host, Port: s.Port, Security: sec, Authentication: auth, Username: s.Username}, nil
}

func build(a account.Account) (settingsFile, error) {
	in, err := serverOf("IMAP", a.Incoming)
	if err != nil {
		return settingsFile{}, fmt.Errorf("k9-mail: %s: incoming server: %w", a.Email, err)
	}
	out, err := serverOf("SMTP", a.Outgoing)
	if err != nil {
		return settingsFile{}, fmt.Errorf("k9-mail: %s: outgoing server: %w", a.Email, err)
	}
	for _, s := range []string{a.Name, a.Email, a.Incoming.Username, a.Outgoing.Username} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0xfffe || r == 0xffff }) {
			return settingsFile{}, fmt.Errorf("k9-mail: %s: %q holds a control character, which an XML file cannot carry", a.Email, s)
		}
	}
	return settingsFile{
		Version: ContentVersion,
		Format:  FileFormat,
		Accounts: []accountEntry{{
			UUID: AccountUUID(a),
			Name: a.Email,
			// Deleting a message deletes it on the server, as the app
			// sets up IMAP accounts itself (DeletePolicyProvider).
			Settings:   []value{{Key: "deletePolicy", Value: "DELETE"}},
			Incoming:   in,
			Outgoing:   out,
			Identities: []identity{{Name: a.Name, Email: a.Email}},
		}},
	}, nil
}

// Settings returns a's settings file.
func Settings(a account.Account) ([]byte, error) {
	f, err := build(a)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("k9-mail: %s: %w", a.Email, err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
