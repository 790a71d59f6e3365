// Package mbsync generates mbsyncrc for isync 1.4 and later: the IMAP
// account, a Maildir under ~/Mail/<address>/ and one channel that syncs
// every folder both ways.
package mbsync

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the mbsync client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "mbsync" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "mbsync (isync): mbsyncrc that keeps ~/Mail/<address>/ in sync"
}

// Check implements generators.Checker, so that validation reports a value mbsyncrc cannot hold, or a PassCmd starting with +
// at the account's place in the manifest, before anything is written.
func (Generator) Check(a account.Account) error {
	_, err := dataOf(a)
	return err
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	rc, err := Mbsyncrc(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: "mbsync/mbsyncrc", Mode: 0o600, Data: rc}}, nil
}

// sslType maps security to isync 1.4's SSLType (TLSType, its 1.5 name, is
// an error in 1.4; 1.5 still reads SSLType).
var sslType = map[account.Security]string{account.SSL: "IMAPS", account.STARTTLS: "STARTTLS", account.None: "None"}

// line is one "Keyword argument" line; Arg is already written for mbsyncrc.
type line struct{ Key, Arg string }

// mbsyncrcData is what mbsyncrc.tmpl receives: one block of
// lines per section.
type mbsyncrcData struct {
	Email, ProfileName              string
	HasCommand                      bool
	Account, Remote, Local, Channel []line
	// Blocks are the four blocks as the file holds them, each a blank
	// line and its "Keyword argument" lines: laid out here once rather
	// than by a range in the template, which cost more than the rest of
	// the file for every person.
	Blocks string
}

// dataOf builds what the template receives: every value written for
// the format, or the reason one cannot be.
func dataOf(a account.Account) (mbsyncrcData, error) {
	if err := generators.OneLine("mbsync", a); err != nil {
		return mbsyncrcData{}, err
	}
	s := a.Incoming
	if strings.HasPrefix(a.PasswordCommand, "+") {
		// isync reads a leading + as "the command talks to the terminal".
		return mbsyncrcData{}, fmt.Errorf("mbsync: %s: the password command starts with +, which mbsync reads as a flag; start it with the program's name", a.Email)
	}
	name := a.Email
	maildir := "~/Mail/" + a.Email + "/"
	acct := []line{
		{"IMAPAccount", name},
		{"Host", s.Host},
		{"Port", strconv.Itoa(s.Port)},
		{"User", s.Username},
	}
	if a.PasswordCommand != "" {
		acct = append(acct, line{"PassCmd", a.PasswordCommand})
	}
	acct = append(acct, line{"SSLType", sslType[s.Security]})
	email, err := generators.CommentText("mbsync", "address", a.Email)
	if err != nil {
		return mbsyncrcData{}, err
	}
	profileName, err := generators.CommentText("mbsync", "profile's display name", a.ProfileName)
	if err != nil {
		return mbsyncrcData{}, err
	}
	// The comment lines hold the address and the display name with fixed
	// text; checked here, so validation (which does not render) refuses
	// what rendering would.
	if n := len(email) + len(profileName) + generators.MaxFixedText; n > maxLine {
		return mbsyncrcData{}, fmt.Errorf("mbsync: %s: the address and the profile's display name make a line of up to %d bytes, longer than the %d bytes isync reads as one line", a.Email, n, maxLine)
	}
	d := mbsyncrcData{
		Email: email, ProfileName: profileName, HasCommand: a.PasswordCommand != "",
		Account: acct,
		Remote:  []line{{"IMAPStore", name + "-remote"}, {"Account", name}},
		Local: []line{
			{"MaildirStore", name + "-local"},
			{"Path", maildir},
			{"Inbox", maildir + "INBOX"},
			{"SubFolders", "Verbatim"},
		},
		Channel: []line{
			{"Channel", name},
			{"Far", ":" + name + "-remote:"},
			{"Near", ":" + name + "-local:"},
			{"Patterns", "*"},
			{"Create", "Both"},
			{"SyncState", "*"},
		},
	}
	for _, block := range [][]line{d.Account, d.Remote, d.Local, d.Channel} {
		for i, l := range block {
			v, err := arg(l.Arg)
			if err != nil {
				return mbsyncrcData{}, fmt.Errorf("%s: %s: %w", a.Email, l.Key, err)
			}
			block[i].Arg = v
		}
	}
	var b strings.Builder
	for _, block := range [][]line{d.Account, d.Remote, d.Local, d.Channel} {
		b.WriteByte('\n')
		for _, l := range block {
			b.WriteString(l.Key)
			b.WriteByte(' ')
			b.WriteString(l.Arg)
			b.WriteByte('\n')
		}
	}
	d.Blocks = b.String()
	return d, nil
}

// Mbsyncrc renders mbsyncrc for one account.
func Mbsyncrc(a account.Account) ([]byte, error) {
	d, err := dataOf(a)
	if err != nil {
		return nil, err
	}
	out, err := format.Render(d)
	if err != nil {
		return nil, fmt.Errorf("mbsync: rendering mbsyncrc: %w", err)
	}
	// Every line, comments included: isync splits a longer one and reads
	// its tail as a directive.
	if err := generators.CheckLines("mbsync", "mbsyncrc", out, maxLine); err != nil {
		return nil, fmt.Errorf("%s: %w", a.Email, err)
	}
	return out, nil
}
