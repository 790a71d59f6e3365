//go:build linux

package mailserver

import (
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Delivered is one message the sink received from Dovecot's relay.
type Delivered struct {
	From string   // envelope sender
	To   []string // envelope recipients
	Data []byte   // the message as relayed
}

// Header returns the message's header, or nil when it does not parse.
func (d Delivered) Header() mail.Header {
	m, err := mail.ReadMessage(strings.NewReader(string(d.Data)))
	if err != nil {
		return nil
	}
	return m.Header
}

// sink is the SMTP server Dovecot relays submitted mail to.
type sink struct {
	mu  sync.Mutex
	got []Delivered
	srv *smtp.Server
	ln  net.Listener
}

func startSink(t testing.TB) (*sink, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(Addr, "0"))
	if err != nil {
		return nil, err
	}
	k := &sink{ln: ln}
	k.srv = smtp.NewServer(k)
	k.srv.Domain = "sink.test"
	go func() { _ = k.srv.Serve(ln) }()
	t.Cleanup(func() { _ = k.srv.Close() })
	return k, nil
}

func (k *sink) port() int { return k.ln.Addr().(*net.TCPAddr).Port }

func (k *sink) messages() []Delivered {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]Delivered(nil), k.got...)
}

// NewSession implements smtp.Backend.
func (k *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{k: k}, nil }

type session struct {
	k   *sink
	cur Delivered
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur = Delivered{From: from}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	s.k.mu.Lock()
	s.k.got = append(s.k.got, s.cur)
	s.k.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = Delivered{} }
func (s *session) Logout() error { return nil }
