package generators

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// CommentText returns s written into a comment line of a client's file,
// or why it cannot be. A comment ends at the line break, so s may hold no
// line break or other control character: the next line would be read as a
// directive (a muttrc "set", an aerc [section], msmtp's passwordeval,
// mbsync's PassCmd). Validation refuses such text before any generator
// runs (account.Check); this keeps each generator safe on its own. A
// trailing backslash is refused too: mutt joins the next line to a line
// ending in one, comments included.
func CommentText(client, what, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%s: the %s %q is not valid UTF-8", client, what, s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 {
			return "", fmt.Errorf("%s: the %s %q holds the control character %U, which would end the comment line", client, what, s, r)
		}
	}
	if strings.HasSuffix(s, `\`) {
		return "", fmt.Errorf("%s: the %s %q ends with a backslash, which joins the next line to the comment", client, what, s)
	}
	return s, nil
}

// CheckLines returns an error naming the first line of data longer than
// max bytes (without its line break), the longest its reader takes whole:
// a reader that splits a longer line reads its tail as a line of its own.
func CheckLines(client, file string, data []byte, max int) error {
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > max {
			return fmt.Errorf("%s: line %d of %s is %d bytes long, longer than the %d bytes %s reads as one line; shorten the value on it (%.40q...)",
				client, n, file, len(line), max, client, line)
		}
	}
	return nil
}
