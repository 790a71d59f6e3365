package account

import (
	"fmt"
	"strings"
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
	case len(s) > MaxEmail:
		return fmt.Sprintf("the address is %d bytes long, longer than the %d bytes a kit can hold (the kit's files and folders are named after it, and a file name holds at most 255 bytes)", len(s), MaxEmail)
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
	if local[0] == '-' {
		// {local} and {email} are words of the password command: a word
		// starting with - is read as an option ("gpg --decrypt {local}").
		return "the part before the @ starts with -, which a password command would read as an option"
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
	// The labels one after another, without the slice strings.Split
	// allocates: every account's addresses and hosts come through here.
	for rest, more := s, true; more; {
		var label string
		label, rest, more = strings.Cut(rest, ".")
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

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
