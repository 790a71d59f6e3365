package aerc

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// interpolation is go-ini's %(key)s reference, which aerc's INI reader
// replaces with another key's value when such a key exists.
var interpolation = regexp.MustCompile(`%\([^)]+\)s`)

// iniValue writes s as a value of aerc's accounts.conf, which aerc reads
// with go-ini (aerc 0.14 and current alike). Read unquoted, a value loses
// everything from its first # or ; (a comment), its surrounding spaces, a
// pair of surrounding quotes, and a trailing backslash joins it to the next
// line. A value starting with a backtick instead runs to the LAST backtick
// on the line and is taken verbatim, so wrapping in backticks protects any
// one-line value, backticks inside it included. Only what no quoting can
// protect is refused: line breaks, and go-ini's %(key)s references.
func iniValue(s string) (string, error) {
	if strings.ContainsAny(s, "\r\n") {
		return "", fmt.Errorf("aerc: the value %q holds a line break, which an INI value cannot", s)
	}
	if strings.Contains(s, "%(") && interpolation.MatchString(s) {
		return "", fmt.Errorf("aerc: the value %q holds %q, which aerc's INI reader replaces with another setting; remove it",
			s, interpolation.FindString(s))
	}
	if needsBackticks(s) {
		return "`" + s + "`", nil
	}
	return s, nil
}

// needsBackticks reports whether s would not read back as itself unquoted.
func needsBackticks(s string) bool {
	if s == "" {
		return false
	}
	r := []rune(s)
	return strings.ContainsAny(s, "#;") ||
		strings.HasPrefix(s, "`") || strings.HasPrefix(s, `"""`) ||
		unicode.IsSpace(r[0]) || unicode.IsSpace(r[len(r)-1]) ||
		strings.HasSuffix(s, `\`) ||
		surrounded(s, '"') || surrounded(s, '\'')
}

// surrounded reports whether go-ini would strip q from both ends of s: it
// does when s starts and ends with q and holds no other q.
func surrounded(s string, q byte) bool {
	return len(s) >= 2 && s[0] == q && s[len(s)-1] == q && strings.Count(s, string(q)) == 2
}
