package outlook

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// The "plain old XML" (POX) Autodiscover response that classic Outlook
// reads for a POP/IMAP account, here from a local file named under
// HKCU\...\Outlook\AutoDiscover (value <domain>, with PreferLocalXML=1).
// Outlook's own account wizard then fills in the servers when the person
// types the address, and asks only for the password. The root element is
// in the namespace .../autodiscover/responseschema/2006, Response and all
// below it in .../autodiscover/outlook/responseschema/2006a.

type adDocument struct {
	XMLName  xml.Name   `xml:"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006 Autodiscover"`
	Response adResponse `xml:"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a Response"`
}

// Only Autodiscover and Response name their namespaces: every element
// inside Response inherits Response's default namespace, as in Exchange's
// own responses.
type adResponse struct {
	Account adAccount `xml:"Account"`
}

type adAccount struct {
	AccountType string       `xml:"AccountType"`
	Action      string       `xml:"Action"`
	Protocols   []adProtocol `xml:"Protocol"`
}

// adProtocol's fields are in the order Exchange's own responses use.
type adProtocol struct {
	Type           string `xml:"Type"`
	Server         string `xml:"Server"`
	Port           int    `xml:"Port"`
	DomainRequired string `xml:"DomainRequired"`
	LoginName      string `xml:"LoginName,omitempty"`
	SPA            string `xml:"SPA"`
	SSL            string `xml:"SSL"`
	Encryption     string `xml:"Encryption"`
	AuthRequired   string `xml:"AuthRequired"`
}

// adEncryption maps security to Encryption, which overrides SSL: "SSL" is
// implicit TLS, "TLS" is STARTTLS. ("Auto" is never written: it lets
// Outlook fall back to no encryption.)
var adEncryption = map[account.Security]string{account.SSL: "SSL", account.STARTTLS: "TLS", account.None: "None"}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func adServer(typ string, s account.Server, login string) adProtocol {
	return adProtocol{
		Type:           typ,
		Server:         s.Host,
		Port:           s.Port,
		DomainRequired: "off",
		LoginName:      login,
		SPA:            "off",
		SSL:            onOff(s.Security != account.None),
		Encryption:     adEncryption[s.Security],
		AuthRequired:   onOff(s.Auth == account.Password),
	}
}

// Autodiscover renders the account's Autodiscover XML. With perPerson, the
// login names are the account's; without, they are left out so one file
// serves everyone in the domain (Outlook then uses the typed address,
// which is the user name on every Spectrum system).
func Autodiscover(a account.Account, perPerson bool) ([]byte, error) {
	in, out := "", ""
	if perPerson {
		in, out = a.Incoming.Username, a.Outgoing.Username
	}
	doc := adDocument{Response: adResponse{Account: adAccount{
		AccountType: "email",
		Action:      "settings",
		Protocols:   []adProtocol{adServer("IMAP", a.Incoming, in), adServer("SMTP", a.Outgoing, out)},
	}}}
	data, err := encodeAutodiscover(doc)
	if err != nil {
		return nil, fmt.Errorf("outlook: encoding the Autodiscover XML: %w", err)
	}
	return data, nil
}

// encodeAutodiscover writes doc with encoding/xml, which escapes every
// string.
func encodeAutodiscover(doc adDocument) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}
