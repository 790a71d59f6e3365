// Package mutt generates one muttrc that works in both mutt (2.2 and later)
// and neomutt (20220429 and later): IMAP folders on the server, SMTP
// submission that logs in, and the password from a command or a prompt.
package mutt

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the mutt client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "mutt" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "mutt and neomutt: one muttrc for both"
}

// Check implements generators.Checker, so that validation reports a command mutt and neomutt would read differently
// at the account's place in the manifest, before anything is written.
func (Generator) Check(a account.Account) error {
	_, err := dataOf(a)
	return err
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	rc, err := Muttrc(a)
	if err != nil {
		return nil, err
	}
	// With a password command the file says how to get the password: only
	// its owner may read it.
	return []generators.File{{Path: "mutt/muttrc", Data: rc, Secret: a.PasswordCommand != ""}}, nil
}

// muttrcData is what muttrc.tmpl receives: every value is already
// a complete muttrc string (quoted, escaped).
type muttrcData struct {
	Email, ProfileName                   string
	Realname, From, IMAPUser             string
	Folder, SMTPURL                      string
	Pass                                 string // "`command`", or "" to prompt
	StartTLS, ForceTLS                   bool
	HeaderCache, MessageCache, Mailboxes string
}

// Muttrc renders the muttrc of one account.
func dataOf(a account.Account) (muttrcData, error) {
	if err := generators.OneLine("mutt", a); err != nil {
		return muttrcData{}, err
	}
	in, out := a.Incoming, a.Outgoing
	email, err := generators.CommentText("mutt", "address", a.Email)
	if err != nil {
		return muttrcData{}, err
	}
	profileName, err := generators.CommentText("mutt", "profile's display name", a.ProfileName)
	if err != nil {
		return muttrcData{}, err
	}
	d := muttrcData{
		Email:        email,
		ProfileName:  profileName,
		Realname:     quote(a.Name),
		From:         quote(a.Email),
		IMAPUser:     quote(in.Username),
		Folder:       quote(serverURL("imap", in) + "/"),
		SMTPURL:      quote(serverURL("smtp", out)),
		StartTLS:     in.Security == account.STARTTLS || out.Security == account.STARTTLS,
		ForceTLS:     in.Security != account.None && out.Security != account.None,
		HeaderCache:  quote("~/.cache/mutt/" + a.Email + "/headers"),
		MessageCache: quote("~/.cache/mutt/" + a.Email + "/messages"),
		Mailboxes:    quote("+INBOX"),
	}
	if a.PasswordCommand != "" {
		pass, err := commandSubstitution(a.PasswordCommand)
		if err != nil {
			return muttrcData{}, fmt.Errorf("%s: %w", a.Email, err)
		}
		d.Pass = pass
	}
	return d, nil
}

// Muttrc renders muttrc for one account.
func Muttrc(a account.Account) ([]byte, error) {
	d, err := dataOf(a)
	if err != nil {
		return nil, err
	}
	rc, err := format.Render(d)
	if err != nil {
		return nil, fmt.Errorf("mutt: rendering muttrc: %w", err)
	}
	// mutt and neomutt join the next line to one ending in a backslash,
	// comments included: no line may. Every value is quoted and every
	// comment ends in fixed text, so none can; this keeps it so.
	for i, line := range bytes.Split(rc, []byte("\n")) {
		if bytes.HasSuffix(line, []byte(`\`)) {
			return nil, fmt.Errorf("mutt: %s: line %d of muttrc ends with a backslash, which would join the next line to it", a.Email, i+1)
		}
	}
	return rc, nil
}

// serverURL returns scheme[s]://user@host:port. The user is percent-encoded
// (the @ of the address becomes %40); mutt's SMTP logs in only when the URL
// names a user. Implicit TLS is the "s" scheme on whatever port the profile
// says (Spectrum: smtps on 587); STARTTLS is the plain scheme with
// ssl_starttls, always with the port, since smtp:// alone means port 25.
func serverURL(scheme string, s account.Server) string {
	if s.Security == account.SSL {
		scheme += "s"
	}
	u := url.URL{Scheme: scheme, Host: s.Host + ":" + strconv.Itoa(s.Port)}
	if s.Auth == account.Password {
		u.User = url.User(s.Username)
	}
	return u.String()
}
