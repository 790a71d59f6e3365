package verify

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-smtp"
)

// The password never appears in verify's output, in any form. verify never
// writes it itself; the danger is a server that repeats what it received:
// the LOGIN line with the password quoted and escaped as IMAP sends it, or
// the base64 of the SASL string that carries it (AUTH PLAIN, AUTH LOGIN).
// Masking the password inside text does not work (a short password such as
// "a" or "spectrum" would mask ordinary words and the address, and show
// where it occurs), so after a command that carried the password:
//
//   - a server's reply is shown by its codes only (IMAP NO/BAD and response
//     code, SMTP code and enhanced status code), which is what a diagnosis
//     needs; its free text is never shown;
//   - an error verify cannot read is shown as such, without its text;
//   - mailbox data (folder names, message headers) are shown unless they
//     hold the password in one of its forms, when the item is left out.

// hiddenText is a server's reply after the password was sent, reduced to
// what carries no server text. err is the typed error without its text,
// for the diagnosis.
type hiddenText struct {
	shown string
	err   error
}

func (e hiddenText) Error() string {
	return e.shown + " (the server's text is not shown after the password was sent)"
}

func (e hiddenText) Unwrap() error { return e.err }

// withoutServerText reduces an error that happened after the password was
// sent to its type and codes.
func withoutServerText(err error) error {
	var (
		ie      *imap.Error
		se      *smtp.SMTPError
		ne      net.Error
		bounded errTooLong
		errno   syscall.Errno
	)
	switch {
	case errors.As(err, &ie):
		e := &imap.Error{Type: ie.Type, Code: ie.Code}
		shown := "imap: " + string(ie.Type)
		if ie.Code != "" {
			shown += " [" + string(ie.Code) + "]"
		}
		return hiddenText{shown, e}
	case errors.As(err, &se):
		e := &smtp.SMTPError{Code: se.Code, EnhancedCode: se.EnhancedCode}
		return hiddenText{"SMTP " + smtpCodes(e), e}
	case errors.As(err, &bounded):
		return bounded
	case isOwn(err):
		return err // verify's own words
	case errors.As(err, &ne):
		// A network error's text is the addresses and the system's
		// words, never the server's.
		return ne
	case errors.As(err, &errno):
		return errno
	case errors.Is(err, io.ErrUnexpectedEOF):
		return io.ErrUnexpectedEOF
	case errors.Is(err, io.EOF):
		return io.EOF
	}
	return errUnreadable{}
}

// isOwn reports whether err is one of verify's own, whose text holds
// nothing a server said after the password.
func isOwn(err error) bool {
	var (
		unenc    errUnencrypted
		noMech   errNoAuthMech
		disabled errLoginDisabled
	)
	return errors.As(err, &unenc) || errors.As(err, &noMech) || errors.As(err, &disabled)
}

// errUnreadable is a reply after the password that verify could not read:
// its text is not shown, since it could repeat the password.
type errUnreadable struct{}

func (errUnreadable) Error() string {
	return "verify: the server's answer could not be read (its text is not shown after the password was sent)"
}

// smtpCodes is a reply's code and enhanced status code: "535 5.7.8".
func smtpCodes(se *smtp.SMTPError) string {
	if ec := se.EnhancedCode; ec[0] > 0 {
		return fmt.Sprintf("%d %d.%d.%d", se.Code, ec[0], ec[1], ec[2])
	}
	return strconv.Itoa(se.Code)
}

// secretForms are the forms the password takes on the wire, as a server
// could repeat them: itself, quoted and escaped (IMAP quoted strings, and
// Go's and JSON's escapes of the same characters), and base64 of every
// SASL string that carries it.
func secretForms(user, password string) []string {
	if password == "" {
		return nil
	}
	escaped := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(password)
	goQuoted := strconv.Quote(password)
	forms := []string{password, escaped, goQuoted[1 : len(goQuoted)-1]}
	for _, sasl := range []string{
		password,                                 // AUTH LOGIN's second answer
		"\x00" + user + "\x00" + password,        // AUTH PLAIN
		user + "\x00" + user + "\x00" + password, // AUTH PLAIN with an authorization identity
	} {
		forms = append(forms, base64.StdEncoding.EncodeToString([]byte(sasl)),
			base64.RawStdEncoding.EncodeToString([]byte(sasl)))
	}
	return forms
}

// holdsSecret reports whether text holds the password in any of its forms,
// apart from inside the user's address (a password "spectrum" is not
// revealed by alice@spectrum.net). A short password (under 6 bytes) counts
// only as a whole word: inside other words it is chance, not an echo.
func holdsSecret(text, user string, forms []string) bool {
	if user != "" {
		text = strings.ReplaceAll(text, user, " ")
	}
	for _, f := range forms {
		if f == "" {
			continue
		}
		if len(f) >= 6 && strings.Contains(text, f) {
			return true
		}
		for _, w := range strings.FieldsFunc(text, isWordEnd) {
			if w == f {
				return true
			}
		}
	}
	return false
}

func isWordEnd(r rune) bool {
	return r == ' ' || r == '\t' || strings.ContainsRune(`"'<>()[]{},;:=`, r)
}

// withheld replaces a mailbox item that holds the password.
const withheld = "(not shown: it holds the password)"
