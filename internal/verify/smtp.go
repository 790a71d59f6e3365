package verify

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// checkSMTP verifies the outgoing server: connection, TLS, greeting and
// EHLO, and with a password AUTH (PLAIN or LOGIN, as offered), then QUIT.
// Nothing is ever sent; a server that needs no login is asked MAIL FROM and
// then RSET, to show it would take mail.
func checkSMTP(ctx context.Context, a account.Account, opt Options) []Check {
	srv := a.Outgoing
	st := newSteps("smtp", srv)
	s := open(ctx, st, opt, srv)
	if s == nil {
		return st.finish()
	}
	defer s.Close()
	client := smtp.NewClient(s.lib)
	client.CommandTimeout = opt.Timeout
	defer client.Close()

	ok := st.run("ehlo", "EHLO", func(c *Check) error {
		if err := client.Hello(opt.LocalName); err != nil {
			return err
		}
		c.Detail = strings.Join(extensions(client), " ")
		return nil
	})
	if !ok {
		return st.finish()
	}
	hasAuth, authParam := client.Extension("AUTH")
	startTLS, _ := client.Extension("STARTTLS")
	mech, cl := saslClient(authParam, srv.Username, opt.Password)
	var unusable error
	if cl == nil {
		// No AUTH, or none verify (and a mail client set up with a
		// normal password) can use: sending will fail with 530.
		unusable = errNoAuthMech{offered: authParam, none: !hasAuth}
	}
	if srv.Auth == account.NoAuth {
		st.run("mail", "MAIL FROM", func(c *Check) error {
			if err := client.Mail(a.Email, nil); err != nil {
				return err
			}
			c.Detail = "the server takes mail from " + a.Email + " without a login (then RSET: nothing sent)"
			return client.Reset()
		})
	} else if loginWanted(st, srv, opt, s.tls, startTLS, unusable) {
		ok = st.run("auth", "login", func(c *Check) error {
			st.sentPassword = true
			client.CommandTimeout = opt.LoginTimeout
			err := s.conn.patient(opt.LoginTimeout, func() error { return client.Auth(cl) })
			client.CommandTimeout = opt.Timeout
			if err != nil {
				return err
			}
			c.Detail = fmt.Sprintf("AUTH %s accepted for %s", mech, srv.Username)
			return nil
		})
		if !ok {
			return st.finish()
		}
	}
	st.run("quit", "QUIT", func(c *Check) error {
		c.Detail = "closed without sending anything"
		return client.Quit()
	})
	return st.finish()
}

// saslClient picks PLAIN, else LOGIN, from the AUTH line's mechanisms.
func saslClient(offered, user, pass string) (string, sasl.Client) {
	mechs := strings.Fields(strings.ToUpper(offered))
	for _, m := range mechs {
		if m == "PLAIN" {
			return m, sasl.NewPlainClient("", user, pass)
		}
	}
	for _, m := range mechs {
		if m == "LOGIN" {
			return m, sasl.NewLoginClient(user, pass)
		}
	}
	return "", nil
}

// knownExtensions are the EHLO keywords shown; go-smtp answers for one
// keyword at a time.
var knownExtensions = []string{"STARTTLS", "AUTH", "SIZE", "8BITMIME", "PIPELINING",
	"ENHANCEDSTATUSCODES", "SMTPUTF8", "CHUNKING", "DSN", "REQUIRETLS"}

func extensions(c *smtp.Client) []string {
	var out []string
	for _, k := range knownExtensions {
		if ok, param := c.Extension(k); ok {
			if param != "" {
				k += " " + param
			}
			out = append(out, k)
		}
	}
	return out
}

// smtpStartTLS sends EHLO in plain text, then STARTTLS, and waits for 220.
func smtpStartTLS(conn net.Conn, br *bufio.Reader, localName string) error {
	tp := textproto.NewReader(br)
	if _, err := fmt.Fprintf(conn, "EHLO %s\r\n", localName); err != nil {
		return err
	}
	_, msg, err := tp.ReadResponse(250)
	if err != nil {
		return smtpError(err)
	}
	if _, ok := parseEHLO(msg)["STARTTLS"]; !ok {
		return errNoSTARTTLS{}
	}
	if _, err := fmt.Fprintf(conn, "STARTTLS\r\n"); err != nil {
		return err
	}
	if _, _, err := tp.ReadResponse(220); err != nil {
		return smtpError(err)
	}
	return nil
}

// parseEHLO reads the keywords of an EHLO reply (after its first line).
func parseEHLO(msg string) map[string]string {
	ext := map[string]string{}
	lines := strings.Split(msg, "\n")
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, " ")
		ext[strings.ToUpper(k)] = v
	}
	return ext
}

// smtpError turns a reply error into go-smtp's typed error, with its
// enhanced status code, so that one diagnosis serves both paths.
func smtpError(err error) error {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return err
	}
	e := &smtp.SMTPError{Code: te.Code, Message: te.Msg}
	if code, rest, ok := strings.Cut(te.Msg, " "); ok {
		parts := strings.Split(code, ".")
		if len(parts) == 3 {
			var ec smtp.EnhancedCode
			good := true
			for i, p := range parts {
				n, err := strconv.Atoi(p)
				good = good && err == nil
				ec[i] = n
			}
			if good {
				e.EnhancedCode, e.Message = ec, rest
			}
		}
	}
	return e
}

// errNoSTARTTLS is a server that does not offer STARTTLS.
type errNoSTARTTLS struct{}

func (e errNoSTARTTLS) Error() string { return "verify: the server does not offer STARTTLS" }

// errNoAuthMech is a server that offers no AUTH mechanism verify can use.
type errNoAuthMech struct {
	offered string
	none    bool // no AUTH at all in the EHLO reply
}

func (e errNoAuthMech) Error() string {
	if e.none || e.offered == "" {
		return "verify: the server offers no login (no AUTH in its EHLO reply)"
	}
	return fmt.Sprintf("verify: the server offers AUTH %s, but neither PLAIN nor LOGIN", e.offered)
}
