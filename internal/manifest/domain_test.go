package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// via is what one way of giving an address resolved it to.
type via struct {
	name     string // yaml, csv or --email
	profile  string
	warnings []string
	err      string
}

// resolveAll resolves one address the three ways an address comes in: a
// YAML manifest (with an optional defaults.profile and account profile), a
// CSV export (with an optional profile cell) and --email. own is the
// account's own profile; def is defaults.profile in YAML and --profile for
// CSV (CSV has no defaults); --email is left out when only def is given,
// since --profile with --email is the account's own choice (tested apart).

func resolveAll(t *testing.T, o Options, email, own, def string) []via {
	t.Helper()
	var out []via
	record := func(name string, m *Manifest, err error) {
		v := via{name: name}
		if err != nil {
			v.err = err.Error()
		} else {
			v.profile = m.Accounts[0].Profile
			v.warnings = m.Warnings
		}
		out = append(out, v)
	}

	yaml := "version: 1\n"
	if def != "" {
		yaml += "defaults:\n  profile: " + def + "\n"
	}
	yaml += "accounts:\n  - email: " + email + "\n"
	if own != "" {
		yaml += "    profile: " + own + "\n"
	}
	m, err := Parse("m.yaml", []byte(yaml), o)
	record("yaml", m, err)

	csv := "email,profile\n" + email + "," + own + "\n"
	co := o
	co.Profile = def
	m, err = ParseCSV("m.csv", []byte(csv), co)
	record("csv", m, err)

	// --email has no defaults: --profile is the account's own choice.
	so := o
	so.Profile = own
	if own == "" && def != "" {
		return out
	}
	m, err = Single(email, "", "", so)
	record("--email", m, err)
	return out
}

// TestProfileByDomain: every domain every built-in profile lists, and a
// subdomain of each, resolves to its profile, the same through YAML, CSV
// and --email; a domain two profiles list goes to the default.
func TestProfileByDomain(t *testing.T) {
	o := opts(t)
	want := map[string]string{
		"spectrum.net":     "spectrum", // also listed by charter: the default wins
		"charter.net":      "charter",
		"bresnan.net":      "charter",
		"twc.com":          "twc",
		"rr.com":           "twc",
		"roadrunner.com":   "twc",
		"brighthouse.com":  "brighthouse",
		"bak.rr.com":       "brighthouse",
		"bham.rr.com":      "brighthouse",
		"cfl.rr.com":       "brighthouse",
		"emore.rr.com":     "brighthouse",
		"eufala.rr.com":    "brighthouse",
		"indy.rr.com":      "brighthouse",
		"mi.rr.com":        "brighthouse",
		"panhandle.rr.com": "brighthouse",
		"tampabay.rr.com":  "brighthouse", // over rr.com: the most specific wins
		// Not listed, but under a listed domain: the longest one wins.
		"nc.rr.com":          "twc",
		"maine.rr.com":       "twc",
		"x.tampabay.rr.com":  "brighthouse",
		"mail.spectrum.net":  "spectrum",
		"Mixed.Case.RR.com":  "twc",
		"charter.net.rr.com": "twc",
	}
	for _, d := range o.Profiles.Domains() {
		if _, ok := want[d]; !ok {
			t.Errorf("profiles.yaml lists %s, which this table lacks: add it", d)
		}
	}
	for domain, profileName := range want {
		email := "kim.nguyen@" + domain
		for _, v := range resolveAll(t, o, email, "", "") {
			if v.err != "" || v.profile != profileName {
				t.Errorf("%s via %s: got profile %q (error %q), want %q", email, v.name, v.profile, v.err, profileName)
			}
			if len(v.warnings) != 0 {
				t.Errorf("%s via %s: unexpected warnings %q", email, v.name, v.warnings)
			}
		}
	}
}

// TestProfileDomainTypos: a near miss of a listed domain is refused at the
// address's place, with the domain it most likely meant; a foreign domain
// is refused without a guess.
func TestProfileDomainTypos(t *testing.T) {
	o := opts(t)
	cases := map[string]string{
		"spectrun.net":    "spectrum.net",
		"spectrum.met":    "spectrum.net",
		"spectrum.com":    "spectrum.net",
		"chater.net":      "charter.net",
		"charter.com":     "charter.net",
		"twc.co":          "twc.com",
		"roadrunner.con":  "roadrunner.com",
		"tampabay.rr.con": "tampabay.rr.com",
		"brighthouse.net": "brighthouse.com",
		"bresnan.nt":      "bresnan.net",
		"gmail.com":       "",
		"example.com":     "",
		"rr.net":          "",
	}
	for domain, meant := range cases {
		email := "kevin.harris@" + domain
		for _, v := range resolveAll(t, o, email, "", "") {
			wantMsg := fmt.Sprintf("%s: no profile lists the domain %s", email, domain)
			if meant != "" {
				wantMsg += fmt.Sprintf(" (did you mean %s?)", meant)
			}
			wantMsg += "; correct the address"
			if !strings.Contains(v.err, wantMsg) {
				t.Errorf("%s via %s: error %q, want it to contain %q", email, v.name, v.err, wantMsg)
			}
			if meant == "" && strings.Contains(v.err, "did you mean") {
				t.Errorf("%s via %s: a foreign domain got a guess: %q", email, v.name, v.err)
			}
		}
	}
	// The place is the address's, in YAML and in CSV.
	_, err := Parse("m.yaml", []byte("version: 1\naccounts:\n  - email: alice@spectrum.net\n  - email: kevin.harris@spectrun.net\n"), o)
	if err == nil || !strings.HasPrefix(err.Error(), "m.yaml:4:12: accounts[1].email: kevin.harris@spectrun.net: no profile lists the domain spectrun.net (did you mean spectrum.net?)") {
		t.Errorf("YAML place: %v", err)
	}
	_, err = ParseCSV("m.csv", []byte("name,email\nAlice,alice@spectrum.net\nKevin,kevin.harris@spectrun.net\n"), o)
	if err == nil || !strings.HasPrefix(err.Error(), "m.csv:3:7: row 3, column email: kevin.harris@spectrun.net: no profile lists the domain spectrun.net (did you mean spectrum.net?)") {
		t.Errorf("CSV place: %v", err)
	}
	_, err = Single("caller@gmail.com", "", "", o)
	if err == nil || !strings.Contains(err.Error(), "--email: caller@gmail.com: no profile lists the domain gmail.com;") {
		t.Errorf("--email: %v", err)
	}
}

