package thunderbird

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/templates"
)

// Keys used for the account's prefs. They are far above what Thunderbird's
// wizard hands out (account1, server1, id1, smtp1, counting up), so the
// file can be merged into a profile that already has accounts.
const (
	accountKey  = "account901"
	serverKey   = "server901"
	identityKey = "id901"
	smtpKey     = "smtp901"
	// lastKey makes accounts the wizard adds later start above ours.
	lastKey = 901
)

// socketType maps security to Thunderbird's socketType / try_ssl codes.
var socketType = map[account.Security]int{account.None: 0, account.STARTTLS: 2, account.SSL: 3}

// authMethod maps authentication to Thunderbird's authMethod codes:
// 3 is "normal password" (sent inside TLS), 1 is "no authentication".
var authMethod = map[account.Auth]int{account.Password: 3, account.NoAuth: 1}

// pref is one user_pref line. Value is a string, an int or a bool.
type pref struct {
	Name  string
	Value any
}

// Literal returns the value as JavaScript: ints and bools bare, strings as
// JSON string literals (a JSON string is a JS string literal once U+2028 and
// U+2029 are escaped, which encoding/json does).
func (p pref) Literal() (string, error) {
	switch v := p.Value.(type) {
	case int:
		return fmt.Sprint(v), nil
	case bool:
		return fmt.Sprint(v), nil
	case string:
		return jsString(v), nil
	}
	return "", fmt.Errorf("thunderbird: pref %s has unsupported type %T", p.Name, p.Value)
}

// jsString quotes s as a JavaScript string literal, as encoding/json would
// (without HTML escaping): backslash and double quote escaped, control
// characters and the line separators U+2028 and U+2029 (line breaks to
// JavaScript, not to JSON) as \uXXXX. Validation admits only valid UTF-8.
func jsString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// prefs returns the account's prefs in the order they are written.
func prefs(a account.Account) []pref {
	in, out := a.Incoming, a.Outgoing
	s := "mail.server." + serverKey + "."
	id := "mail.identity." + identityKey + "."
	smtp := "mail.smtpserver." + smtpKey + "."
	folder := "imap://" + url.User(in.Username).String() + "@" + in.Host + "/"
	return []pref{
		{"mail.account." + accountKey + ".server", serverKey},
		{"mail.account." + accountKey + ".identities", identityKey},
		{"mail.account.lastKey", lastKey},
		{s + "type", "imap"},
		{s + "hostname", in.Host},
		{s + "port", in.Port},
		{s + "socketType", socketType[in.Security]},
		{s + "authMethod", authMethod[in.Auth]},
		{s + "userName", in.Username},
		{s + "name", a.Email},
		{s + "login_at_startup", true},
		{s + "check_new_mail", true},
		{id + "fullName", a.Name},
		{id + "useremail", a.Email},
		{id + "smtpServer", smtpKey},
		{id + "valid", true},
		{id + "fcc_folder", folder + "Sent"},
		{id + "draft_folder", folder + "Drafts"},
		{id + "stationery_folder", folder + "Templates"},
		{smtp + "hostname", out.Host},
		{smtp + "port", out.Port},
		{smtp + "try_ssl", socketType[out.Security]},
		{smtp + "authMethod", authMethod[out.Auth]},
		{smtp + "username", out.Username},
		{smtp + "description", a.ProfileName + " (" + a.Email + ")"},
	}
}

// userJSData is what templates/thunderbird-user.js.tmpl receives.
type userJSData struct {
	Email       string
	AccountKey  string
	SMTPKey     string
	Prefs       []string // complete user_pref(...) lines
	AccountList string   // the mail.accountmanager.accounts line
	SMTPList    string
	DefaultAcct string
	DefaultSMTP string
}

// UserJS renders user.js for one account.
func UserJS(a account.Account) ([]byte, error) {
	d := userJSData{Email: a.Email, AccountKey: accountKey, SMTPKey: smtpKey}
	for _, p := range prefs(a) {
		lit, err := p.Literal()
		if err != nil {
			return nil, err
		}
		d.Prefs = append(d.Prefs, fmt.Sprintf("user_pref(%s, %s);", jsString(p.Name), lit))
	}
	d.AccountList = fmt.Sprintf("user_pref(%s, %s);", jsString("mail.accountmanager.accounts"), jsString(accountKey))
	d.DefaultAcct = fmt.Sprintf("user_pref(%s, %s);", jsString("mail.accountmanager.defaultaccount"), jsString(accountKey))
	d.SMTPList = fmt.Sprintf("user_pref(%s, %s);", jsString("mail.smtpservers"), jsString(smtpKey))
	d.DefaultSMTP = fmt.Sprintf("user_pref(%s, %s);", jsString("mail.smtp.defaultserver"), jsString(smtpKey))
	out, err := templates.Render("thunderbird-user.js.tmpl", d)
	if err != nil {
		return nil, fmt.Errorf("thunderbird: rendering user.js: %w", err)
	}
	return out, nil
}
