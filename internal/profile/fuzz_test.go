package profile

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/diag"
)

// FuzzLoad writes every string field of a profile (key, display name,
// source, a domain, both hosts, a security and an auth) from fuzz input
// into a --profiles file's text, YAML-encoded so any text gets through the YAML
// layer, and loads it. A file either fails with errors that name their
// place on one line each, or loads a profile whose every field passes the
// boundary's check (Check) and holds exactly the text given: what a
// generator and the terminal then receive.
func FuzzLoad(f *testing.F) {
	f.Add("x", "Spectrum", "ISPDB", "spectrum.net", "imap.example.org", "smtp.example.org", "ssl", "password")
	f.Add("x", "S \"q\" #1; $(id) `id` [evil] %(x)s", "ISPDB <b>&amp;</b>", "rr.com", "a.b", "c.d", "starttls", "none")
	f.Add("x", "Spectrum\nset x = \"`id`\"", "\x1b]0;t\x07", "x\n[e]", "a.b\nPassCmd x", "c.d", "ssl\n", "password")
	f.Add("e\nvil", "\u202e", strings.Repeat("s", 501), "-a.b", "a..b", "c.d", "none", "x")
	f.Fuzz(func(t *testing.T, key, display, source, domain, imapHost, smtpHost, security, auth string) {
		doc := map[string]any{"version": 1, "profiles": map[string]any{key: map[string]any{
			"display_name": display, "source": source, "domains": []string{domain},
			"imap": map[string]any{"host": imapHost, "port": 993, "security": security, "auth": auth},
			"smtp": map[string]any{"host": smtpHost, "port": 587, "security": security, "auth": auth},
		}}}
		data, err := yaml.Marshal(doc)
		if err != nil {
			return // not representable in YAML (invalid UTF-8, say)
		}
		// What Load does for each file, without the disk and the built-in
		// profiles.
		const file = "p.yaml"
		set := &Set{byName: map[string]Profile{}}
		var errs diag.List
		set.add(file, data, &errs)
		if err := errs.Err(); err != nil {
			msg := err.Error()
			if strings.ContainsAny(msg, "\x1b\x07\r\x00\u202e\u2028") {
				t.Fatalf("the error carries a control character: %q", msg)
			}
			lines := strings.Split(strings.TrimSuffix(msg, "\n"), "\n")
			for _, l := range lines[:len(lines)-1] {
				if !strings.HasPrefix(l, file+":") {
					t.Fatalf("an error line without its place: %q in\n%s", l, msg)
				}
			}
			return
		}
		p, ok := set.Get(key)
		if !ok {
			t.Fatalf("loaded, but no profile %q", key)
		}
		if errs := Check(p); len(errs) > 0 {
			t.Fatalf("loaded a profile that fails the boundary: %v", errs)
		}
		if display != "" && p.DisplayName != display || p.Source != source ||
			len(p.Domains) != 1 || p.Domains[0] != strings.ToLower(domain) ||
			p.IMAP.Host != strings.ToLower(imapHost) || p.SMTP.Host != strings.ToLower(smtpHost) ||
			string(p.IMAP.Security) != security || (auth != "" && string(p.IMAP.Auth) != auth) {
			t.Fatalf("loaded %+v from %q", p, data)
		}
		if len(display) > account.MaxProfileName || len(source) > account.MaxSource {
			t.Fatalf("loaded text past its cap: %+v", p)
		}
	})
}
