package apple

import (
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// namespace is the UUIDv5 namespace of profile UUIDs: fixed forever, since
// changing it would make every device install updated profiles as new ones.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/spectrumgen/spectrumgen/generators/apple"))

// Identifier returns the profile's PayloadIdentifier:
// <prefix>.mail.<domain, reversed>.<local part, escaped>.
//
// It is the same on every run for the same address, so an updated profile
// replaces the installed one, and it differs for every two addresses: the
// domain's labels are letters, digits and "-" (checked), and the local part
// is escaped (escapeLocal) into letters, digits and "-" escapes, without
// dots, so the last dot always separates the two and each maps back to one
// address.
func Identifier(a account.Account) (string, error) {
	prefix := a.Options.AppleIdentifierPrefix
	if prefix == "" {
		return "", fmt.Errorf("apple: %s: no identifier prefix (apple_identifier_prefix)", a.Email)
	}
	local, domain, ok := strings.Cut(a.Email, "@")
	if !ok || local == "" {
		return "", fmt.Errorf("apple: %q is not an address", a.Email)
	}
	domain = strings.ToLower(domain)
	if why := account.CheckHost(domain); why != "" {
		return "", fmt.Errorf("apple: %s: %s", a.Email, why)
	}
	labels := strings.Split(domain, ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	return prefix + ".mail." + strings.Join(labels, ".") + "." + escapeLocal(local), nil
}

// escapeLocal maps an address's local part to letters and digits, writing
// every other byte (".", "_", "+", "-", upper case...) as "-" and two hex
// digits. "-" itself is escaped, so the mapping is one-to-one: "a.b" is
// "a-2eb", "a-b" is "a-2db", and "a-2eb" is "a-2d2eb".
func escapeLocal(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "-%02x", c)
	}
	return b.String()
}

// UUID returns the UUIDv5 of an identifier, in the upper case that Apple's
// own tools write.
func UUID(identifier string) string {
	return strings.ToUpper(uuid.NewSHA1(namespace, []byte(identifier)).String())
}
