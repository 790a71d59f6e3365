package thunderbird

import (
	"encoding/xml"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

func TestGoldenExample(t *testing.T) {
	for _, a := range fixture.Example(t, "thunderbird") {
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatal(err)
		}
		shared, err := Generator{}.Shared(a)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 1 || len(shared) != 1 {
			t.Fatalf("%s: %d files and %d shared, want one of each", a.Email, len(files), len(shared))
		}
		golden.Assert(t, "testdata/"+a.Email+"-user.js", files[0].Data)
		golden.Assert(t, "testdata/"+a.Domain()+"-config-v1.1.xml", shared[0].Data)
	}
}

// TestPrefsReadBack checks, for every hostile account, that the prefs a
// parser reads from user.js are exactly the ones intended, with the types
// Thunderbird needs (ints as ints: a quoted port is silently ignored).
func TestPrefsReadBack(t *testing.T) {
	for _, a := range fixture.Hostile(t, "thunderbird") {
		data, err := UserJS(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parsePrefs(data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", a.Email, err, data)
		}
		checkPrefs(t, a, got)
	}
}

func checkPrefs(t *testing.T, a account.Account, got map[string]any) {
	t.Helper()
	want := map[string]any{
		"mail.accountmanager.accounts":           "account901",
		"mail.account.account901.server":         "server901",
		"mail.server.server901.type":             "imap",
		"mail.server.server901.hostname":         a.Incoming.Host,
		"mail.server.server901.port":             a.Incoming.Port,
		"mail.server.server901.socketType":       socketType[a.Incoming.Security],
		"mail.server.server901.userName":         a.Email,
		"mail.identity.id901.fullName":           a.Name,
		"mail.identity.id901.useremail":          a.Email,
		"mail.smtpserver.smtp901.hostname":       a.Outgoing.Host,
		"mail.smtpserver.smtp901.port":           a.Outgoing.Port,
		"mail.smtpserver.smtp901.try_ssl":        socketType[a.Outgoing.Security],
		"mail.smtpserver.smtp901.username":       a.Email,
		"mail.smtpserver.smtp901.authMethod":     3,
		"mail.account.lastKey":                   lastKey,
		"mail.identity.id901.smtpServer":         "smtp901",
		"mail.server.server901.authMethod":       3,
		"mail.server.server901.login_at_startup": true,
		"mail.accountmanager.defaultaccount":     "account901",
		"mail.smtp.defaultserver":                "smtp901",
		"mail.smtpservers":                       "smtp901",
		"mail.account.account901.identities":     "id901",
		"mail.identity.id901.valid":              true,
		"mail.server.server901.check_new_mail":   true,
		"mail.smtpserver.smtp901.description":    a.ProfileName + " (" + a.Email + ")",
		"mail.identity.id901.fcc_folder":         "imap://" + escapedUser(a.Email) + "@" + a.Incoming.Host + "/Sent",
		"mail.identity.id901.draft_folder":       "imap://" + escapedUser(a.Email) + "@" + a.Incoming.Host + "/Drafts",
		"mail.identity.id901.stationery_folder":  "imap://" + escapedUser(a.Email) + "@" + a.Incoming.Host + "/Templates",
		"mail.server.server901.name":             a.Email,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: pref %s = %#v (%T), want %#v (%T)", a.Email, k, got[k], got[k], w, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d prefs, want %d", a.Email, len(got), len(want))
	}
}

func escapedUser(email string) string {
	out := ""
	for _, r := range email {
		if r == '@' {
			out += "%40"
		} else {
			out += string(r)
		}
	}
	return out
}

func TestSocketTypes(t *testing.T) {
	tests := []struct {
		sec  account.Security
		code int
		word string
	}{{account.SSL, 3, "SSL"}, {account.STARTTLS, 2, "STARTTLS"}, {account.None, 0, "plain"}}
	for _, tt := range tests {
		a := fixture.Hostile(t)[0]
		a.Incoming.Security, a.Outgoing.Security = tt.sec, tt.sec
		data, err := UserJS(a)
		if err != nil {
			t.Fatal(err)
		}
		p, err := parsePrefs(data)
		if err != nil {
			t.Fatal(err)
		}
		if p["mail.server.server901.socketType"] != tt.code || p["mail.smtpserver.smtp901.try_ssl"] != tt.code {
			t.Errorf("%s: socketType %v try_ssl %v, want %d", tt.sec, p["mail.server.server901.socketType"], p["mail.smtpserver.smtp901.try_ssl"], tt.code)
		}
		x, err := Autoconfig(a)
		if err != nil {
			t.Fatal(err)
		}
		var c clientConfig
		if err := xml.Unmarshal(x, &c); err != nil {
			t.Fatal(err)
		}
		if c.Provider.Incoming.SocketType != tt.word || c.Provider.Outgoing.SocketType != tt.word {
			t.Errorf("%s: autoconfig socketType %q/%q, want %q", tt.sec, c.Provider.Incoming.SocketType, c.Provider.Outgoing.SocketType, tt.word)
		}
	}
}

func TestAutoconfigReadBack(t *testing.T) {
	for _, a := range fixture.Hostile(t) {
		data, err := Autoconfig(a)
		if err != nil {
			t.Fatal(err)
		}
		var c clientConfig
		if err := xml.Unmarshal(data, &c); err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		p := c.Provider
		if c.Version != "1.1" || p.Domain != a.Domain() || p.Incoming.Type != "imap" || p.Outgoing.Type != "smtp" ||
			p.Incoming.Hostname != a.Incoming.Host || p.Incoming.Port != a.Incoming.Port ||
			p.Outgoing.Hostname != a.Outgoing.Host || p.Outgoing.Port != a.Outgoing.Port ||
			p.Incoming.Username != "%EMAILADDRESS%" || p.Incoming.Authentication != "password-cleartext" {
			t.Errorf("%s: autoconfig read back as %+v", a.Email, c)
		}
	}
}
