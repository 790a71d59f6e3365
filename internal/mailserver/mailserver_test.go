//go:build linux

package mailserver

import (
	"bufio"
	"crypto/tls"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestServer checks the harness itself: the names resolve to loopback, the
// certificate verifies for them, IMAP greets, and a message submitted with
// the full address as login reaches the sink; a wrong password does not.
func TestServer(t *testing.T) {
	for _, sec := range []account.Security{account.SSL, account.STARTTLS} {
		t.Run(string(sec), func(t *testing.T) {
			s := Start(t, Options{
				Hosts:      []string{"imap.spectrum.com", "smtp.spectrum.com"},
				Users:      []User{{Login: "a@spectrum.net", Password: `p#;"w`}},
				Submission: Listener{Port: 587, Security: sec},
				Seed:       []Message{{From: "x@example.com", Subject: "hello", Body: "hi"}},
			})
			tc := &tls.Config{RootCAs: s.CAPool, ServerName: "imap.spectrum.com"}
			c, err := tls.Dial("tcp", "imap.spectrum.com:993", tc)
			if err != nil {
				t.Fatalf("IMAPS: %v", err)
			}
			greeting, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if !strings.HasPrefix(greeting, "* OK") {
				t.Fatalf("IMAP greeting %q", greeting)
			}
			for _, pw := range []string{`p#;"w`, "wrong"} {
				err := submit(s, sec, pw)
				if (err == nil) != (pw == `p#;"w`) {
					t.Fatalf("password %q: %v", pw, err)
				}
			}
			if _, ok := s.WaitMessage(5*time.Second, func(d Delivered) bool { return d.Header().Get("Subject") == "harness" }); !ok {
				t.Fatalf("the sink got nothing: %v\n%s", s.Messages(), s.Log())
			}
		})
	}
}

func submit(s *Server, sec account.Security, password string) error {
	tc := &tls.Config{RootCAs: s.CAPool, ServerName: "smtp.spectrum.com"}
	var c *smtp.Client
	var err error
	if sec == account.SSL {
		c, err = smtp.DialTLS("smtp.spectrum.com:587", tc)
	} else {
		c, err = smtp.DialStartTLS("smtp.spectrum.com:587", tc)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", "a@spectrum.net", password)); err != nil {
		return err
	}
	return c.SendMail("a@spectrum.net", []string{"b@example.com"},
		strings.NewReader("From: a@spectrum.net\r\nTo: b@example.com\r\nSubject: harness\r\n\r\nbody\r\n"))
}
