package outlook

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// iniSection is one [section] of a PRF as read back.
type iniSection struct {
	Name string
	Keys []prfKey
}

func (s iniSection) get(key string) (string, bool) {
	for _, k := range s.Keys {
		if strings.EqualFold(k.Key, key) {
			return k.Value, true
		}
	}
	return "", false
}

// readPRF parses a PRF strictly, with the Windows profile (INI) reading
// rules Outlook uses (GetPrivateProfileString): decode Windows-1252, split
// at the first "=", drop spaces around key and value, drop one pair of
// matching quotes around a value, ";" comments at line start only. It
// refuses a BOM, bare CR or LF, duplicate sections or keys, and keys
// outside a section.
func readPRF(data []byte) ([]iniSection, error) {
	if bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return nil, fmt.Errorf("the file starts with a byte-order mark")
	}
	for _, b := range data {
		switch {
		case b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d:
			return nil, fmt.Errorf("byte %#x is not a Windows-1252 character", b)
		case b < 0x20 && b != '\r' && b != '\n' || b == 0x7f:
			return nil, fmt.Errorf("control byte %#x", b)
		}
	}
	text, err := charmap.Windows1252.NewDecoder().String(string(data))
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(text, "\r\n") {
		return nil, fmt.Errorf("the file does not end with CRLF")
	}
	var secs []iniSection
	for i, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		n := i + 1
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: bare CR or LF", n)
		}
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, ";"):
		case strings.HasPrefix(t, "["):
			if !strings.HasSuffix(t, "]") {
				return nil, fmt.Errorf("line %d: section line without ]", n)
			}
			name := t[1 : len(t)-1]
			for _, s := range secs {
				if strings.EqualFold(s.Name, name) {
					return nil, fmt.Errorf("line %d: section [%s] twice", n, name)
				}
			}
			secs = append(secs, iniSection{Name: name})
		default:
			key, value, ok := strings.Cut(l, "=")
			if !ok {
				return nil, fmt.Errorf("line %d: %q has no =", n, l)
			}
			if len(secs) == 0 {
				return nil, fmt.Errorf("line %d: key outside a section", n)
			}
			key, value = strings.TrimSpace(key), strings.TrimSpace(value)
			if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
				value = value[1 : len(value)-1]
			}
			s := &secs[len(secs)-1]
			if _, dup := s.get(key); dup {
				return nil, fmt.Errorf("line %d: key %s twice in [%s]", n, key, s.Name)
			}
			s.Keys = append(s.Keys, prfKey{key, value})
		}
	}
	return secs, nil
}

