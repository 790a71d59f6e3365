package thunderbird

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Thunderbird's autoconfig format (config-v1.1.xml), as read by its account
// wizard from autoconfig.<domain>, .well-known, or its isp/ folder.
type clientConfig struct {
	XMLName  xml.Name      `xml:"clientConfig"`
	Version  string        `xml:"version,attr"`
	Provider emailProvider `xml:"emailProvider"`
}

type emailProvider struct {
	ID               string       `xml:"id,attr"`
	Domain           string       `xml:"domain"`
	DisplayName      string       `xml:"displayName"`
	DisplayShortName string       `xml:"displayShortName"`
	Incoming         serverConfig `xml:"incomingServer"`
	Outgoing         serverConfig `xml:"outgoingServer"`
}

type serverConfig struct {
	Type           string `xml:"type,attr"`
	Hostname       string `xml:"hostname"`
	Port           int    `xml:"port"`
	SocketType     string `xml:"socketType"`
	Authentication string `xml:"authentication"`
	Username       string `xml:"username"`
}

// autoconfigSocket maps security to the autoconfig socketType words.
var autoconfigSocket = map[account.Security]string{account.SSL: "SSL", account.STARTTLS: "STARTTLS", account.None: "plain"}

// autoconfigAuth maps authentication to the autoconfig words.
var autoconfigAuth = map[account.Auth]string{account.Password: "password-cleartext", account.NoAuth: "none"}

func autoconfigServer(typ string, s account.Server) serverConfig {
	return serverConfig{
		Type:           typ,
		Hostname:       s.Host,
		Port:           s.Port,
		SocketType:     autoconfigSocket[s.Security],
		Authentication: autoconfigAuth[s.Auth],
		// The user name is always the full address; the placeholder lets
		// one file serve everyone in the domain.
		Username: "%EMAILADDRESS%",
	}
}

// Autoconfig renders config-v1.1.xml for the account's domain.
func Autoconfig(a account.Account) ([]byte, error) {
	c := clientConfig{
		Version: "1.1",
		Provider: emailProvider{
			ID:               a.Domain(),
			Domain:           a.Domain(),
			DisplayName:      a.ProfileName + " Mail",
			DisplayShortName: a.ProfileName,
			Incoming:         autoconfigServer("imap", a.Incoming),
			Outgoing:         autoconfigServer("smtp", a.Outgoing),
		},
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("thunderbird: encoding autoconfig: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
