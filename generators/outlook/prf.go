package outlook

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// An Outlook profile file (PRF) is an INI file in the Windows ANSI code page
// (Windows-1252 on US and Western European Windows), CRLF, no byte-order mark.
// Outlook reads it with the Windows profile (INI) rules: "[section]" lines,
// "key=value" split at the FIRST "=", spaces around key and value dropped,
// ";" starts a comment only at the start of a line (never inside a value),
// and a value wrapped in matching quotes loses them. So ";", "=", "#" and
// "[" are literal inside a value and need no escape; what cannot be written
// is a line break, leading or trailing space, a value that begins and ends
// with the same quote, and a character outside Windows-1252. prfValue
// rejects or transliterates those; it is the only way text enters a PRF.

// prfMapping is one line of the [IMAP_I_Mail] block: the MAPI property an
// [AccountN] key is written to. Outlook writes an [AccountN] key nowhere,
// silently, when it has no mapping, so the block is always written whole.
type prfMapping struct {
	Key  string
	Type string // PT_UNICODE (text) or PT_LONG (a 32-bit number)
	ID   uint16
}

// imapMapping is the standard [IMAP_I_Mail] block of Section 7 ("Mapping for
// internet account properties. DO NOT MODIFY.") as the Office Customization
// Tool of Office 2010 and later writes it (SMTPSecureConnection 0x020A
// replaced the older SMTPUseSSL 0x0202).
var imapMapping = []prfMapping{
	{"AccountName", "PT_UNICODE", 0x0002},
	{"DisplayName", "PT_UNICODE", 0x000B},
	{"EmailAddress", "PT_UNICODE", 0x000C},
	{"IMAPServer", "PT_UNICODE", 0x0100},
	{"IMAPUserName", "PT_UNICODE", 0x0101},
	{"IMAPUseSPA", "PT_LONG", 0x0108},
	{"Organization", "PT_UNICODE", 0x0107},
	{"ReplyEmailAddress", "PT_UNICODE", 0x0103},
	{"IMAPPort", "PT_LONG", 0x0104},
	{"IMAPUseSSL", "PT_LONG", 0x0105},
	{"SMTPServer", "PT_UNICODE", 0x0200},
	{"SMTPUseAuth", "PT_LONG", 0x0203},
	{"SMTPAuthMethod", "PT_LONG", 0x0208},
	{"SMTPUserName", "PT_UNICODE", 0x0204},
	{"SMTPUseSPA", "PT_LONG", 0x0207},
	{"ConnectionType", "PT_LONG", 0x000F},
	{"ConnectionOID", "PT_UNICODE", 0x0010},
	{"SMTPPort", "PT_LONG", 0x0201},
	{"SMTPSecureConnection", "PT_LONG", 0x020A},
	{"ServerTimeOut", "PT_LONG", 0x0209},
	{"CheckNewImap", "PT_LONG", 0x1100},
	{"RootFolder", "PT_UNICODE", 0x1101},
}

// secureCode maps security to Outlook's encryption codes: 0 none, 1 SSL/TLS
// (implicit), 2 TLS (STARTTLS); 3 would be "auto", which we never want.
// SMTPSecureConnection documents these codes. For IMAPUseSSL the PRF
// samples only show 0 and 1; Outlook 2010 and later offer the same four
// choices for IMAP, and 2 is written for STARTTLS on the assumption that
// the same codes apply: unverified, see the README.
var secureCode = map[account.Security]int{account.None: 0, account.SSL: 1, account.STARTTLS: 2}

type prfKey struct{ Key, Value string }

type prfSection struct {
	Comments []string // "; ..." lines before the section
	Name     string
	Keys     []prfKey
}

// PRF renders the account's Outlook profile file.
func PRF(a account.Account) ([]byte, error) {
	secs, err := prfSections(a)
	if err != nil {
		return nil, err
	}
	email, err := generators.CommentText("outlook", "address", a.Email)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Grow(4096) // a PRF is about 3 kB
	b.WriteString("; Outlook profile file for " + email + ", made by spectrumgen.\r\n")
	b.WriteString("; Outlook imports it once at its next start (spectrum.reg sets Setup\\ImportPRF),\r\n")
	b.WriteString("; or with: outlook.exe /importprf spectrum.prf. It holds no password:\r\n")
	b.WriteString("; Outlook asks for it the first time it connects.\r\n")
	for _, s := range secs {
		b.WriteString("\r\n")
		for _, c := range s.Comments {
			b.WriteString("; ")
			b.WriteString(c)
			b.WriteString("\r\n")
		}
		b.WriteString("[")
		b.WriteString(s.Name)
		b.WriteString("]\r\n")
		for _, k := range s.Keys {
			b.WriteString(k.Key)
			b.WriteString("=")
			b.WriteString(k.Value)
			b.WriteString("\r\n")
		}
	}
	if isASCII(b.String()) {
		return []byte(b.String()), nil // ASCII is the same in Windows-1252
	}
	out, err := charmap.Windows1252.NewEncoder().String(b.String())
	if err != nil {
		// prfValue already made every value fit; this is a bug, not input.
		return nil, fmt.Errorf("outlook: encoding the PRF as Windows-1252: %w", err)
	}
	return []byte(out), nil
}