func section(t testing.TB, secs []iniSection, name string) iniSection {
	t.Helper()
	for _, s := range secs {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no [%s] section", name)
	return iniSection{}
}

// documentedMapping is FORMATS.md §7's part of the [IMAP_I_Mail] block, kept
// apart from the generator's table so a typo there fails here.
var documentedMapping = map[string]string{
	"IMAPServer":           "PT_UNICODE,0x0100",
	"IMAPPort":             "PT_LONG,0x0104",
	"IMAPUseSSL":           "PT_LONG,0x0105",
	"SMTPServer":           "PT_UNICODE,0x0200",
	"SMTPPort":             "PT_LONG,0x0201",
	"SMTPSecureConnection": "PT_LONG,0x020A",
	"AccountName":          "PT_UNICODE,0x0002",
	"DisplayName":          "PT_UNICODE,0x000B",
	"EmailAddress":         "PT_UNICODE,0x000C",
	"IMAPUserName":         "PT_UNICODE,0x0101",
	"SMTPUserName":         "PT_UNICODE,0x0204",
}

// Encryption codes, from FORMATS.md §7 (SMTP Secure Connection 0/1/2).
var wantSecure = map[account.Security]string{account.None: "0", account.SSL: "1", account.STARTTLS: "2"}

// checkPRF reads a generated PRF back and checks it against the account
// and against its own mapping block.
func checkPRF(t testing.TB, a account.Account, data []byte) {
	t.Helper()
	if !bytes.Contains(data, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("the PRF's lines do not all end with CRLF")
	}
	secs, err := readPRF(data)
	if err != nil {
		t.Fatalf("reading the PRF: %v", err)
	}
	general := section(t, secs, "General")
	for k, want := range map[string]string{"ProfileName": a.Email, "DefaultProfile": "Yes", "OverwriteProfile": "No", "ModifyDefaultProfileIfPresent": "FALSE", "BackupProfile": "No"} {
		if got, _ := general.get(k); got != want {
			t.Errorf("[General] %s = %q, want %q", k, got, want)
		}
	}
	list := section(t, secs, "Internet Account List")
	if len(list.Keys) != 1 || list.Keys[0] != (prfKey{"Account1", "IMAP_I_Mail"}) {
		t.Errorf("[Internet Account List] = %+v", list.Keys)
	}
	services := section(t, secs, "Service List")
	for _, k := range services.Keys {
		section(t, secs, k.Key)   // [Service1]: its values
		section(t, secs, k.Value) // [Outlook Address Book]: its mapping
	}

	mapping := section(t, secs, "IMAP_I_Mail")
	if typ, _ := mapping.get("AccountType"); typ != "IMAP" {
		t.Errorf("[IMAP_I_Mail] AccountType = %q", typ)
	}
	for k, want := range documentedMapping {
		if got, _ := mapping.get(k); got != want {
			t.Errorf("[IMAP_I_Mail] %s = %q, want %q", k, got, want)
		}
	}
	ids := map[string]string{}
	for _, m := range mapping.Keys {
		if m.Key == "AccountType" {
			continue
		}
		typ, id, ok := strings.Cut(m.Value, ",")
		if !ok || (typ != "PT_UNICODE" && typ != "PT_LONG") || !strings.HasPrefix(id, "0x") {
			t.Errorf("[IMAP_I_Mail] %s = %q is not PT_UNICODE|PT_LONG,0xNNNN", m.Key, m.Value)
		}
		if _, err := strconv.ParseUint(id[2:], 16, 16); err != nil {
			t.Errorf("[IMAP_I_Mail] %s: id %q: %v", m.Key, id, err)
		}
		if other, dup := ids[id]; dup {
			t.Errorf("[IMAP_I_Mail] %s and %s share the id %s", m.Key, other, id)
		}
		ids[id] = m.Key
	}

	acct := section(t, secs, "Account1")
	name, _, err := toWindows1252(a.DisplayName())
	if err != nil {
		t.Fatal(err)
	}
	smtpAuth := "0"
	if a.Outgoing.Auth == account.Password {
		smtpAuth = "1"
	}
	want := map[string]string{
		"UniqueService":        "No",
		"AccountName":          a.Email,
		"DisplayName":          name,
		"EmailAddress":         a.Email,
		"IMAPServer":           a.Incoming.Host,
		"IMAPUserName":         a.Incoming.Username,
		"IMAPPort":             strconv.Itoa(a.Incoming.Port),
		"IMAPUseSSL":           wantSecure[a.Incoming.Security],
		"IMAPUseSPA":           "0",
		"SMTPServer":           a.Outgoing.Host,
		"SMTPPort":             strconv.Itoa(a.Outgoing.Port),
		"SMTPSecureConnection": wantSecure[a.Outgoing.Security],
		"SMTPUseAuth":          smtpAuth,
		"SMTPAuthMethod":       "0",
		"SMTPUserName":         a.Outgoing.Username,
		"ConnectionType":       "0",
		"DefaultAccount":       "TRUE",
	}
	if len(acct.Keys) != len(want) {
		t.Errorf("[Account1] has %d keys, want %d", len(acct.Keys), len(want))
	}
	for _, k := range acct.Keys {
		if w, ok := want[k.Key]; !ok || k.Value != w {
			t.Errorf("[Account1] %s = %q, want %q", k.Key, k.Value, w)
		}
		if k.Key == "UniqueService" || k.Key == "DefaultAccount" {
			continue // import directives, not properties
		}
		m, ok := mapping.get(k.Key)
		if !ok {
			t.Errorf("[Account1] %s has no mapping in [IMAP_I_Mail]: Outlook would drop it", k.Key)
			continue
		}
		if strings.HasPrefix(m, "PT_LONG,") {
			if _, err := strconv.ParseInt(k.Value, 10, 32); err != nil {
				t.Errorf("[Account1] %s = %q is PT_LONG but not a number", k.Key, k.Value)
			}
		}
	}
}

func TestPRFForEveryAccount(t *testing.T) {
	for _, a := range append(fixture.Example(t, "outlook"), fixture.Hostile(t, "outlook")...) {
		data, err := PRF(a)
		if err != nil {
			if strings.Contains(err.Error(), "no Windows-1252 form") {
				continue // checked in TestPRFRefuses
			}
			t.Fatalf("%s: %v", a.Email, err)
		}
		checkPRF(t, a, data)
	}
}

// TestPRFStartTLSAndNoAuth covers the codes the profiles do not use.
func TestPRFStartTLSAndNoAuth(t *testing.T) {
	a := fixture.Example(t, "outlook")[0]
	a.Incoming.Security, a.Incoming.Port = account.STARTTLS, 143
	a.Outgoing.Security, a.Outgoing.Auth, a.Outgoing.Port = account.None, account.NoAuth, 25
	data, err := PRF(a)
	if err != nil {
		t.Fatal(err)
	}
	checkPRF(t, a, data)
	if !bytes.Contains(data, []byte("\r\nIMAPUseSSL=2\r\n")) || !bytes.Contains(data, []byte("\r\nSMTPSecureConnection=0\r\n")) || !bytes.Contains(data, []byte("\r\nSMTPUseAuth=0\r\n")) {
		t.Errorf("codes not written:\n%s", data)
	}
}

func TestPRFDisplayNames(t *testing.T) {
	a := fixture.Example(t, "outlook")[0]
	for in, want := range map[string]string{
		"Zoë Müller":                  "Zoë Müller",
		"Zoe\u0308 Mu\u0308ller":      "Zoë Müller", // decomposed: composed again
		"Łukasz Ćwik":                 "",           // Ł has no accent-free form: refused
		"Ćwik Gönül Şahin Dvořák":     "Cwik Gönül Sahin Dvorák",
		`Pat "The Boss" O'Brien`:      `Pat "The Boss" O'Brien`,
		`Front Desk #1; Room 2 = [x]`: `Front Desk #1; Room 2 = [x]`,
		"ﬁnance Ａ":                    "finance A",
		"€ ‰ – “x” …":                 "€ ‰ – “x” …", // all in Windows-1252
	} {
		a.Name = in
		data, err := PRF(a)
		if want == "" {
			if err == nil || !strings.Contains(err.Error(), "Ł") {
				t.Errorf("%q: err = %v, want a refusal naming Ł", in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		secs, err := readPRF(data)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := section(t, secs, "Account1").get("DisplayName"); got != want {
			t.Errorf("%q: DisplayName = %q, want %q", in, got, want)
		}
		transliterated := norm.NFC.String(in) != want
		if noted := bytes.Contains(data, []byte("; The display name is written as")); noted != transliterated {
			t.Errorf("%q: transliteration note present = %v, want %v", in, noted, transliterated)
		}
	}
}

func TestPRFRefuses(t *testing.T) {
	a := fixture.Example(t, "outlook")[0]
	for in, want := range map[string]string{
		"山田太郎":          "no Windows-1252 form",
		"Pat 😀":         "no Windows-1252 form",
		`"The Boss"`:    "surrounding quotes",
		`'Boss'`:        "surrounding quotes",
		"＂Boss＂":        "surrounding quotes", // full-width quotes become quotes
		" Pat":          "space",
		"Pat\u2003":     "space",
		"a\nb":          "control character",
		"a\u0085b":      "control character",
		"Zoë Ünlü 山田太郎": "山",
	} {
		a.Name = in
		_, err := PRF(a)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want it to mention %q", in, err, want)
		}
	}
}

func FuzzPRF(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n)
	}
	f.Add("Zoe\u0308 Ćwik ﬁ")
	base := fixture.Example(f, "outlook")[0]
	f.Fuzz(func(t *testing.T, name string) {
		a := base
		a.Name = name
		data, err := PRF(a)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "outlook: the display name") && !strings.HasPrefix(err.Error(), "outlook: Name ") {
				t.Fatalf("%q: unexpected error %v", name, err)
			}
			return
		}
		checkPRF(t, a, data)
	})
}

// TestPRFRefusesBadServerValues: values other than the name come validated,
// and the PRF still refuses any that would not read back unchanged.
func TestPRFRefusesBadServerValues(t *testing.T) {
	for _, mutate := range []func(*account.Account){
		func(a *account.Account) { a.Incoming.Host = "imap.spectrum.com\r\n[General]" },
		func(a *account.Account) { a.Outgoing.Username = " a@spectrum.net" },
		func(a *account.Account) { a.Incoming.Username = "山@spectrum.net" },
	} {
		a := fixture.Example(t, "outlook")[0]
		mutate(&a)
		if _, err := PRF(a); err == nil {
			t.Errorf("PRF accepted %+v", a)
		}
	}
}
