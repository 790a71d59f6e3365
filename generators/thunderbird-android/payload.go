package tbandroid

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// The numbers of the "Export for Mobile" format, version 1
// (thunderbird-android, feature/migration/qrcode/qr-code-format.md).
const (
	formatVersion = 1
	protocolIMAP  = 0 // IncomingProtocol
	protocolSMTP  = 0 // OutgoingProtocol

	securityPlain    = 0 // ConnectionSecurity; 1 is a legacy value writers must not use
	securityStartTLS = 2
	securityTLS      = 3

	authNone     = 0 // AuthenticationType
	authPassword = 1 // PasswordCleartext: a normal password, inside TLS
)

// MaxPayload is the most bytes a code may hold. Thunderbird's own writer
// aims at 800 characters a code, since bigger codes are harder to scan
// from a screen or paper; one account cannot be split over two codes, so a
// longer payload is refused rather than printed as a code phones miss.
const MaxPayload = 800

// security maps the account's security, as the profile says it, never
// guessed from the port: Spectrum's SMTP on 587 is implicit TLS (3).
func security(s account.Security) (int, error) {
	switch s {
	case account.SSL:
		return securityTLS, nil
	case account.STARTTLS:
		return securityStartTLS, nil
	case account.None:
		return securityPlain, nil
	}
	return 0, fmt.Errorf("unknown security %q", s)
}

func authentication(a account.Auth) (int, error) {
	switch a {
	case account.Password:
		return authPassword, nil
	case account.NoAuth:
		return authNone, nil
	}
	return 0, fmt.Errorf("unknown authentication %q", a)
}

// Payload returns the code's content: one account, sequence 1 of 1, as the
// UTF-8 JSON of positional arrays the format prescribes:
//
//	[1, [1, 1],
//	 [0, imapHost, port, security, auth, user, accountName, ""],
//	 [[[0, smtpHost, port, security, auth, user, ""], [email, displayName]]]]
//
// Optional strings are written as "" (the app reads them with a string
// reader that a null would break); the passwords are empty, so the app
// asks for them after the import. The account name is the address, as in
// the other clients. It fails when the payload would exceed MaxPayload or
// a value breaks a rule of the format (ASCII host names and addresses, no
// line breaks).
func Payload(a account.Account) ([]byte, error) {
	in, out := a.Incoming, a.Outgoing
	inSec, err := security(in.Security)
	if err != nil {
		return nil, fmt.Errorf("thunderbird-android: %s: incoming server: %w", a.Email, err)
	}
	outSec, err := security(out.Security)
	if err != nil {
		return nil, fmt.Errorf("thunderbird-android: %s: outgoing server: %w", a.Email, err)
	}
	inAuth, err := authentication(in.Auth)
	if err != nil {
		return nil, fmt.Errorf("thunderbird-android: %s: incoming server: %w", a.Email, err)
	}
	outAuth, err := authentication(out.Auth)
	if err != nil {
		return nil, fmt.Errorf("thunderbird-android: %s: outgoing server: %w", a.Email, err)
	}
	for _, f := range []struct{ what, s string }{
		{"the incoming server's host name", in.Host}, {"the outgoing server's host name", out.Host}, {"the address", a.Email},
	} {
		if !isASCII(f.s) {
			return nil, fmt.Errorf("thunderbird-android: %s: %s %q is not ASCII, which the QR code format requires (use the xn-- form)", a.Email, f.what, f.s)
		}
	}
	for _, f := range []struct{ what, s string }{
		{"name", a.Name}, {"incoming user name", in.Username}, {"outgoing user name", out.Username},
	} {
		if bytes.ContainsAny([]byte(f.s), "\r\n") {
			return nil, fmt.Errorf("thunderbird-android: %s: the %s has a line break, which the app refuses", a.Email, f.what)
		}
	}
	for _, s := range []account.Server{in, out} {
		if s.Port < 1 || s.Port > 65535 {
			return nil, fmt.Errorf("thunderbird-android: %s: port %d is outside 1-65535", a.Email, s.Port)
		}
	}
	doc := []any{
		formatVersion,
		[]int{1, 1},
		[]any{protocolIMAP, in.Host, in.Port, inSec, inAuth, in.Username, a.Email, ""},
		[]any{
			[]any{
				[]any{protocolSMTP, out.Host, out.Port, outSec, outAuth, out.Username, ""},
				[]string{a.Email, a.Name},
			},
		},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// No \u003c for "<" and the like: valid JSON either way, but six bytes
	// where one does, in a code whose size matters.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("thunderbird-android: %s: %w", a.Email, err)
	}
	p := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	if len(p) > MaxPayload {
		return nil, fmt.Errorf("thunderbird-android: %s: the QR code would hold %d bytes, more than the %d a phone reads reliably, and one account cannot be split over two codes; shorten the display name (%d bytes) or leave thunderbird-android out of this person's clients", a.Email, len(p), MaxPayload, len(a.Name))
	}
	return p, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
