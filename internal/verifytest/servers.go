package verifytest

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Traffic is everything a server received and sent in the clear (after
// TLS is removed), for tests that prove what never crossed the wire.
type Traffic struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *Traffic) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.Write(p)
}

// String returns what was recorded so far.
func (t *Traffic) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

// Mode is how a test server protects its port.
type Mode int

const (
	// Implicit is TLS from the first byte.
	Implicit Mode = iota
	// StartTLS greets in plain text and offers STARTTLS.
	StartTLS
	// Plain has no TLS at all.
	Plain
)

// Server is a running test server.
type Server struct {
	// Addr is its 127.0.0.1:port.
	Addr    string
	Traffic *Traffic
}

// listen opens a random port on 127.0.0.1, closed at the end of the test.
func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// IMAP configures a test IMAP server.
type IMAP struct {
	Mode Mode
	TLS  *tls.Config // the certificate; nil with Plain
	// InsecureAuth lets clients log in without TLS (to prove verify
	// refuses to, not the server).
	InsecureAuth       bool
	Username, Password string
	// Messages is how many messages INBOX holds.
	Messages int
	// LoginDelay holds every LOGIN answer back this long, as servers do
	// after failed logins.
	LoginDelay time.Duration
}

// Folders of the test account; all but Archive are subscribed.
var Folders = []string{"INBOX", "Archive", "Drafts", "Sent", "Trash"}

// StartIMAP runs go-imap's in-memory server with one account holding the
// Folders and cfg.Messages messages in INBOX.
func StartIMAP(t testing.TB, cfg IMAP) *Server {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(cfg.Username, cfg.Password)
	for _, f := range Folders {
		if err := user.Create(f, nil); err != nil {
			t.Fatal(err)
		}
		if f != "Archive" {
			if err := user.Subscribe(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 1; i <= cfg.Messages; i++ {
		msg := fmt.Sprintf("From: Sender %d <sender%d@example.net>\r\nTo: %s\r\nSubject: Test message %d\r\nDate: %s\r\n\r\nBody %d.\r\n",
			i, i, cfg.Username, i, time.Date(2026, 11, i, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z), i)
		if _, err := user.Append("INBOX", bytes.NewReader([]byte(msg)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	mem.AddUser(user)
	traffic := &Traffic{}
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			if cfg.LoginDelay > 0 {
				return slowLogin{mem.NewSession().(imapserver.SessionIMAP4rev2), cfg.LoginDelay}, nil, nil
			}
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: cfg.InsecureAuth,
		DebugWriter:  traffic,
		Logger:       log.New(io.Discard, "", 0),
	}
	ln := listen(t)
	switch cfg.Mode {
	case Implicit:
		ln = tls.NewListener(ln, cfg.TLS)
	case StartTLS:
		opts.TLSConfig = cfg.TLS
	}
	srv := imapserver.New(opts)
	go srv.Serve(ln) //nolint:errcheck // ends when the listener closes
	t.Cleanup(func() { srv.Close() })
	return &Server{Addr: ln.Addr().String(), Traffic: traffic}
}

// slowLogin answers LOGIN only after a delay.
type slowLogin struct {
	imapserver.SessionIMAP4rev2
	delay time.Duration
}

func (s slowLogin) Login(user, pass string) error {
	time.Sleep(s.delay)
	return s.SessionIMAP4rev2.Login(user, pass)
}

// SMTP configures a test SMTP server.
type SMTP struct {
	Mode Mode
	TLS  *tls.Config
	// AllowInsecureAuth offers AUTH before TLS; without it, a STARTTLS
	// server offers AUTH only after STARTTLS.
	AllowInsecureAuth  bool
	Username, Password string
	// NoAuth offers no AUTH at all: the server that answers 530
	// Authentication Required to every client.
	NoAuth bool
}

// StartSMTP runs a go-smtp server that offers AUTH PLAIN, answers 535 to a
// wrong login and 530 to MAIL FROM without a login. It never accepts a
// message.
func StartSMTP(t testing.TB, cfg SMTP) *Server {
	t.Helper()
	traffic := &Traffic{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &smtpSession{cfg: cfg}, nil
	}))
	s.Domain = "smtp.test"
	s.AllowInsecureAuth = cfg.AllowInsecureAuth
	s.ErrorLog = log.New(io.Discard, "", 0)
	s.Debug = traffic
	s.ReadTimeout = 10 * time.Second
	ln := listen(t)
	switch cfg.Mode {
	case Implicit:
		ln = tls.NewListener(ln, cfg.TLS)
	case StartTLS:
		s.TLSConfig = cfg.TLS
	}
	go s.Serve(ln) //nolint:errcheck // ends when the listener closes
	t.Cleanup(func() { s.Close() })
	return &Server{Addr: ln.Addr().String(), Traffic: traffic}
}

type smtpSession struct {
	cfg    SMTP
	authed bool
}

func (s *smtpSession) AuthMechanisms() []string {
	if s.cfg.NoAuth {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.cfg.Username || password != s.cfg.Password {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

// errAuthRequired is what Spectrum answers to MAIL FROM without a login.
var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication Required"}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return errAuthRequired
	}
	return nil
}

func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error {
	if !s.authed {
		return errAuthRequired
	}
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	_, _ = io.Copy(io.Discard, r)
	return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 0, 0}, Message: "test server takes no mail"}
}

func (s *smtpSession) Reset()        {}
func (s *smtpSession) Logout() error { return nil }

// StartSilent accepts connections and never says a word.
func StartSilent(t testing.TB) *Server {
	t.Helper()
	ln := listen(t)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return &Server{Addr: ln.Addr().String(), Traffic: &Traffic{}}
}

// ClosedPort returns a 127.0.0.1 address where nothing listens.
func ClosedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
