package outlook

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// The namespaces and element names Outlook's POX Autodiscover reader
// expects (Exchange's "Autodiscover for Outlook" response schema),
// spelled out here apart from the generator.
const (
	wantRootNS    = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
	wantOutlookNS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
)

// allowedChildren lists, per element, the children Outlook knows.
var allowedChildren = map[string]map[string]bool{
	"Autodiscover": {"Response": true},
	"Response":     {"Account": true},
	"Account":      {"AccountType": true, "Action": true, "Protocol": true},
	"Protocol": {"Type": true, "Server": true, "Port": true, "DomainRequired": true, "LoginName": true,
		"SPA": true, "SSL": true, "Encryption": true, "AuthRequired": true},
}

type readProtocol struct {
	Type, Server, Port, DomainRequired, SPA, SSL, Encryption, AuthRequired string
	LoginName                                                              *string
}

// readAutodiscover checks every element's name and namespace and returns
// the protocols.
func readAutodiscover(t testing.TB, data []byte) []readProtocol {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration with UTF-8")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []xml.Name
	var protos []readProtocol
	var text string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parsing the Autodiscover XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			wantNS := wantOutlookNS
			if len(stack) == 0 {
				if el.Name.Local != "Autodiscover" {
					t.Fatalf("root element %q, want Autodiscover", el.Name.Local)
				}
				wantNS = wantRootNS
			} else if parent := stack[len(stack)-1].Local; !allowedChildren[parent][el.Name.Local] {
				t.Errorf("<%s> inside <%s> is not an element Outlook reads there", el.Name.Local, parent)
			}
			if el.Name.Space != wantNS {
				t.Errorf("<%s> is in namespace %q, want %q", el.Name.Local, el.Name.Space, wantNS)
			}
			if el.Name.Local == "Protocol" {
				protos = append(protos, readProtocol{})
			}
			stack = append(stack, el.Name)
			text = ""
		case xml.CharData:
			text += string(el)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if len(protos) > 0 && len(stack) > 0 && stack[len(stack)-1].Local == "Protocol" {
				p := &protos[len(protos)-1]
				v := text
				switch el.Name.Local {
				case "Type":
					p.Type = v
				case "Server":
					p.Server = v
				case "Port":
					p.Port = v
				case "DomainRequired":
					p.DomainRequired = v
				case "LoginName":
					p.LoginName = &v
				case "SPA":
					p.SPA = v
				case "SSL":
					p.SSL = v
				case "Encryption":
					p.Encryption = v
				case "AuthRequired":
					p.AuthRequired = v
				}
			}
		}
	}
	return protos
}

func checkAutodiscover(t testing.TB, a account.Account, data []byte, perPerson bool) {
	t.Helper()
	protos := readAutodiscover(t, data)
	if len(protos) != 2 || protos[0].Type != "IMAP" || protos[1].Type != "SMTP" {
		t.Fatalf("protocols = %+v, want IMAP then SMTP", protos)
	}
	enc := map[account.Security]string{account.SSL: "SSL", account.STARTTLS: "TLS", account.None: "None"}
	ssl := map[account.Security]string{account.SSL: "on", account.STARTTLS: "on", account.None: "off"}
	auth := map[account.Auth]string{account.Password: "on", account.NoAuth: "off"}
	for i, s := range []account.Server{a.Incoming, a.Outgoing} {
		p := protos[i]
		want := readProtocol{Type: p.Type, Server: s.Host, Port: strconv.Itoa(s.Port), DomainRequired: "off", SPA: "off",
			SSL: ssl[s.Security], Encryption: enc[s.Security], AuthRequired: auth[s.Auth]}
		got := p
		got.LoginName = nil
		if got != want {
			t.Errorf("%s: got %+v, want %+v", p.Type, got, want)
		}
		switch {
		case perPerson && (p.LoginName == nil || *p.LoginName != s.Username):
			t.Errorf("%s: LoginName = %v, want %q", p.Type, p.LoginName, s.Username)
		case !perPerson && p.LoginName != nil:
			t.Errorf("%s: the shared file names a login %q", p.Type, *p.LoginName)
		}
	}
}

func TestAutodiscoverForEveryAccount(t *testing.T) {
	for _, a := range append(fixture.Example(t, "outlook"), fixture.Hostile(t, "outlook")...) {
		for _, per := range []bool{true, false} {
			data, err := Autodiscover(a, per)
			if err != nil {
				t.Fatal(err)
			}
			checkAutodiscover(t, a, data, per)
		}
	}
}