// prfSections returns the PRF's sections in order.
func prfSections(a account.Account) ([]prfSection, error) {
	if err := generators.OneLine("outlook", a); err != nil {
		return nil, err
	}
	in, out := a.Incoming, a.Outgoing
	display, note, err := prfValue("display name", a.DisplayName())
	if err != nil {
		return nil, err
	}
	smtpAuth := 0
	if out.Auth == account.Password {
		smtpAuth = 1
	}
	var accountNotes []string
	if note != "" {
		accountNotes = append(accountNotes, note)
	}
	num := strconv.Itoa
	// Every other value is an address, a host name or a number: ASCII by
	// validation. They still go through prfValue so nothing slips past.
	// UniqueService and DefaultAccount steer the import rather than name a
	// property, so they have no mapping: UniqueService=No lets the account
	// sit next to others, DefaultAccount=TRUE makes it the one mail is sent
	// from.
	account1 := []prfKey{
		{"UniqueService", "No"},
		{"AccountName", a.Email},
		{"DisplayName", display},
		{"EmailAddress", a.Email},
		{"IMAPServer", in.Host},
		{"IMAPUserName", in.Username},
		{"IMAPPort", num(in.Port)},
		{"IMAPUseSSL", num(secureCode[in.Security])},
		{"IMAPUseSPA", "0"},
		{"SMTPServer", out.Host},
		{"SMTPPort", num(out.Port)},
		{"SMTPSecureConnection", num(secureCode[out.Security])},
		{"SMTPUseAuth", num(smtpAuth)},
		// 0: log on to SMTP with the incoming server's settings (the same
		// full address and password), so the password is asked once.
		{"SMTPAuthMethod", "0"},
		{"SMTPUserName", out.Username},
		{"ConnectionType", "0"}, // 0: the LAN, not dial-up
		{"DefaultAccount", "TRUE"},
	}
	for _, k := range account1 {
		if k.Key == "DisplayName" {
			continue
		}
		if v, note, err := prfValue(k.Key, k.Value); err != nil || note != "" || v != k.Value {
			return nil, fmt.Errorf("outlook: %s %q cannot be written to a profile file unchanged (%v)", k.Key, k.Value, err)
		}
	}
	return []prfSection{
		{
			Comments: []string{
				"Section 1: the profile. It is named after the address, so two people's",
				"kits used by one Windows user never meet. ModifyDefaultProfileIfPresent=FALSE",
				"keeps Outlook from adding the account to the profile already in use (a work",
				"profile, say). OverwriteProfile=No leaves an existing profile of this name as",
				"it is: importing twice neither deletes it (Yes would) nor adds the account a",
				"second time (Append would; IMAP accounts may repeat), so it is harmless if a",
				"build imports again at a later start. BackupProfile=No stops \"Backup of\"",
				"copies. DefaultProfile=Yes makes Outlook open this profile. Custom=1 marks a",
				"customised PRF, as the Office Customization Tool writes it.",
			},
			Name: "General",
			Keys: []prfKey{
				{"Custom", "1"},
				{"ProfileName", a.Email},
				{"DefaultProfile", "Yes"},
				{"OverwriteProfile", "No"},
				{"ModifyDefaultProfileIfPresent", "FALSE"},
				{"BackupProfile", "No"},
			},
		},
		{
			Comments: []string{"Section 2: services. The IMAP account gets its own data file from Outlook;",
				"the Outlook Address Book lets the Contacts folder be used when addressing mail."},
			Name: "Service List",
			Keys: []prfKey{{"Service1", "Outlook Address Book"}},
		},
		{Comments: []string{"Section 3: internet accounts."}, Name: "Internet Account List", Keys: []prfKey{{"Account1", "IMAP_I_Mail"}}},
		{Comments: []string{"Section 4: values for each service (the address book needs none)."}, Name: "Service1"},
		{Comments: append([]string{"Section 5: the IMAP account."}, accountNotes...), Name: "Account1", Keys: account1},
		{Comments: []string{"Section 6: mapping for profile properties. DO NOT MODIFY."}, Name: "Outlook Address Book", Keys: []prfKey{{"ServiceName", "CONTAB"}}},
		{Comments: []string{"Section 7: mapping for internet account properties. DO NOT MODIFY."}, Name: "IMAP_I_Mail", Keys: mappingKeys},
	}, nil
}

// mappingKeys are the keys of the [IMAP_I_Mail] section.
var mappingKeys = func() []prfKey {
	keys := []prfKey{{"AccountType", "IMAP"}}
	for _, m := range imapMapping {
		keys = append(keys, prfKey{m.Key, fmt.Sprintf("%s,0x%04X", m.Type, m.ID)})
	}
	return keys
}()

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// printableASCII reports whether s holds only the characters 0x20 to 0x7e,
// which are Windows-1252 as they are.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// prfValue returns s as a PRF value, transliterated to Windows-1252 where
// needed (note then says what was changed), or an error saying why s cannot
// be a PRF value. what names the value in the error.
func prfValue(what, s string) (value, note string, err error) {
	value, changed := s, false
	if !printableASCII(s) { // the usual case (addresses, hosts) skips this
		for _, r := range s {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 {
				return "", "", fmt.Errorf("outlook: the %s %q holds the control character %U, which a profile file cannot hold", what, s, r)
			}
		}
		value, changed, err = toWindows1252(s)
		if err != nil {
			return "", "", fmt.Errorf("outlook: the %s %q: %w; write it in Latin letters for Outlook, or leave outlook out of this person's clients", what, s, err)
		}
	}
	// Checked after transliteration: a full-width quote becomes a quote.
	if strings.TrimSpace(value) != value {
		return "", "", fmt.Errorf("outlook: the %s %q starts or ends with a space, which Outlook's profile-file reader drops; remove it", what, s)
	}
	if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
		return "", "", fmt.Errorf("outlook: the %s %q starts and ends with %c, which Outlook's profile-file reader removes; write it without the surrounding quotes", what, s, value[0])
	}
	if changed {
		note = fmt.Sprintf("The %s is written as %q: Windows-1252 has no letters for some of its accents.", what, value)
	}
	return value, note, nil
}
