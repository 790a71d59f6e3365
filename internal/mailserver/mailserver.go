//go:build linux

// Package mailserver runs a real Dovecot (IMAP and submission) on loopback
// for tests, inside a private network and mount namespace where the
// provider's host names (imap.spectrum.com, smtp.spectrum.com, ...) resolve
// to 127.0.0.1. Generated client configurations can then be used unchanged:
// the clients connect to the names and ports the profile says, check the
// server's certificate against a throwaway CA (mounted over the system's CA
// bundle in the namespace, so every client trusts it by default, and
// nothing else), and log in with the full address. Mail submitted to Dovecot is relayed to an SMTP sink in the test
// process, which records every message.
//
// A package that uses it calls Main from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(mailserver.Main(m)) }
//
// and each test calls Start. One server runs at a time in a test binary
// (they share the ports and /etc/hosts).
package mailserver

import (
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// Addr is the address every host name resolves to inside the namespace.
const Addr = "127.0.0.1"

// User is a mailbox on the server; Login is the full address.
type User struct {
	Login, Password string
}

// Listener is one port of the server and how it is protected: SSL
// (implicit TLS from the first byte) or STARTTLS.
type Listener struct {
	Port     int
	Security account.Security
}

// Message is one message to seed into every user's INBOX.
type Message struct {
	From, Subject, Body string
}

// Options describe the server to start.
type Options struct {
	// Hosts are the names that resolve to the server.
	Hosts []string
	Users []User
	// IMAP and Submission default to 993 and 587, both implicit TLS
	// (Spectrum's settings).
	IMAP, Submission Listener
	// Seed is put in every user's INBOX before the server starts.
	Seed []Message
}

// ForAccount returns options that serve a, as its profile describes:
// both host names, its ports and security, and one user with password.
func ForAccount(a account.Account, password string, seed ...Message) Options {
	return Options{
		Hosts:      []string{a.Incoming.Host, a.Outgoing.Host},
		Users:      []User{{Login: a.Incoming.Username, Password: password}},
		IMAP:       Listener{Port: a.Incoming.Port, Security: a.Incoming.Security},
		Submission: Listener{Port: a.Outgoing.Port, Security: a.Outgoing.Security},
		Seed:       seed,
	}
}

// Server is a running Dovecot with its relay sink.
type Server struct {
	Hosts            []string
	Users            []User
	IMAP, Submission Listener
	// CAPEM is the certificate of the CA that signed the server's
	// certificate; CAFile holds it on disk, CAPool as a pool.
	CAPEM  []byte
	CAFile string
	CAPool *x509.CertPool
	// Dir is the server's folder (config, log, mail).
	Dir  string
	sink *sink
}

// Messages returns the messages the server has relayed so far.
func (s *Server) Messages() []Delivered { return s.sink.messages() }

// WaitMessage waits up to timeout for a relayed message for which match
// returns true.
func (s *Server) WaitMessage(timeout time.Duration, match func(Delivered) bool) (Delivered, bool) {
	deadline := time.Now().Add(timeout)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m, true
			}
		}
		if time.Now().After(deadline) {
			return Delivered{}, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Log returns Dovecot's log, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "dovecot.log"))
	return string(b)
}

// one server at a time: ports and /etc/hosts are shared.
var running sync.Mutex

// Start starts Dovecot for o and stops it when the test ends. It skips the
// test (or fails it when SPECTRUMGEN_REAL=1) without root, Dovecot or the
// namespace that Main sets up.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	realtest.NeedRoot(t)
	realtest.Need(t, "dovecot")
	if os.Getenv(nsEnv) != "1" {
		const why = "mailserver: not inside the test namespace: TestMain must call os.Exit(mailserver.Main(m)), and `unshare --net --mount` must work here"
		if realtest.Required() {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	if o.IMAP.Port == 0 {
		o.IMAP = Listener{Port: 993, Security: account.SSL}
	}
	if o.Submission.Port == 0 {
		o.Submission = Listener{Port: 587, Security: account.SSL}
	}
	running.Lock()
	t.Cleanup(running.Unlock)

	dir, err := os.MkdirTemp("", "mailserver-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Dovecot's mail processes run as nobody and must reach the homes.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Server{Hosts: o.Hosts, Users: o.Users, IMAP: o.IMAP, Submission: o.Submission, Dir: dir}
	if err := s.makeCerts(); err != nil {
		t.Fatal(err)
	}
	if err := bindHosts(t, dir, o.Hosts); err != nil {
		t.Fatal(err)
	}
	if err := bindTrust(t, s.CAFile); err != nil {
		t.Fatal(err)
	}
	s.sink, err = startSink(t)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.writeMail(o.Users, o.Seed); err != nil {
		t.Fatal(err)
	}
	conf, err := s.writeConfig()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dovecot", "-F", "-c", conf)
	out, err := os.Create(filepath.Join(dir, "dovecot.out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("mailserver: starting dovecot: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		out.Close()
	})
	for _, l := range []Listener{o.IMAP, o.Submission} {
		if err := waitListening(l.Port, 10*time.Second); err != nil {
			b, _ := os.ReadFile(out.Name())
			t.Fatalf("mailserver: dovecot did not listen: %v\n%s\n%s", err, b, s.Log())
		}
	}
	return s
}

func waitListening(port int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", net.JoinHostPort(Addr, strconv.Itoa(port)), time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d: %w", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
