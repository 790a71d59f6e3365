package generators

import (
	"bytes"
	"fmt"
	"reflect"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// CommentText returns s written into a comment line of a client's file,
// or why it cannot be. A comment ends at the line break, so s may hold no
// line break or other control character: the next line would be read as a
// directive (a muttrc "set", an aerc [section], msmtp's passwordeval,
// mbsync's PassCmd). Validation refuses such text before any generator
// runs (account.Check); this keeps each generator safe on its own.
func CommentText(client, what, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%s: the %s %q is not valid UTF-8", client, what, s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 {
			return "", fmt.Errorf("%s: the %s %q holds the control character %U, which would end the comment line", client, what, s, r)
		}
	}
	return s, nil
}

// MaxFixedText bounds the fixed text a template puts on a line beside the
// address and the profile's display name (its comment lines: "# msmtp
// configuration for ... (...), made by spectrumgen."); generators with a
// line limit check address + display name + MaxFixedText against it
// before rendering, and every rendered line after (CheckLines).
const MaxFixedText = 100

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

// OneLine returns an error naming the first string field of a (every one,
// found by reflection: a field added later is covered) that holds a
// character ending a line in some reader or a control character: a line
// break, CR, NEL, U+2028/2029, NUL, an escape. Line-oriented generators
// call it first, so an account that skipped validation (account.Check
// refuses these first) still cannot add a line to their files.
func OneLine(client string, a account.Account) error {
	// Every generator calls this for every person, and almost every
	// account passes: the first walk only looks, building no field path
	// (which would allocate for each field); a second walk names the field
	// when there is one to name.
	v := reflect.ValueOf(&a).Elem()
	if !holdsControl(v) {
		return nil
	}
	return oneLine(client, v, "")
}

// holdsControl reports whether a string in v holds a character OneLine
// refuses.
func holdsControl(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if holdsControl(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if holdsControl(v.Index(i)) {
				return true
			}
		}
	case reflect.String:
		s := v.String()
		for i := 0; i < len(s); i++ {
			// Printable ASCII passes byte by byte; anything else is
			// decoded and judged by controlRune.
			if c := s[i]; c < 0x20 || c >= 0x7f {
				r, size := utf8.DecodeRuneInString(s[i:])
				if controlRune(r) {
					return true
				}
				i += size - 1
			}
		}
	}
	return false
}

// controlRune reports whether r ends a line in some reader or is a control
// character.
func controlRune(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029
}

func oneLine(client string, v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			p := v.Type().Field(i).Name
			if path != "" {
				p = path + "." + p
			}
			if err := oneLine(client, v.Field(i), p); err != nil {
				return err
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if err := oneLine(client, v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.String:
		for _, r := range v.String() {
			if controlRune(r) {
				return fmt.Errorf("%s: %s %q holds the control character %U, which no line of the file may hold", client, path, v.String(), r)
			}
		}
	}
	return nil
}
