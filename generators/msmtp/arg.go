package msmtp

import (
	"fmt"
	"strings"
)

// maxLine is the longest line msmtp reads: its buffer holds 500 bytes with
// the newline.
const maxLine = 499

// arg writes s as the argument of a msmtprc command. msmtp takes the rest of
// the line after the command, trims spaces and tabs from both ends, and
// removes one pair of double quotes when the argument starts and ends with
// one; there are no escapes, so quotes and backslashes inside stay as they
// are. A value of plain characters is written bare; anything else is put
// in double quotes, which keeps it exactly (blanks at the ends included).
func arg(s string) (string, error) {
	if strings.ContainsAny(s, "\r\n\x00") {
		return "", fmt.Errorf("msmtp: the value %q holds a line break or NUL, which a msmtprc line cannot", s)
	}
	if s != "" && strings.Trim(s, plain) == "" {
		return s, nil
	}
	return `"` + s + `"`, nil
}

// plain are the characters of host names, addresses and ~ paths.
const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.+-_~/:"
