package account

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Length caps of the free-text fields, in bytes. Each keeps every line a
// generator writes within the limit of the program that reads it, with room
// for the rest of the line (escaping may double a value):
//   - msmtp reads lines of at most 499 bytes plus the newline (conf.c,
//     LINEBUFSIZE 501) and refuses longer ones;
//   - isync/mbsync 1.4 reads lines in pieces of at most 1,022 bytes, so a
//     line of 1,023 bytes or more is split and its tail read as a new line
//     (a new directive: Tunnel, PassCmd, IMAPAccount...); generators keep
//     lines within 1,021;
//   - mutt and neomutt read a 20,000-byte line whole (measured), aerc's
//     go-ini reads lines with bufio.Reader.ReadBytes (no limit), and
//     Thunderbird's prefs parser, regedit and Wine's reg, Outlook's PRF
//     reader, plists and XML have no line limit a value of these sizes
//     comes near (the longest generated line is about 600 bytes).
//
// Every free-text field at its cap is read by the real clients in
// internal/app's TestInjectionRealClients, and the generators' fuzz targets
// check every line against its reader's limit.
const (
	// MaxEmail leaves room in a 255-byte file name for the longest name
	// the kit writer makes from an address: ".tmp-" + address + ".zip-" +
	// 12 hex digits is the address plus 22 bytes; 200 keeps 33 bytes spare
	// for names a later version may make.
	MaxEmail = 200
	// MaxName caps display names and the organization.
	MaxName = 256
	// MaxProfileName caps a profile's display name, printed in the first
	// comment line of every client file next to the address.
	MaxProfileName = 100
	// MaxSource caps a profile's source note (printed by `spectrumgen
	// profiles` only).
	MaxSource = 500
	// MaxPasswordCommand caps the password command after {email}, {local}
	// and {domain} are filled in: msmtp's "passwordeval "cmd"" line must fit
	// 499 bytes, and mbsync's PassCmd line, with every " and \ escaped,
	// 1,021.
	MaxPasswordCommand = 400
)

// CheckText returns why s cannot be a one-line text value of at most max
// bytes, or "". It is the check every free-text input passes: valid UTF-8,
// no control characters (C0 with tab and newline, DEL, C1, the Unicode line
// and paragraph separators), no invisible bidirectional controls (which can
// make text display as something else, "Trojan Source"), no byte order mark
// or non-characters, and the length cap. No client format can hold a line
// break on one line, and none of these characters belongs in a name, a host
// or a command.
func CheckText(s string, max int) string {
	// Printable ASCII, most of every manifest, needs no decoding: skip it
	// a byte at a time, and check the rest rune by rune.
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if rest := s[i:]; rest != "" {
		if !utf8.ValidString(rest) {
			return "it is not valid UTF-8 text"
		}
		for _, r := range rest {
			if why := badRune(r); why != "" {
				return why
			}
		}
	}
	if len(s) > max {
		return fmt.Sprintf("it is %d bytes long, longer than the %d bytes allowed", len(s), max)
	}
	return ""
}

// badRune says why r may not appear in any input text, or "".
func badRune(r rune) string {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029:
		return fmt.Sprintf("it contains the control character %U", r)
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c || r == 0xfeff:
		return fmt.Sprintf("it contains the invisible formatting character %U", r)
	case r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe:
		return fmt.Sprintf("it contains the non-character %U", r)
	}
	return ""
}

// CheckName returns why s cannot be a display name or organization, or "".
// Any printable text is fine (quotes, #, ;, $, backslashes, commas...).
func CheckName(s string) string {
	if why := CheckText(s, MaxName); why != "" {
		return strings.Replace(why, "it ", "the name ", 1)
	}
	return ""
}

// CheckProfileName returns why s cannot be a profile's display name, or "".
func CheckProfileName(s string) string {
	if strings.TrimSpace(s) == "" {
		return "the display name is empty"
	}
	if why := CheckText(s, MaxProfileName); why != "" {
		return strings.Replace(why, "it ", "the display name ", 1)
	}
	return ""
}

// CheckSource returns why s cannot be a profile's source note, or "".
func CheckSource(s string) string {
	if why := CheckText(s, MaxSource); why != "" {
		return strings.Replace(why, "it ", "the source ", 1)
	}
	return ""
}

// CheckPasswordCommand returns why cmd, with its placeholders filled in,
// cannot be the password command every client file holds on one line, or
// "".
func CheckPasswordCommand(cmd string) string {
	if strings.TrimSpace(cmd) == "" {
		return "the command is empty"
	}
	if why := CheckText(cmd, MaxPasswordCommand); why != "" {
		return strings.Replace(why, "it ", "the command ", 1)
	}
	return ""
}

// CheckIdentifierPrefix returns why s cannot be the reverse-DNS prefix of
// Apple profile identifiers, or "".
func CheckIdentifierPrefix(s string) string {
	if why := CheckHost(s); why != "" {
		return "not a reverse-DNS name: " + why
	}
	if !strings.Contains(s, ".") {
		return "a reverse-DNS name has at least two parts, e.g. com.example"
	}
	return ""
}

// OfficeVersions are the Outlook registry versions supported: 16.0 (2016
// and later, Microsoft 365) and 15.0 (2013).
var OfficeVersions = []string{"16.0", "15.0"}

// CheckOfficeVersion returns why s is not a supported Office version, or "".
func CheckOfficeVersion(s string) string {
	for _, v := range OfficeVersions {
		if s == v {
			return ""
		}
	}
	return fmt.Sprintf("unknown Office version %q", s)
}

// CheckKey returns why s cannot be a key (a profile or client name): lower
// case ASCII letters, digits, - and _, at most 64 bytes.
func CheckKey(s string) string {
	if s == "" {
		return "the name is empty"
	}
	if len(s) > 64 {
		return "the name is longer than 64 bytes"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Sprintf("the name %q has the character %q", s, r)
		}
	}
	return ""
}
