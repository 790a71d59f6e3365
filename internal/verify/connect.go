package verify

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// session is a connection that has been looked up, opened, encrypted as the
// settings say and greeted, ready for the IMAP or SMTP client library.
type session struct {
	conn     *limitConn
	lib      net.Conn // what the library reads and writes
	tls      bool     // the connection is encrypted
	greeting greeting
}

func (s *session) Close() error { return s.conn.Close() }

// open runs the DNS, connect, TLS and greeting checks for one server. It
// returns nil after a failed check (the failure is recorded in st).
func open(ctx context.Context, st *steps, opt Options, srv account.Server) *session {
	ok := st.run("dns", "DNS", func(c *Check) (err error) {
		c.Detail, err = lookup(ctx, opt, srv.Host)
		return err
	})
	if !ok {
		return nil
	}
	var conn *limitConn
	ok = st.run("tcp", "connect", func(c *Check) (err error) {
		conn, err = connect(ctx, opt, srv.Host, srv.Port)
		if err == nil {
			c.Detail = fmt.Sprintf("port %d is open", srv.Port)
			st.conn = conn
		}
		return err
	})
	if !ok {
		return nil
	}
	s := &session{conn: conn}
	var rw net.Conn = conn
	if srv.Security == account.SSL {
		ok = st.run("tls", "TLS", func(c *Check) error {
			tc, desc, err := tlsHandshake(conn, opt, srv.Host)
			c.Detail = desc
			if err == nil {
				rw, s.tls = tc, true
			}
			return err
		})
		if !ok {
			conn.Close()
			return nil
		}
	}
	plain := bounded(rw, conn)
	rw = plain
	br := bufio.NewReaderSize(rw, maxLine)
	ok = st.run("greeting", "greeting", func(c *Check) (err error) {
		s.greeting, err = readGreeting(br)
		if err != nil {
			// Silence on a plain-text connection: is this an
			// implicit-TLS port waiting for our handshake?
			if !s.tls && len(s.greeting.raw) == 0 && isTimeout(err) && speaksTLS(conn, opt, srv.Host) {
				return errTLSPort{waited: err}
			}
			return err
		}
		c.Detail = s.greeting.text
		return checkGreeting(s.greeting, st.proto)
	})
	if !ok {
		conn.Close()
		return nil
	}
	// The library starts by reading the greeting: give it back.
	s.lib = replayConn{rw, io.MultiReader(bytes.NewReader(s.greeting.raw), br)}
	if srv.Security != account.STARTTLS {
		return s
	}
	ok = st.run("tls", "STARTTLS", func(c *Check) error {
		var err error
		if st.proto == "imap" {
			err = imapStartTLS(conn, br)
		} else {
			err = smtpStartTLS(conn, br, opt.LocalName)
		}
		if err != nil {
			return err
		}
		plain.off = true // TLS records are binary, not lines
		tc, desc, err := tlsHandshake(replayConn{conn, br}, opt, srv.Host)
		c.Detail = desc
		var pt errPlaintext
		if errors.As(err, &pt) {
			pt.afterStartTLS = true
			return pt
		}
		if err != nil {
			return err
		}
		s.tls = true
		// After STARTTLS the session goes on without a new greeting;
		// the libraries expect one, so they get a neutral one, and then
		// ask for the capabilities again as the protocols require.
		hello := "* OK TLS started\r\n"
		if st.proto == "smtp" {
			hello = "220 TLS started\r\n"
		}
		s.lib = replayConn{tc, io.MultiReader(strings.NewReader(hello), bounded(tc, conn))}
		return nil
	})
	if !ok {
		conn.Close()
		return nil
	}
	return s
}

// checkGreeting refuses greetings of the wrong protocol or that turn the
// client away.
func checkGreeting(g greeting, proto string) error {
	if g.proto != proto {
		return errWrongProtocol{want: proto, got: g.proto, text: g.text}
	}
	up := strings.ToUpper(g.text)
	if proto == "imap" && strings.HasPrefix(up, "* BYE") || proto == "smtp" && !strings.HasPrefix(up, "220") {
		return errTurnedAway{text: g.text}
	}
	return nil
}

// errWrongProtocol is a greeting of another protocol: SMTP on the IMAP
// port, say.
type errWrongProtocol struct{ want, got, text string }

func (e errWrongProtocol) Error() string {
	return fmt.Sprintf("verify: expected an %s greeting, got %q", strings.ToUpper(e.want), e.text)
}

// errTurnedAway is a greeting that refuses service (IMAP BYE, SMTP 554).
type errTurnedAway struct{ text string }

func (e errTurnedAway) Error() string {
	return fmt.Sprintf("verify: the server refused the connection: %q", e.text)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded)
}
