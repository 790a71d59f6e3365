package account

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// CheckEmail returns why s is not an address this tool accepts, or "".
//
// The accepted set is deliberately narrow: ASCII letters, digits and ". _ + -"
// before the @, and a host name after it. Every real Spectrum address fits,
// and an address in this set is safe as a directory name, inside a URL, in a
// shell command and in every client's file format without further thought.
func CheckEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case s == "":
		return "the address is empty"
	case !ok:
		return "the address has no @"
	case strings.Contains(domain, "@"):
		return "the address has more than one @"
	case local == "":
		return "nothing before the @"
	case len(s) > 254:
		return "the address is longer than 254 characters"
	case len(local) > 64:
		return "the part before the @ is longer than 64 characters"
	}
	for _, r := range local {
		if !isAlnum(r) && !strings.ContainsRune("._+-", r) {
			return fmt.Sprintf("the character %q is not accepted before the @ (use letters, digits and . _ + -)", r)
		}
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "dots may not start or end the name or stand twice in a row"
	}
	if why := CheckHost(domain); why != "" {
		return "after the @: " + why
	}
	if !strings.Contains(domain, ".") {
		return "the domain after the @ has no dot"
	}
	return ""
}

// CheckHost returns why s is not a valid DNS host name, or "".
func CheckHost(s string) string {
	if s == "" {
		return "the host name is empty"
	}
	if len(s) > 253 {
		return "the host name is longer than 253 characters"
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" {
			return "the host name has an empty part (two dots, or a dot at an end)"
		}
		if len(label) > 63 {
			return "a part of the host name is longer than 63 characters"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "a part of the host name starts or ends with -"
		}
		for _, r := range label {
			if !isAlnum(r) && r != '-' {
				return fmt.Sprintf("the character %q is not allowed in a host name (use the ASCII form, xn--..., for international names)", r)
			}
		}
	}
	return ""
}

// CheckName returns why s cannot be a display name, or "". Any printable
// text is fine; control characters (newlines, tabs, NUL...) are not, since
// no client format can hold them on one line.
func CheckName(s string) string {
	if !utf8.ValidString(s) {
		return "the name is not valid UTF-8 text"
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return fmt.Sprintf("the name contains the control character %U", r)
		}
		// Bidirectional overrides can make a name display as something
		// else ("Trojan Source"); no real name needs them.
		if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0xfeff {
			return fmt.Sprintf("the name contains the invisible formatting character %U", r)
		}
		if r == 0xfffe || r == 0xffff {
			return fmt.Sprintf("the name contains the non-character %U", r)
		}
	}
	if len(s) > 256 {
		return "the name is longer than 256 bytes"
	}
	return ""
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
