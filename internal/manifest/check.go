package manifest

import (
	"fmt"
	"regexp"
	"slices"
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

func checkPasswordCommand(cmd string) string {
	if strings.TrimSpace(cmd) == "" {
		return "the command is empty"
	}
	if len(cmd) > 1024 {
		return "the command is longer than 1024 bytes"
	}
	for _, r := range cmd {
		if r < 0x20 || r == 0x7f {
			return fmt.Sprintf("the command contains the control character %U", r)
		}
	}
	for _, p := range placeholderRE.FindAllString(cmd, -1) {
		if _, ok := placeholders[p]; !ok {
			return fmt.Sprintf("unknown placeholder %s", p)
		}
	}
	return ""
}

// expandCommand fills the placeholders. Addresses are limited to characters
// that are safe in a shell word, so the result needs no extra quoting.
func expandCommand(cmd string, a account.Account) string {
	return placeholderRE.ReplaceAllStringFunc(cmd, func(p string) string { return placeholders[p](a) })
}

func checkIdentifierPrefix(s string) string {
	if why := account.CheckHost(s); why != "" {
		return "not a reverse-DNS name: " + why
	}
	if !strings.Contains(s, ".") {
		return "a reverse-DNS name has at least two parts, e.g. com.example"
	}
	return ""
}

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

func checkOfficeVersion(s string) string {
	if !slices.Contains(OfficeVersions, s) {
		return fmt.Sprintf("unknown Office version %q", s)
	}
	return ""
}
