package manifest

import (
	"os"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

var testClients = []string{"thunderbird", "apple", "mutt"}

func opts(t *testing.T) Options {
	t.Helper()
	p, err := profile.Load()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Profiles: p, Clients: testClients}
}

func TestManyErrorsAllReported(t *testing.T) {
	data, err := os.ReadFile("testdata/many-errors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("many-errors.yaml", data, opts(t))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`many-errors.yaml:1:10: version: unsupported version 2; this spectrumgen reads version 1; is there a newer spectrumgen?`,
		`many-errors.yaml:2:1: organizaton: unknown key "organizaton" (did you mean "organization"?); remove it; known keys: version, organization, defaults, accounts`,
		`many-errors.yaml:4:12: defaults.profile: unknown profile "spectrm" (did you mean "spectrum"?); known profiles: spectrum, brighthouse, charter, twc (or add one with --profiles)`,
		`many-errors.yaml:5:13: defaults.clients[0]: unknown client "thunderbrd" (did you mean "thunderbird"?); ` + "`spectrumgen clients`" + ` lists the clients (or write all)`,
		`many-errors.yaml:6:21: defaults.password_command: unknown placeholder {mail}; write one command line using {email}, {local} or {domain}`,
		`many-errors.yaml:10:12: accounts[1].email: alice@spectrum.net is listed twice (first at line 8); keep one entry per person`,
		`many-errors.yaml:12:12: accounts[2].email: "bob": the address has no @; write the full address, e.g. alice@spectrum.net`,
		`many-errors.yaml:13:5: accounts[3].email: missing; add ` + "`email: name@spectrum.net`",
		`many-errors.yaml:15:18: accounts[4].imap.port: port 99999 is out of range; use a port from 1 to 65535 (IMAP: 993, SMTP: 587 or 465)`,
		`many-errors.yaml:15:35: accounts[4].imap.security: unknown security "tls"; use ssl (implicit TLS), starttls or none`,
		`many-errors.yaml:16:18: accounts[4].smtp.host: the host name has an empty part (two dots, or a dot at an end)`,
		`many-errors.yaml:17:21: accounts[4].outlook_folder: the folder may not contain . or .. parts; write an absolute Windows folder such as C:\SpectrumMail`,
		`many-errors.yaml:19:11: accounts[5].name: expected text, found the number 42; put the value in quotes`,
		`many-errors.yaml:20:14: accounts[5].clients: expected a list, found the text "thunderbird"; write a list, e.g. [a, b] or one ` + "`- item`" + ` per line`,
		`14 errors`,
	}
	got := strings.Split(err.Error(), "\n")
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\n got: %s\nwant: %s", i+1, g, w)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", "m.yaml: file is empty"},
		{"not yaml", "version: 1\naccounts: [\n", "m.yaml:2: not valid YAML: did not find expected node content"},
		{"not a mapping", "- a\n- b\n", "m.yaml:1:1: expected a mapping of keys"},
		{"no accounts", "version: 1\n", "m.yaml:1:1: accounts: missing"},
		{"empty accounts", "version: 1\naccounts: []\n", "m.yaml:2:11: accounts: the list is empty"},
		{"duplicate key", "version: 1\nversion: 1\naccounts: [{email: a@spectrum.net}]\n", `m.yaml:2:1: version: key "version" appears twice`},
		{"alias", "version: 1\ndefaults: &d {profile: spectrum}\naccounts: [{email: a@spectrum.net}]\n", "m.yaml:2:11: YAML anchors and aliases (&, *) are not supported"},
		{"two documents", "version: 1\naccounts: [{email: a@spectrum.net}]\n---\nversion: 1\n", "a second YAML document starts here"},
		{"binary", "version: 1\n\x00\x01\x02", "m.yaml:2: file is not UTF-8 text"},
		{"utf16", "\xff\xfev\x00", "m.yaml:1:1: file is UTF-16 text"},
		{"control char in name", "version: 1\naccounts: [{email: a@spectrum.net, name: \"a\\nb\"}]\n", "accounts[0].name: the name contains the control character U+000A"},
		{"path trick", "version: 1\naccounts: [{email: ../../etc@spectrum.net}]\n", `the character '/' is not accepted before the @`},
		{"NUL escape", "version: 1\naccounts: [{email: \"a\\0b@spectrum.net\"}]\n", `the character '\x00' is not accepted`},
		{"unknown account key", "version: 1\naccounts: [{email: a@spectrum.net, nmae: A}]\n", `unknown key "nmae" (did you mean "name"?)`},
		{"kit key per account", "version: 1\naccounts: [{email: a@spectrum.net, zip: true}]\n", `accounts[0].zip: unknown key "zip"`},
		{"bad version type", "version: one\naccounts: [{email: a@spectrum.net}]\n", `version: expected a whole number, found the text "one"`},
		{"empty clients", "version: 1\naccounts: [{email: a@spectrum.net, clients: []}]\n", `accounts[0].clients: the list is empty`},
		{"bad zip", "version: 1\ndefaults: {zip: yes please}\naccounts: [{email: a@spectrum.net}]\n", `defaults.zip: expected true or false`},
		{"bad office", "version: 1\naccounts: [{email: a@spectrum.net, office_version: \"14.0\"}]\n", `unknown Office version "14.0"`},
		// The Outlook options are checked here only (outlook.Generate trusts them).
		{"office path trick", "version: 1\naccounts: [{email: a@spectrum.net, office_version: '16.0\\..\\x'}]\n", `unknown Office version "16.0\\..\\x"`},
		{"empty office", "version: 1\naccounts: [{email: a@spectrum.net, office_version: ''}]\n", `unknown Office version ""`},
		{"folder percent", "version: 1\naccounts: [{email: a@spectrum.net, outlook_folder: 'C:\\100%'}]\n", `accounts[0].outlook_folder: the character '%' is not allowed`},
		{"folder relative", "version: 1\naccounts: [{email: a@spectrum.net, outlook_folder: relative}]\n", `accounts[0].outlook_folder: "relative" is not an absolute Windows folder`},
		{"folder trailing backslash", "version: 1\naccounts: [{email: a@spectrum.net, outlook_folder: 'C:\\a\\'}]\n", `accounts[0].outlook_folder: `},
		{"bad prefix", "version: 1\naccounts: [{email: a@spectrum.net, apple_identifier_prefix: \"com/x\"}]\n", `not a reverse-DNS name`},
		{"bad auth", "version: 1\naccounts: [{email: a@spectrum.net, smtp: {auth: oauth}}]\n", `unknown authentication "oauth"`},
		{"bomb-ish", "version: 1\na: &a [x,x,x]\nb: &b [*a,*a,*a]\naccounts: [{email: a@spectrum.net}]\n", "YAML anchors and aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(tt.input), opts(t))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestBOMAccepted(t *testing.T) {
	m, err := Parse("m.yaml", []byte("\xef\xbb\xbfversion: 1\naccounts: [{email: a@spectrum.net}]\n"), opts(t))
	if err != nil || len(m.Accounts) != 1 {
		t.Fatalf("BOM-prefixed manifest: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	data := make([]byte, 64<<20+1)
	_, err := Parse("big.yaml", data, opts(t))
	if err == nil || !strings.Contains(err.Error(), "larger than the 64 MB limit") {
		t.Fatalf("got %v", err)
	}
}

func TestResolve(t *testing.T) {
	input := `version: 1
organization: Example Dental
defaults:
  clients: [thunderbird, mutt]
  password_command: "pass show spectrum/{email} # {local} at {domain}"
  smtp: {port: 465}
accounts:
  - email: Alice@Spectrum.NET
    name: "  Alice  "
  - email: bob@charter.net
    profile: charter
    clients: [all]
    smtp: {security: starttls}
    imap: {host: imap.example.org, port: 143, security: starttls}
    outlook_folder: 'D:\Mail Kits'
    office_version: "15.0"
`
	m, err := Parse("m.yaml", []byte(input), opts(t))
	if err != nil {
		t.Fatal(err)
	}
	alice, bob := m.Accounts[0], m.Accounts[1]
	wantAlice := account.Account{
		Email: "alice@spectrum.net", Name: "Alice", Organization: "Example Dental",
		Profile: "spectrum", ProfileName: "Spectrum",
		Incoming:        account.Server{Host: "imap.spectrum.com", Port: 993, Security: account.SSL, Auth: account.Password, Username: "alice@spectrum.net"},
		Outgoing:        account.Server{Host: "smtp.spectrum.com", Port: 465, Security: account.SSL, Auth: account.Password, Username: "alice@spectrum.net"},
		PasswordCommand: "pass show spectrum/alice@spectrum.net # alice at spectrum.net",
		Clients:         []string{"thunderbird", "mutt"},
		Options:         account.Options{AppleIdentifierPrefix: "net.spectrumgen.example-dental", OutlookFolder: `C:\SpectrumMail`, OfficeVersion: "16.0"},
	}
	if !equal(alice, wantAlice) {
		t.Errorf("alice:\n got %+v\nwant %+v", alice, wantAlice)
	}
	if bob.Profile != "charter" || bob.Incoming.Host != "imap.example.org" || bob.Incoming.Port != 143 ||
		bob.Incoming.Security != account.STARTTLS || bob.Outgoing.Host != "mobile.charter.net" ||
		bob.Outgoing.Port != 465 || bob.Outgoing.Security != account.STARTTLS ||
		strings.Join(bob.Clients, ",") != "thunderbird,apple,mutt" ||
		bob.Options.OutlookFolder != `D:\Mail Kits` || bob.Options.OfficeVersion != "15.0" {
		t.Errorf("bob: %+v", bob)
	}
}

func TestClientsOverrideAndOrder(t *testing.T) {
	o := opts(t)
	o.ClientsOverride = []string{"mutt", "thunderbird", "mutt"}
	m, err := Parse("m.yaml", []byte("version: 1\naccounts: [{email: a@spectrum.net, clients: [apple]}]\n"), o)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.Accounts[0].Clients, ","); got != "thunderbird,mutt" {
		t.Errorf("clients = %s, want thunderbird,mutt (registry order, no repeats)", got)
	}
}

func TestPlainTextWarning(t *testing.T) {
	m, err := Parse("m.yaml", []byte("version: 1\naccounts: [{email: a@spectrum.net, imap: {security: none, port: 143}}]\n"), opts(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "plain text") {
		t.Errorf("warnings = %q", m.Warnings)
	}
}

func TestSingle(t *testing.T) {
	o := opts(t)
	o.Profile = "twc"
	m, err := Single(" Me@RR.com ", "Me", "", o)
	if err != nil {
		t.Fatal(err)
	}
	a := m.Accounts[0]
	if a.Email != "me@rr.com" || a.Outgoing.Security != account.STARTTLS || a.Outgoing.Username != "me@rr.com" || len(a.Clients) != 3 {
		t.Errorf("got %+v", a)
	}
	if _, err := Single("me", "", "", o); err == nil || !strings.Contains(err.Error(), "--email") {
		t.Errorf("bad address: %v", err)
	}
	o.Profile = "chartr"
	if _, err := Single("me@charter.net", "", "", o); err == nil || !strings.Contains(err.Error(), `did you mean "charter"`) {
		t.Errorf("bad profile: %v", err)
	}
}

func TestDefaultIdentifierPrefix(t *testing.T) {
	tests := map[string]string{
		"":                       "net.spectrumgen.mail",
		"Example Dental & Ortho": "net.spectrumgen.example-dental-ortho",
		"Zoë's Café":             "net.spectrumgen.zo-s-caf",
		"日本":                     "net.spectrumgen.mail",
	}
	for org, want := range tests {
		if got := defaultIdentifierPrefix(org); got != want {
			t.Errorf("defaultIdentifierPrefix(%q) = %q, want %q", org, got, want)
		}
		if why := checkIdentifierPrefix(defaultIdentifierPrefix(org)); why != "" {
			t.Errorf("derived prefix %q is invalid: %s", defaultIdentifierPrefix(org), why)
		}
	}
}

func equal(a, b account.Account) bool {
	return a.Email == b.Email && a.Name == b.Name && a.Organization == b.Organization && a.Profile == b.Profile &&
		a.ProfileName == b.ProfileName && a.Incoming == b.Incoming && a.Outgoing == b.Outgoing &&
		a.PasswordCommand == b.PasswordCommand && strings.Join(a.Clients, ",") == strings.Join(b.Clients, ",") && a.Options == b.Options
}
