package thunderbird

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
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

// appendLiteral appends the value as JavaScript: ints and bools bare,
// strings as JSON string literals (a JSON string is a JS string literal once
// U+2028 and U+2029 are escaped, which encoding/json does).
func (p pref) appendLiteral(b []byte) ([]byte, error) {
	switch v := p.Value.(type) {
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case string:
		return appendJS(b, v), nil
	}
	return b, fmt.Errorf("thunderbird: pref %s has unsupported type %T", p.Name, p.Value)
}

// appendJS appends s quoted as a JavaScript string literal, as
// encoding/json would (without HTML escaping): backslash and double quote
// escaped, control characters and the line separators U+2028 and U+2029
// (line breaks to JavaScript, not to JSON) as \uXXXX. Validation admits
// only valid UTF-8.
func appendJS(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// appendPref appends one user_pref(name, value); line.
func appendPref(b []byte, p pref) ([]byte, error) {
	b = append(b, "user_pref("...)
	b = appendJS(b, p.Name)
	b = append(b, ", "...)
	b, err := p.appendLiteral(b)
	return append(b, ");\n"...), err
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

// userJSData is what user.js.tmpl receives; the
// lines are complete user_pref(...) lines.
type userJSData struct {
	Email       string
	AccountKey  string
	SMTPKey     string
	Prefs       string // the account's prefs, one line each
	AccountList string // the mail.accountmanager.accounts line
	SMTPList    string
	DefaultAcct string
	DefaultSMTP string
}

// The list and default lines hold only constants.
var (
	accountListLine = line(pref{"mail.accountmanager.accounts", accountKey})
	defaultAcctLine = line(pref{"mail.accountmanager.defaultaccount", accountKey})
	smtpListLine    = line(pref{"mail.smtpservers", smtpKey})
	defaultSMTPLine = line(pref{"mail.smtp.defaultserver", smtpKey})
)

func line(p pref) string {
	b, err := appendPref(nil, p)
	if err != nil {
		panic(err)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// UserJS renders user.js for one account.
func UserJS(a account.Account) ([]byte, error) {
	if err := generators.OneLine("thunderbird", a); err != nil {
		return nil, err
	}
	email, err := generators.CommentText("thunderbird", "address", a.Email)
	if err != nil {
		return nil, err
	}
	d := userJSData{Email: email, AccountKey: accountKey, SMTPKey: smtpKey,
		AccountList: accountListLine, DefaultAcct: defaultAcctLine, SMTPList: smtpListLine, DefaultSMTP: defaultSMTPLine}
	b := make([]byte, 0, 2048)
	for _, p := range prefs(a) {
		if b, err = appendPref(b, p); err != nil {
			return nil, err
		}
	}
	d.Prefs = string(b)
	out, err := format.Render(d)
	if err != nil {
		return nil, fmt.Errorf("thunderbird: rendering user.js: %w", err)
	}
	return out, nil
}
