package outlook

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// inWindows1252 reports whether r has a byte in Windows-1252.
func inWindows1252(r rune) bool {
	_, ok := charmap.Windows1252.EncodeRune(r)
	return ok
}

// toWindows1252 returns s in characters Windows-1252 can hold. Text is first
// composed (NFC), so "e" + U+0308 becomes "ë", which Windows-1252 has. A
// character it still lacks is replaced by its compatibility decomposition
// without accents ("ć" -> "c", "ő" -> "o", "ﬁ" -> "fi", "Ａ" -> "A");
// changed reports that this happened. A character with no such form (CJK,
// emoji, "ł") is an error naming it: it is never dropped or turned into "?".
func toWindows1252(s string) (out string, changed bool, err error) {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if inWindows1252(r) {
			b.WriteRune(r)
			continue
		}
		var base []rune
		for _, d := range norm.NFKD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				base = append(base, d)
			}
		}
		if len(base) == 0 {
			return "", false, fmt.Errorf("the character %q (%U) has no Windows-1252 form", r, r)
		}
		for _, d := range base {
			if !inWindows1252(d) || d < 0x20 {
				return "", false, fmt.Errorf("the character %q (%U) has no Windows-1252 form", r, r)
			}
		}
		b.WriteString(string(base))
		changed = true
	}
	return b.String(), changed, nil
}
