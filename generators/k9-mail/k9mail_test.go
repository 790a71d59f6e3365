package k9mail

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/spectrumgen/spectrumgen/generators/internal/guidetest"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// checkFile reads data as the app would and compares every field with a.
func checkFile(t testing.TB, a account.Account, data []byte) {
	t.Helper()
	f, err := readK9s(data)
	if err != nil {
		t.Fatalf("%s: the importer's rules refuse the file: %v\n%s", a.Email, err, data)
	}
	if f.Version != ContentVersion {
		t.Errorf("%s: content version %d", a.Email, f.Version)
	}
	if u := uuid.MustParse(f.UUID); u.Version() != 5 || f.UUID != AccountUUID(a) {
		t.Errorf("%s: uuid %s (version %d), want the UUIDv5 %s", a.Email, f.UUID, u.Version(), AccountUUID(a))
	}
	sec := map[account.Security]string{account.SSL: "SSL_TLS_REQUIRED", account.STARTTLS: "STARTTLS_REQUIRED", account.None: "NONE"}
	auth := map[account.Auth]string{account.Password: "PLAIN", account.NoAuth: "NONE"}
	for _, c := range []struct {
		got  k9Server
		kind string
		want account.Server
	}{{f.In, "IMAP", a.Incoming}, {f.Out, "SMTP", a.Outgoing}} {
		want := k9Server{Type: c.kind, Host: c.want.Host, Port: c.want.Port, Security: sec[c.want.Security], Auth: auth[c.want.Auth], User: c.want.Username}
		if c.got != want {
			t.Errorf("%s: %s server %+v, want %+v", a.Email, c.kind, c.got, want)
		}
	}
	if f.Name != a.Email || f.IdentityEmail != a.Email || f.IdentityName != a.Name || f.DeletePolicy != "DELETE" {
		t.Errorf("%s: name %q, identity %q <%s>, deletePolicy %q", a.Email, f.Name, f.IdentityName, f.IdentityEmail, f.DeletePolicy)
	}
}

func TestGolden(t *testing.T) {
	fixture.AssertGolden(t, Generator{}, nil)
}

func TestFilesReadBack(t *testing.T) {
	all := append(fixture.Example(t, "k9-mail"), fixture.Hostile(t, "k9-mail")...)
	seen := map[string]string{}
	for _, a := range all {
		data, err := Settings(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		checkFile(t, a, data)
		u := AccountUUID(a)
		if other, ok := seen[u]; ok {
			t.Errorf("%s and %s share the UUID %s", a.Email, other, u)
		}
		seen[u] = a.Email
	}
}

// TestSpectrumSMTPIsTLS: implicit TLS on 587 must read as SSL/TLS.
func TestSpectrumSMTPIsTLS(t *testing.T) {
	a := fixture.Example(t, "k9-mail")[0]
	data, err := Settings(a)
	if err != nil {
		t.Fatal(err)
	}
	f, err := readK9s(data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Outgoing.Port != 587 || f.Out.Port != 587 || f.Out.Security != "SSL_TLS_REQUIRED" {
		t.Errorf("Spectrum's SMTP is not SSL_TLS_REQUIRED on 587: %+v", f.Out)
	}
}

// TestReaderRefuses: the reader in this test must be able to fail.
func TestReaderRefuses(t *testing.T) {
	good, err := Settings(fixture.Example(t, "k9-mail")[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ from, to string }{
		{`format="1"`, `format="2"`},
		{`version="99"`, `version="0"`},
		{`uuid="`, `uuid="x`},
		{"SSL_TLS_REQUIRED", "SSL_TLS_OPTIONAL"},
		{"<authentication-type>PLAIN", "<authentication-type>LOGIN"},
		{`type="IMAP"`, `type="POP3"`},
		{"<port>993", "<port>99300"},
		{"<email>alice@spectrum.net", "<email>alice"},
		{"<username>", "<password>x</password><username>"},
	} {
		data := strings.Replace(string(good), bad.from, bad.to, 1)
		if data == string(good) {
			t.Fatalf("%q is not in the file", bad.from)
		}
		if _, err := readK9s([]byte(data)); err == nil {
			t.Errorf("the reader accepts %q instead of %q", bad.to, bad.from)
		}
	}
}

func TestSteps(t *testing.T) {
	guidetest.Assert(t, Generator{}, func(a account.Account) []string {
		return []string{a.Email, FilePath(a)}
	})
}
