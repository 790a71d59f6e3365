package verify

import (
	"errors"
	"net/textproto"
	"testing"

	"github.com/emersion/go-smtp"
)

func TestSMTPError(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		code smtp.EnhancedCode
		text string
	}{
		{"5.7.0 Must issue a STARTTLS command first", smtp.EnhancedCode{5, 7, 0}, "Must issue a STARTTLS command first"},
		{"Authentication Required", smtp.EnhancedCode{}, "Authentication Required"},
		{"5.7 not a code", smtp.EnhancedCode{}, "5.7 not a code"},
	} {
		var se *smtp.SMTPError
		if !errors.As(smtpError(&textproto.Error{Code: 530, Msg: tc.msg}), &se) {
			t.Fatalf("%q: not an *smtp.SMTPError", tc.msg)
		}
		if se.Code != 530 || se.EnhancedCode != tc.code || se.Message != tc.text {
			t.Errorf("%q: got %d %v %q", tc.msg, se.Code, se.EnhancedCode, se.Message)
		}
		d := diagnose(se, where{proto: "smtp", step: "tls"})
		if d.Code != "smtp-530" {
			t.Errorf("%q: diagnosed %q", tc.msg, d.Code)
		}
	}
}
