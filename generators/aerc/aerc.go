// Package aerc generates aerc's accounts.conf: one account whose source and
// outgoing URLs carry the percent-encoded user, written so that aerc 0.14
// (Debian 12) and current aerc connect the same way.
package aerc

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the aerc client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "aerc" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "aerc: accounts.conf (mode 0600, which aerc requires)"
}

// Check implements generators.Checker, so that validation reports a value aerc's INI reader would change
// at the account's place in the manifest, before anything is written.
func (Generator) Check(a account.Account) error {
	_, err := dataOf(a)
	return err
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	conf, err := AccountsConf(a)
	if err != nil {
		return nil, err
	}
	// aerc refuses an accounts.conf that group or others can read.
	return []generators.File{{Path: "aerc/accounts.conf", Mode: 0o600, Data: conf}}, nil
}

// setting is one key = value line; Value is already written for INI.
type setting struct{ Key, Value string }

// accountsData is what accounts.conf.tmpl receives.
type accountsData struct {
	Email, ProfileName string
	Section            string
	// Settings are the section's lines, each "\nkey = value": laid out
	// here once rather than by a range in the template, which cost more
	// than the rest of the file for every person.
	Settings   string
	HasCommand bool
}

// dataOf builds what the template receives: every value written for
// the format, or the reason one cannot be.
func dataOf(a account.Account) (accountsData, error) {
	if err := generators.OneLine("aerc", a); err != nil {
		return accountsData{}, err
	}
	in, out := a.Incoming, a.Outgoing
	raw := []setting{
		{"source", sourceURL(in)},
	}
	if a.PasswordCommand != "" && in.Auth == account.Password {
		raw = append(raw, setting{"source-cred-cmd", a.PasswordCommand})
	}
	raw = append(raw, setting{"outgoing", outgoingURL(out)})
	if out.Security == account.STARTTLS {
		// aerc 0.14 speaks plain SMTP on smtp:// unless told; later
		// versions use STARTTLS there anyway and ignore this key.
		raw = append(raw, setting{"smtp-starttls", "yes"})
	}
	if a.PasswordCommand != "" && out.Auth == account.Password {
		raw = append(raw, setting{"outgoing-cred-cmd", a.PasswordCommand})
	}
	raw = append(raw,
		setting{"from", mailbox(a.Name, a.Email)},
		setting{"default", "INBOX"},
		setting{"copy-to", "Sent"},
		setting{"postpone", "Drafts"},
		setting{"cache-headers", "true"},
	)
	email, err := generators.CommentText("aerc", "address", a.Email)
	if err != nil {
		return accountsData{}, err
	}
	profileName, err := generators.CommentText("aerc", "profile's display name", a.ProfileName)
	if err != nil {
		return accountsData{}, err
	}
	d := accountsData{Email: email, ProfileName: profileName, HasCommand: a.PasswordCommand != ""}
	// The section name is the address: CheckEmail keeps it free of ] # ;
	// and of everything else go-ini reads in a section name.
	if strings.ContainsAny(a.Email, "[]#;`\"\\\r\n") {
		return accountsData{}, fmt.Errorf("aerc: the address %q cannot name an INI section", a.Email)
	}
	d.Section = a.Email
	var b strings.Builder
	for _, s := range raw {
		v, err := iniValue(s.Value)
		if err != nil {
			return accountsData{}, fmt.Errorf("%s: %s: %w", a.Email, s.Key, err)
		}
		b.WriteByte('\n')
		b.WriteString(s.Key)
		b.WriteString(" = ")
		b.WriteString(v)
	}
	d.Settings = b.String()
	return d, nil
}

// AccountsConf renders accounts.conf for one account.
func AccountsConf(a account.Account) ([]byte, error) {
	d, err := dataOf(a)
	if err != nil {
		return nil, err
	}
	conf, err := format.Render(d)
	if err != nil {
		return nil, fmt.Errorf("aerc: rendering accounts.conf: %w", err)
	}
	return conf, nil
}

// sourceURL is imaps:// for implicit TLS, imap:// (STARTTLS in aerc) for
// STARTTLS and imap+insecure:// for no encryption.
func sourceURL(s account.Server) string {
	scheme := map[account.Security]string{account.SSL: "imaps", account.STARTTLS: "imap", account.None: "imap+insecure"}[s.Security]
	return serverURL(scheme, s)
}

// outgoingURL is smtps:// for implicit TLS on any port (Spectrum: 587),
// smtp:// (with smtp-starttls) for STARTTLS, and smtp:// for none, which
// aerc 0.14 sends in plain text (newer aerc would try STARTTLS first).
func outgoingURL(s account.Server) string {
	scheme := "smtp"
	if s.Security == account.SSL {
		scheme = "smtps"
	}
	if s.Auth == account.NoAuth {
		scheme += "+none"
	}
	return serverURL(scheme, s)
}

func serverURL(scheme string, s account.Server) string {
	u := url.URL{Scheme: scheme, Host: s.Host + ":" + strconv.Itoa(s.Port)}
	if s.Auth == account.Password {
		u.User = url.User(s.Username)
	}
	return u.String()
}

// quotedPair escapes the two characters special in a quoted string.
var quotedPair = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// mailbox writes "Name <address>" as RFC 5322 does: a name that is not a
// plain run of words goes in a quoted string with \ and " escaped. UTF-8
// stays as it is (RFC 6532), which aerc's address parser reads.
func mailbox(name, addr string) string {
	if name == "" {
		return addr
	}
	if !plainPhrase(name) {
		name = `"` + quotedPair.Replace(name) + `"`
	}
	return name + " <" + addr + ">"
}

// plainPhrase reports whether name is words of RFC 5322 atext (or
// non-ASCII) separated by single spaces.
func plainPhrase(name string) bool {
	for _, word := range strings.Split(name, " ") {
		if word == "" {
			return false
		}
		for _, r := range word {
			if r < 0x80 && !isAtext(byte(r)) {
				return false
			}
		}
	}
	return true
}

func isAtext(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
