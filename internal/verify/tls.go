package verify

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net"
	"time"
)

// tlsConfig is the client's TLS configuration: TLS 1.2 or newer (RFC 8997),
// the certificate checked against opt.RootCAs or the system roots and the
// server's host name.
func tlsConfig(opt Options, host string) *tls.Config {
	return &tls.Config{
		ServerName: host,
		MinVersion: tls.VersionTLS12,
		RootCAs:    opt.RootCAs,
		Time:       opt.Now,
	}
}

// handshake starts TLS on conn and describes what was agreed.
func handshake(conn net.Conn, opt Options, host string) (*tls.Conn, string, error) {
	tc := tls.Client(conn, tlsConfig(opt, host))
	_ = tc.SetDeadline(time.Now().Add(opt.Timeout))
	if err := tc.Handshake(); err != nil {
		return nil, "", err
	}
	return tc, describeTLS(tc.ConnectionState(), opt.Now()), nil
}

// describeTLS says which TLS version was agreed and whose certificate the
// server showed, until when.
func describeTLS(st tls.ConnectionState, now time.Time) string {
	s := tls.VersionName(st.Version)
	if len(st.PeerCertificates) == 0 {
		return s
	}
	cert := st.PeerCertificates[0]
	left := "in 1 day"
	if days := int(math.Round(cert.NotAfter.Sub(now).Hours() / 24)); days != 1 {
		left = fmt.Sprintf("in %d days", days)
	}
	return fmt.Sprintf("%s, certificate %s, issued by %s, expires %s (%s)",
		s, certName(cert), cert.Issuer.CommonName, cert.NotAfter.UTC().Format("2006-01-02"), left)
}

// certName is the certificate's subject as people know it: its common name,
// or its first DNS name.
func certName(cert *x509.Certificate) string {
	if cert.Subject.CommonName != "" {
		return "CN=" + cert.Subject.CommonName
	}
	if len(cert.DNSNames) > 0 {
		return "for " + cert.DNSNames[0]
	}
	return cert.Subject.String()
}

// plaintextAfter returns what a server sent in plain text where TLS was
// expected, so the diagnosis can quote the greeting: the first line kept by
// the connection (crypto/tls reads ahead, past the record header), else the
// record header the TLS client choked on and a follow-up plain-text read.
func plaintextAfter(conn net.Conn, rhe tls.RecordHeaderError, timeout time.Duration) string {
	if lc, ok := conn.(*limitConn); ok {
		if line, ok := lc.firstLine(); ok {
			return line
		}
	}
	head := string(rhe.RecordHeader[:])
	if rhe.Conn == nil {
		return head
	}
	_ = rhe.Conn.SetReadDeadline(time.Now().Add(timeout))
	buf := make([]byte, 0, 256)
	one := make([]byte, 1)
	for len(buf) < cap(buf) {
		n, err := rhe.Conn.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				break
			}
			buf = append(buf, one[0])
		}
		if err != nil {
			break
		}
	}
	return head + string(buf)
}

// errPlaintext says an implicit-TLS connection was answered in plain text.
type errPlaintext struct {
	greeting string // what the server said, made printable
	proto    string // "imap", "smtp" or ""
	err      error
	// afterStartTLS: the server agreed to STARTTLS, then went on in
	// plain text.
	afterStartTLS bool
}

func (e errPlaintext) Error() string {
	return fmt.Sprintf("verify: TLS expected, but the server answered in plain text: %q", e.greeting)
}

func (e errPlaintext) Unwrap() error { return e.err }

// tlsHandshake is handshake that turns a plain-text answer into
// errPlaintext, quoting the server.
func tlsHandshake(conn net.Conn, opt Options, host string) (*tls.Conn, string, error) {
	tc, desc, err := handshake(conn, opt, host)
	var rhe tls.RecordHeaderError
	if errors.As(err, &rhe) && rhe.Conn != nil {
		text := plaintextAfter(conn, rhe, opt.Timeout)
		return nil, "", errPlaintext{greeting: printable(text), proto: protocolOf(text), err: err}
	}
	return tc, desc, err
}

// errTLSPort says a server sent nothing in plain text but completed a TLS
// handshake: it expects implicit TLS, not STARTTLS or plain text.
type errTLSPort struct{ waited error }

func (e errTLSPort) Error() string {
	return "verify: no plain-text greeting; the port answers a TLS handshake instead (implicit TLS)"
}

func (e errTLSPort) Unwrap() error { return e.waited }

// speaksTLS tries a TLS handshake on a connection whose server stayed
// silent. A handshake that completes, or fails only over the certificate,
// proves the port wants implicit TLS. Nothing else is sent on it.
func speaksTLS(conn net.Conn, opt Options, host string) bool {
	_, _, err := handshake(conn, opt, host)
	if err == nil {
		return true
	}
	var verr *tls.CertificateVerificationError
	return errors.As(err, &verr)
}
