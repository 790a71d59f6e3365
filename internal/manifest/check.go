package manifest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

var placeholderRE = regexp.MustCompile(`\{[^{}]*\}`)

// placeholders maps each placeholder of a password command to its value.
var placeholders = map[string]func(account.Account) string{
	"{email}":  func(a account.Account) string { return a.Email },
	"{local}":  account.Account.LocalPart,
	"{domain}": account.Account.Domain,
}

// checkPasswordCommand checks a password command as written, placeholders
// and all; resolve checks it again once they are filled in.
func checkPasswordCommand(cmd string) string {
	if why := account.CheckPasswordCommand(cmd); why != "" {
		return why
	}
	for _, p := range placeholderRE.FindAllString(cmd, -1) {
		if _, ok := placeholders[p]; !ok {
			return fmt.Sprintf("unknown placeholder %s", p)
		}
	}
	return ""
}

// checkAccount is the input boundary: every string field of the resolved
// account passes its check (account.Check walks them all by reflection),
// so nothing a generator receives skipped one. Most fields were checked
// where they were read, with their own place; this catches what only the
// resolved value shows (a password command grown past its cap by {email})
// and any field a later change forgets to check there.
func (r *resolver) checkAccount(in accountInput, a account.Account) {
	for _, e := range account.Check(a) {
		key, fix := fieldKeys[e.Field], ""
		if key == "" {
			key = e.Field
		}
		if e.Field == "PasswordCommand" {
			fix = "this is the command with {email}, {local} and {domain} filled in; shorten it (a script file holding the command works)"
		}
		if in.path != "" { // empty for an account given with flags
			key = in.path + "." + key
		}
		r.d.Errorf(in.at.node(), key, fix, "%s", e.Why)
	}
}

// fieldKeys names account fields as the manifest writes them.
var fieldKeys = map[string]string{
	"Email": "email", "Name": "name", "Organization": "organization", "PasswordCommand": "password_command",
	"Profile": "profile", "ProfileName": "profile (display_name)",
	"Incoming.Host": "imap.host", "Outgoing.Host": "smtp.host",
	"Options.AppleIdentifierPrefix": "apple_identifier_prefix", "Options.OutlookFolder": "outlook_folder",
	"Options.OfficeVersion": "office_version",
}

// expandCommand fills the placeholders. Addresses are limited to characters
// that are safe in a shell word, so the result needs no extra quoting.
func expandCommand(cmd string, a account.Account) string {
	return placeholderRE.ReplaceAllStringFunc(cmd, func(p string) string { return placeholders[p](a) })
}

func checkIdentifierPrefix(s string) string { return account.CheckIdentifierPrefix(s) }

// defaultIdentifierPrefix derives a reverse-DNS prefix from the organization,
// so two organizations' profiles do not replace each other on one device.
func defaultIdentifierPrefix(org string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(org) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.TrimRight(b.String(), "-")
	if len(slug) > 63 {
		slug = strings.TrimRight(slug[:63], "-")
	}
	if slug == "" {
		return "net.spectrumgen.mail"
	}
	return "net.spectrumgen." + slug
}

// checkWindowsFolder accepts an absolute Windows folder that is safe in a
// .reg string, a PRF and a cmd script (see account.CheckWindowsFolder).
func checkWindowsFolder(s string) string { return account.CheckWindowsFolder(s) }

func checkOfficeVersion(s string) string { return account.CheckOfficeVersion(s) }
