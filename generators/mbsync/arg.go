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

// maxLine is the longest line isync 1.4 reads whole: config.c reads with
// fgets into a 1,024-byte buffer of which it offers 1,023, so 1,021 bytes
// and the newline fit; a longer line is cut there and its tail read as the
// next line.
const maxLine = 1021

// escaper escapes backslash and double quote inside a quoted argument.
var escaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// plain are the characters of host names, addresses and ~ paths.
const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.+-_~/:*"