// TestProfileUnknownDomainExplicitDefault: a domain no profile lists gets
// the profile that defaults.profile or --profile names explicitly, with a
// warning (once per domain); without one, it is an error (above).
func TestProfileUnknownDomainExplicitDefault(t *testing.T) {
	o := opts(t)
	for _, v := range resolveAll(t, o, "caller@gmail.com", "", "charter") {
		if v.err != "" || v.profile != "charter" {
			t.Errorf("via %s: profile %q, error %q; want charter", v.name, v.profile, v.err)
		}
		source := map[string]string{"yaml": "defaults.profile", "csv": "--profile"}[v.name]
		if len(v.warnings) != 1 || v.warnings[0] != "gmail.com: no profile lists this domain; caller@gmail.com gets the profile charter because "+source+" names it: check that its servers serve gmail.com" {
			t.Errorf("via %s: warnings %q", v.name, v.warnings)
		}
	}
	// --email with --profile: the account's own choice, still warned about.
	so := o
	so.Profile = "twc"
	m, err := Single("caller@gmail.com", "", "", so)
	if err != nil || m.Accounts[0].Profile != "twc" || len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "because --profile names it") {
		t.Errorf("--email --profile twc: %v, %+v", err, m)
	}
	// A near miss keeps its hint in the warning; one warning per domain.
	yaml := "version: 1\ndefaults: {profile: spectrum}\naccounts:\n  - email: a@spectrun.net\n  - email: b@spectrun.net\n  - email: c@spectrum.net\n"
	m, err = Parse("m.yaml", []byte(yaml), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 1 || m.Warnings[0] != "spectrun.net: no profile lists this domain (did you mean spectrum.net?); 2 accounts (a@spectrun.net, ...) get the profile spectrum because defaults.profile names it: check that its servers serve spectrun.net" {
		t.Errorf("warnings %q", m.Warnings)
	}
	// A listed domain keeps its profile: defaults.profile is only for
	// domains no profile lists.
	for _, v := range resolveAll(t, o, "kim@twc.com", "", "charter") {
		if v.profile != "twc" {
			t.Errorf("via %s: kim@twc.com got %q (error %q), want twc", v.name, v.profile, v.err)
		}
	}
}

// TestProfileExplicitOverridesDomain: an account's own profile wins over
// its domain's, through YAML, CSV and --email.
func TestProfileExplicitOverridesDomain(t *testing.T) {
	o := opts(t)
	for _, c := range []struct{ email, own, host string }{
		{"alice@spectrum.net", "charter", "mobile.charter.net"},
		{"bob@rr.com", "spectrum", "imap.spectrum.com"},
		{"pat@tampabay.rr.com", "twc", "mail.twc.com"},
	} {
		for _, v := range resolveAll(t, o, c.email, c.own, "") {
			if v.err != "" || v.profile != c.own || len(v.warnings) != 0 {
				t.Errorf("%s with profile %s via %s: got %q, error %q, warnings %q", c.email, c.own, v.name, v.profile, v.err, v.warnings)
			}
		}
	}
}

// TestProfileAmbiguousDomain: two profiles other than the default that
// list one domain need the account to choose; defaults.profile may.
func TestProfileAmbiguousDomain(t *testing.T) {
	extra := filepath.Join(t.TempDir(), "extra.yaml")
	if err := os.WriteFile(extra, []byte(`version: 1
profiles:
  acme:
    domains: [acme.example]
    imap: {host: imap.acme.example, port: 993, security: ssl}
    smtp: {host: smtp.acme.example, port: 465, security: ssl}
  acme-new:
    domains: [acme.example]
    imap: {host: imap2.acme.example, port: 993, security: ssl}
    smtp: {host: smtp2.acme.example, port: 465, security: ssl}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := profile.Load(extra)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Profiles: set, Clients: testClients}
	_, err = Parse("m.yaml", []byte("version: 1\naccounts: [{email: a@acme.example}]\n"), o)
	if err == nil || !strings.Contains(err.Error(), "the domain acme.example is listed by the profiles acme and acme-new; set the account's profile") {
		t.Errorf("ambiguous: %v", err)
	}
	m, err := Parse("m.yaml", []byte("version: 1\ndefaults: {profile: acme-new}\naccounts: [{email: a@acme.example}]\n"), o)
	if err != nil || m.Accounts[0].Profile != "acme-new" || len(m.Warnings) != 0 {
		t.Errorf("defaults.profile among the candidates: %v %+v", err, m)
	}
}
