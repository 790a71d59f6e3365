package diag

import (
	"fmt"
	"strings"
)

// Printable returns s safe to print on a terminal: every control character
// (C0 with tab and newline, DEL, C1, the line and paragraph separators) and
// every invisible bidirectional control is written as a \x.. or \u....
// escape, so text from input can neither send a terminal escape sequence
// (retitle or clear the terminal, move the cursor to fake output) nor make
// a line display as something it is not. Inputs are checked when read;
// this is the last line of defence where input is printed.
func Printable(s string) string { return printable(s, false) }

// PrintableLines is Printable keeping line breaks, for messages of several
// lines (an error list).
func PrintableLines(s string) string { return printable(s, true) }

func printable(s string, keepNewlines bool) string {
	if !needsEscape(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r == 0xfffd && s[i] != 0xef: // a byte that is not UTF-8
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string, keepNewlines bool) bool {
	for i, r := range s {
		if r == '\n' && keepNewlines {
			continue
		}
		if unsafeRune(r) || r == 0xfffd && s[i] != 0xef {
			return true
		}
	}
	return false
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}
