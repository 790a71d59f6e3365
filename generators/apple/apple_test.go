package apple

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

func TestGoldenExample(t *testing.T) {
	for _, a := range fixture.Example(t, "apple") {
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		if len(files) != 1 || files[0].Path != "apple/"+a.Email+".mobileconfig" || files[0].Secret {
			t.Fatalf("%s: files %+v, want one apple/<address>.mobileconfig of the person's own", a.Email, files)
		}
		golden.Assert(t, "testdata/example/"+a.Email+".mobileconfig", files[0].Data)
	}
}

func TestSameAccountSameBytes(t *testing.T) {
	for _, a := range append(fixture.Example(t, "apple"), fixture.Hostile(t, "apple")...) {
		first, err := Profile(a)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Profile(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Errorf("%s: two runs gave different bytes", a.Email)
		}
	}
}

func TestNoPassword(t *testing.T) {
	for _, a := range fixture.Hostile(t, "apple") {
		data, err := Profile(a)
		if err != nil {
			t.Fatal(err)
		}
		m := decodeMap(t, data)
		mail := m["PayloadContent"].([]any)[0].(map[string]any)
		for _, k := range []string{"IncomingPassword", "OutgoingPassword"} {
			if _, ok := mail[k]; ok {
				t.Errorf("%s: the profile holds %s", a.Email, k)
			}
		}
	}
}

// TestSecurityAndAuthMapping checks each security and authentication value,
// and that UseSSL false is written rather than left out.
func TestSecurityAndAuthMapping(t *testing.T) {
	tests := []struct {
		sec      account.Security
		auth     account.Auth
		wantSSL  string
		wantAuth string
	}{
		{account.SSL, account.Password, "<true/>", "EmailAuthPassword"},
		{account.STARTTLS, account.Password, "<true/>", "EmailAuthPassword"},
		{account.None, account.Password, "<false/>", "EmailAuthPassword"},
		{account.None, account.NoAuth, "<false/>", "EmailAuthNone"},
	}
	base := fixture.Example(t, "apple")[0]
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.sec, "-", tt.auth), func(t *testing.T) {
			a := base
			a.Incoming.Security, a.Outgoing.Security = tt.sec, tt.sec
			a.Incoming.Auth, a.Outgoing.Auth = tt.auth, tt.auth
			data, err := Profile(a)
			if err != nil {
				t.Fatal(err)
			}
			for _, dir := range []string{"Incoming", "Outgoing"} {
				want := "<key>" + dir + "MailServerUseSSL</key>\n\t\t\t\t" + tt.wantSSL
				if !bytes.Contains(data, []byte(want)) {
					t.Errorf("%s: want %q in\n%s", dir, want, data)
				}
				want = "<key>" + dir + "MailServerAuthentication</key>\n\t\t\t\t<string>" + tt.wantAuth + "</string>"
				if !bytes.Contains(data, []byte(want)) {
					t.Errorf("%s: want %q", dir, want)
				}
			}
			same := bytes.Contains(data, []byte("<key>OutgoingPasswordSameAsIncomingPassword</key>\n\t\t\t\t<true/>"))
			if same != (tt.auth == account.Password) {
				t.Errorf("OutgoingPasswordSameAsIncomingPassword written: %v, want %v", same, tt.auth == account.Password)
			}
		})
	}
	bad := base
	bad.Outgoing.Security = "tls"
	if _, err := Profile(bad); err == nil || !strings.Contains(err.Error(), `unknown security "tls"`) {
		t.Errorf("unknown security: err = %v", err)
	}
}

// TestIdentifiersNeverCollide derives identifiers for every local part of
// up to four characters over the characters an address may hold around
// the escape character, and checks no two share an identifier or UUID.
func TestIdentifiersNeverCollide(t *testing.T) {
	alphabet := []string{"a", "2", "d", "e", ".", "-", "_", "+"}
	locals := []string{""}
	var all []string
	for n := 0; n < 4; n++ {
		var next []string
		for _, l := range locals {
			for _, c := range alphabet {
				next = append(next, l+c)
			}
		}
		locals = next
		all = append(all, next...)
	}
	ids := map[string]string{}
	uuids := map[string]string{}
	a := fixture.Example(t, "apple")[0]
	for _, domain := range []string{"spectrum.net", "net.spectrum", "a.spectrum.net", "charter.net"} {
		for _, local := range all {
			a.Email = local + "@" + domain
			id, err := Identifier(a)
			if err != nil {
				t.Fatal(err)
			}
			if other, dup := ids[id]; dup {
				t.Fatalf("%s and %s share the identifier %s", other, a.Email, id)
			}
			ids[id] = a.Email
			u := UUID(id)
			if other, dup := uuids[u]; dup {
				t.Fatalf("%s and %s share the UUID %s", other, a.Email, u)
			}
			uuids[u] = a.Email
			for _, r := range strings.TrimPrefix(id, a.Options.AppleIdentifierPrefix) {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
					t.Fatalf("identifier %s holds %q", id, r)
				}
			}
		}
	}
	t.Logf("%d addresses, all distinct", len(ids))
}

func TestIdentifierShape(t *testing.T) {
	a := account.Account{Email: "dr.bob+x_y-z@mail.spectrum.net", Options: account.Options{AppleIdentifierPrefix: "com.example-dental"}}
	id, err := Identifier(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := "com.example-dental.mail.net.spectrum.mail.dr-2ebob-2bx-5fy-2dz"; id != want {
		t.Errorf("Identifier = %s, want %s", id, want)
	}
	if u := UUID(id); len(u) != 36 || u[14] != '5' {
		t.Errorf("UUID %s is not a version 5 UUID", u)
	}
	a.Options.AppleIdentifierPrefix = ""
	if _, err := Identifier(a); err == nil {
		t.Error("no prefix: want an error")
	}
}

// TestTextXMLCannotHold: names that XML 1.0 cannot carry get an error
// instead of a silently changed name. Validation (account.CheckName) already
// refuses them; the generator does not rely on that.
func TestTextXMLCannotHold(t *testing.T) {
	a := fixture.Example(t, "apple")[0]
	for _, name := range []string{"bad \xff byte", "non\uFFFEcharacter", "non\uFFFFcharacter"} {
		if account.CheckName(name) == "" {
			t.Errorf("CheckName accepts %q, which no XML format can hold", name)
		}
		a.Name = name
		if _, err := Profile(a); err == nil || !strings.Contains(err.Error(), "cannot hold") {
			t.Errorf("name %q: err = %v, want an error", name, err)
		}
	}
}
