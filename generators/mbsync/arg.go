package mbsync

import (
	"fmt"
	"strings"
)

// arg writes s as one argument of an mbsyncrc line. isync splits a line at
// blanks outside double quotes; a double quote toggles quoting and a
// backslash makes the next character literal, anywhere in the argument. A
// value of plain characters is written bare; anything else goes in double
// quotes with backslash and double quote escaped, which reads back exactly.
func arg(s string) (string, error) {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("mbsync: the value %q holds the control character %U, which an mbsyncrc line cannot", s, r)
		}
	}
	if s != "" && strings.Trim(s, plain) == "" {
		return s, nil
	}
	return `"` + escaper.Replace(s) + `"`, nil
}

// maxLine is the longest line written for isync 1.4, which reads its
// configuration in pieces of at most 1,022 bytes: a line of 1,023 bytes or
// more is cut there and the rest read as a line of its own, a directive
// (measured with mbsync 1.4.4, internal/app TestMbsyncLongLineRealClient).
// 1,021 keeps the newline in the same piece.
const maxLine = 1021

// escaper escapes backslash and double quote inside a quoted argument.
var escaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// plain are the characters of host names, addresses and ~ paths.
const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.+-_~/:*"
