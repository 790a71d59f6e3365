package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// The built-in profiles hold the values of FORMATS.md §1.
func TestBuiltIn(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		imap, smtp Server
	}{
		{"spectrum", Server{"imap.spectrum.com", 993, account.SSL, account.Password}, Server{"smtp.spectrum.com", 587, account.SSL, account.Password}},
		{"charter", Server{"mobile.charter.net", 993, account.SSL, account.Password}, Server{"mobile.charter.net", 587, account.SSL, account.Password}},
		{"twc", Server{"mail.twc.com", 993, account.SSL, account.Password}, Server{"mail.twc.com", 587, account.STARTTLS, account.Password}},
		{"brighthouse", Server{"mail.brighthouse.com", 993, account.SSL, account.Password}, Server{"mail.brighthouse.com", 587, account.SSL, account.Password}},
	}
	for _, tt := range tests {
		p, ok := set.Get(tt.name)
		if !ok {
			t.Fatalf("no profile %s", tt.name)
		}
		if p.IMAP != tt.imap || p.SMTP != tt.smtp || p.Source == "" || len(p.Domains) == 0 {
			t.Errorf("%s = %+v", tt.name, p)
		}
		// The outgoing server never uses the IMAP port (the seed brief's error).
		if p.SMTP.Port == p.IMAP.Port {
			t.Errorf("%s: SMTP on the IMAP port", tt.name)
		}
	}
	if got := strings.Join(set.Names(), ","); got != "spectrum,brighthouse,charter,twc" {
		t.Errorf("Names() = %s", got)
	}
	if got := strings.Join(set.ForDomain("RR.com"), ","); got != "twc" {
		t.Errorf("ForDomain(rr.com) = %s", got)
	}
	if p, _ := set.Get("brighthouse"); !strings.Contains(p.Source, "UNVERIFIED") {
		t.Error("brighthouse must be marked unverified")
	}
}

func TestOverrideFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "p.yaml")
	data := "version: 1\nprofiles:\n  spectrum:\n    imap: {host: IMAP.example.org, port: 143, security: starttls}\n    smtp: {host: smtp.example.org, port: 25, security: none, auth: none}\n"
	if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := set.Get("spectrum")
	want := Profile{Name: "spectrum", DisplayName: "spectrum",
		IMAP: Server{"imap.example.org", 143, account.STARTTLS, account.Password},
		SMTP: Server{"smtp.example.org", 25, account.None, account.NoAuth}}
	if p.Name != want.Name || p.DisplayName != want.DisplayName || p.IMAP != want.IMAP || p.SMTP != want.SMTP {
		t.Errorf("got %+v", p)
	}
	if _, ok := set.Get("twc"); !ok {
		t.Error("an override file must keep the other built-in profiles")
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"version: 1\nprofiles:\n  Bad Name:\n    imap: {}\n", `profile name "Bad Name" has the character 'B'; use lower-case letters`},
		{"version: 1\nprofiles:\n  x:\n    imap: {host: a.b, port: 993, security: ssl}\n    smtp: {host: a.b}\n", "p.yaml:5:11: profiles.x.smtp: port, security missing"},
		{"version: 1\nprofiles:\n  x:\n    domains: [\"bad domain\"]\n", `p.yaml:4:15: profiles.x.domains[0]: the character ' ' is not allowed in a host name`},
		{"profiles: {}\n", "p.yaml:1:1: version: missing"},
		{"version: 1\nprofiles:\n  x: {imap: {host: a.b, port: 0, security: ssl}}\n", "port 0 is out of range"},
	}
	for _, tt := range tests {
		f := filepath.Join(t.TempDir(), "p.yaml")
		if err := os.WriteFile(f, []byte(tt.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(f)
		if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), f, "p.yaml"), tt.want) {
			t.Errorf("got %v\nwant it to contain %q", err, tt.want)
		}
	}
	if _, err := Load("/nonexistent/p.yaml"); err == nil {
		t.Error("missing file accepted")
	}
}
