package verify_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/verify"
	"github.com/spectrumgen/spectrumgen/internal/verifytest"
)

// password is hostile on purpose (quotes, a backslash, non-ASCII) and
// distinctive, so that finding it anywhere in the output is certain.
const password = `Pa55-"wörd"\x-7f3a9c`

const (
	email    = "alice@spectrum.net"
	imapHost = "imap.spectrum.com"
	smtpHost = "smtp.spectrum.com"
)

// spectrumAccount is the account as the spectrum profile resolves it.
func spectrumAccount() account.Account {
	return account.Account{Email: email, Profile: "spectrum", ProfileName: "Spectrum",
		Incoming: account.Server{Host: imapHost, Port: 993, Security: account.SSL, Auth: account.Password, Username: email},
		Outgoing: account.Server{Host: smtpHost, Port: 587, Security: account.SSL, Auth: account.Password, Username: email},
	}
}

// world is a test's servers: by default the spectrum profile's, healthy.
type world struct {
	t   *testing.T
	ca  *verifytest.CA
	net *verifytest.Net
	acc account.Account
	opt verify.Options
}

func newWorld(t *testing.T) *world {
	w := &world{t: t, ca: verifytest.NewCA(t), net: verifytest.NewNet(t), acc: spectrumAccount()}
	w.opt = verify.Options{Timeout: 2 * time.Second, RootCAs: w.ca.Pool, Resolver: w.net, Dial: w.net.Dial, Password: password}
	return w
}

func (w *world) imap(hostPort string, cfg verifytest.IMAP) *verifytest.Server {
	if cfg.TLS == nil && cfg.Mode != verifytest.Plain {
		cfg.TLS = w.ca.ServerTLS(w.t, imapHost)
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = email, password
	}
	s := verifytest.StartIMAP(w.t, cfg)
	w.net.Route(hostPort, s.Addr)
	return s
}

func (w *world) smtp(hostPort string, cfg verifytest.SMTP) *verifytest.Server {
	if cfg.TLS == nil && cfg.Mode != verifytest.Plain {
		cfg.TLS = w.ca.ServerTLS(w.t, smtpHost)
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = email, password
	}
	s := verifytest.StartSMTP(w.t, cfg)
	w.net.Route(hostPort, s.Addr)
	return s
}

// healthy starts the spectrum profile's two servers.
func (w *world) healthy() {
	w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, Messages: 3})
	w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
}

func (w *world) run() *verify.Report {
	return verify.Run(context.Background(), w.acc, w.opt)
}

func TestSuccessFoldersAndHeaders(t *testing.T) {
	w := newWorld(t)
	w.healthy()
	r := w.run()
	if !r.OK() {
		t.Fatalf("want every check to pass:\n%s", text(t, r))
	}
	want := []string{"imap.dns", "imap.tcp", "imap.tls", "imap.greeting", "imap.capabilities", "imap.login", "imap.folders", "imap.inbox",
		"smtp.dns", "smtp.tcp", "smtp.tls", "smtp.greeting", "smtp.ehlo", "smtp.auth", "smtp.quit"}
	if got := names(r); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("checks:\n got %v\nwant %v", got, want)
	}
	folders := find(t, r, "imap.folders")
	if want := "5 folders, 4 subscribed: INBOX, Archive, Drafts, Sent, Trash"; folders.Detail != want {
		t.Errorf("folders: got %q, want %q", folders.Detail, want)
	}
	inbox := find(t, r, "imap.inbox")
	if len(inbox.Lines) != 3 || !strings.Contains(inbox.Lines[0], `"Test message 3"`) ||
		!strings.Contains(inbox.Lines[0], "Sender 3 <sender3@example.net>") || !strings.HasPrefix(inbox.Lines[0], "2026-11-03 09:00") {
		t.Errorf("inbox headers, newest first: %q", inbox.Lines)
	}
	if tlsCheck := find(t, r, "imap.tls"); !strings.Contains(tlsCheck.Detail, "TLS 1.3, certificate CN=imap.spectrum.com") {
		t.Errorf("TLS detail: %q", tlsCheck.Detail)
	}
	if auth := find(t, r, "smtp.auth"); auth.Detail != "AUTH PLAIN accepted for "+email {
		t.Errorf("smtp auth detail: %q", auth.Detail)
	}
	noPassword(t, r)
}

func TestSuccessSTARTTLS(t *testing.T) {
	w := newWorld(t)
	w.acc.Incoming.Port, w.acc.Incoming.Security = 143, account.STARTTLS
	w.acc.Outgoing.Security = account.STARTTLS
	w.imap(imapHost+":143", verifytest.IMAP{Mode: verifytest.StartTLS, Messages: 1})
	w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.StartTLS})
	r := w.run()
	if !r.OK() {
		t.Fatalf("want every check to pass:\n%s", text(t, r))
	}
	for _, n := range []string{"imap.tls", "smtp.tls"} {
		if c := find(t, r, n); c.Label != "STARTTLS" || !strings.HasPrefix(c.Detail, "TLS 1.3") {
			t.Errorf("%s: %s %q", n, c.Label, c.Detail)
		}
	}
	noPassword(t, r)
}

// TestDiagnoses runs one broken setup per case and checks that the right
// step fails with the right diagnosis.
func TestDiagnoses(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *world)
		want  map[string]string // check name -> diagnosis code
	}{
		{"wrong password", func(w *world) {
			w.opt.Password = "not-" + password
			w.healthy()
		}, map[string]string{"imap.login": "login-rejected", "smtp.auth": "smtp-535"}},
		{"user name without the domain", func(w *world) {
			w.acc.Incoming.Username, w.acc.Outgoing.Username = "alice", "alice"
			w.healthy()
		}, map[string]string{"imap.login": "username-not-address", "smtp.auth": "username-not-address"}},
		{"implicit TLS client on a STARTTLS port", func(w *world) {
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.StartTLS})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.StartTLS})
		}, map[string]string{"imap.tls": "plaintext-port", "smtp.tls": "plaintext-port"}},
		{"STARTTLS client on an implicit TLS port", func(w *world) {
			w.opt.Timeout = time.Second
			w.acc.Incoming.Security, w.acc.Outgoing.Security = account.STARTTLS, account.STARTTLS
			w.healthy()
		}, map[string]string{"imap.greeting": "tls-port", "smtp.greeting": "tls-port"}},
		{"closed port", func(w *world) {
			w.net.Route(imapHost+":993", verifytest.ClosedPort(w.t))
			w.net.Route(smtpHost+":587", verifytest.ClosedPort(w.t))
		}, map[string]string{"imap.tcp": "connection-refused", "smtp.tcp": "connection-refused"}},
		{"server that never answers", func(w *world) {
			w.opt.Timeout = time.Second
			w.acc.Outgoing.Security = account.STARTTLS
			w.net.Route(imapHost+":993", verifytest.StartSilent(w.t).Addr)
			w.net.Route(smtpHost+":587", verifytest.StartSilent(w.t).Addr)
		}, map[string]string{"imap.tls": "no-answer", "smtp.greeting": "no-answer"}},
		{"STARTTLS setting on a server without STARTTLS", func(w *world) {
			w.acc.Incoming.Port, w.acc.Incoming.Security = 143, account.STARTTLS
			w.acc.Outgoing.Security = account.STARTTLS
			w.imap(imapHost+":143", verifytest.IMAP{Mode: verifytest.Plain})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Plain})
		}, map[string]string{"imap.tls": "no-starttls", "smtp.tls": "no-starttls"}},
		{"login answered too slowly", func(w *world) {
			w.opt.Timeout, w.opt.LoginTimeout = 300*time.Millisecond, 600*time.Millisecond
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, LoginDelay: 3 * time.Second})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
		}, map[string]string{"imap.login": "login-no-answer"}},
		{"login slower than the timeout, within the login timeout", func(w *world) {
			w.opt.Timeout, w.opt.LoginTimeout = 300*time.Millisecond, 3*time.Second
			w.opt.Password = "not-" + password
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, LoginDelay: time.Second})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
		}, map[string]string{"imap.login": "login-rejected", "smtp.auth": "smtp-535"}},
		{"connection timed out (packets dropped on the way)", func(w *world) {
			w.opt.Timeout = 300 * time.Millisecond
			w.healthy()
			// What a firewall that drops packets does to a dialer: nothing,
			// until the deadline.
			w.opt.Dial = func(ctx context.Context, network, address string) (net.Conn, error) {
				<-ctx.Done()
				return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
			}
		}, map[string]string{"imap.tcp": "connect-timeout", "smtp.tcp": "connect-timeout"}},
		{"certificate for the wrong name", func(w *world) {
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, TLS: w.ca.ServerTLS(w.t, "mail.example.net")})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit, TLS: w.ca.ServerTLS(w.t, "mail.example.net")})
		}, map[string]string{"imap.tls": "cert-wrong-name", "smtp.tls": "cert-wrong-name"}},
		{"expired certificate", func(w *world) {
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, TLS: w.ca.ExpiredTLS(w.t, imapHost)})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit, TLS: w.ca.ExpiredTLS(w.t, smtpHost)})
		}, map[string]string{"imap.tls": "cert-expired", "smtp.tls": "cert-expired"}},
		{"certificate from an unknown authority", func(w *world) {
			w.opt.RootCAs = verifytest.NewCA(w.t).Pool
			w.healthy()
		}, map[string]string{"imap.tls": "cert-unknown-authority", "smtp.tls": "cert-unknown-authority"}},
		{"TLS 1.1 only", func(w *world) {
			old := w.ca.ServerTLS(w.t, imapHost)
			old.MaxVersion = tls.VersionTLS11
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, TLS: old})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
		}, map[string]string{"imap.tls": "tls-version"}},
		{"SMTP 530 to MAIL without AUTH", func(w *world) {
			w.acc.Outgoing.Auth = account.NoAuth
			w.healthy()
		}, map[string]string{"smtp.mail": "smtp-530"}},
		{"AUTH only after STARTTLS", func(w *world) {
			w.acc.Outgoing.Security = account.None
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.StartTLS})
		}, map[string]string{"smtp.auth": "auth-after-starttls"}},
		{"name does not resolve", func(w *world) {
			w.acc.Incoming.Host = "imap.spectrum.invalid"
			w.healthy()
		}, map[string]string{"imap.dns": "dns-not-found"}},
		{"SMTP server on the IMAP port", func(w *world) {
			w.smtp(imapHost+":993", verifytest.SMTP{Mode: verifytest.Implicit, TLS: w.ca.ServerTLS(w.t, imapHost)})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
		}, map[string]string{"imap.greeting": "wrong-protocol"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			tc.setup(w)
			r := w.run()
			for name, code := range tc.want {
				c := find(t, r, name)
				if c.Status != verify.Fail || c.Diagnosis == nil || c.Diagnosis.Code != code {
					t.Errorf("%s: want a failure diagnosed %q, got:\n%s", name, code, text(t, r))
					continue
				}
				if c.Diagnosis.Problem == "" || c.Diagnosis.Cause == "" || c.Diagnosis.Fix == "" {
					t.Errorf("%s: diagnosis lacks problem, cause or fix: %+v", name, c.Diagnosis)
				}
			}
			if got, want := r.Failed(), len(tc.want); got != want {
				t.Errorf("%d checks failed, want %d:\n%s", got, want, text(t, r))
			}
			noPassword(t, r)
		})
	}
}

// TestNeverPlainTextPassword: with security none, verify refuses to log in
// even though the server would accept it, and the password never reaches
// the server.
func TestNeverPlainTextPassword(t *testing.T) {
	w := newWorld(t)
	w.acc.Incoming.Port, w.acc.Incoming.Security = 143, account.None
	w.acc.Outgoing.Security = account.None
	imapSrv := w.imap(imapHost+":143", verifytest.IMAP{Mode: verifytest.Plain, InsecureAuth: true})
	smtpSrv := w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Plain, AllowInsecureAuth: true})
	r := w.run()
	for _, name := range []string{"imap.login", "smtp.auth"} {
		c := find(t, r, name)
		if c.Status != verify.Fail || c.Diagnosis == nil || c.Diagnosis.Code != "no-encryption" {
			t.Errorf("%s: want a refusal diagnosed no-encryption:\n%s", name, text(t, r))
		}
	}
	for name, s := range map[string]*verifytest.Server{"imap": imapSrv, "smtp": smtpSrv} {
		traffic := s.Traffic.String()
		if traffic == "" {
			t.Fatalf("%s: the server recorded no traffic; the test proves nothing", name)
		}
		// The client's commands, not the server's offers ("250-AUTH PLAIN").
		for _, secret := range []string{password, " LOGIN ", "\nAUTH "} {
			if strings.Contains(traffic, secret) {
				t.Errorf("%s server received %q:\n%s", name, secret, traffic)
			}
		}
	}
	noPassword(t, r)
}

// TestNoPasswordLeavesLoginNotRun: without a password the login checks,
// and the folder and INBOX checks after them, are not run: the report says
// so and does not pass.
func TestNoPasswordLeavesLoginNotRun(t *testing.T) {
	w := newWorld(t)
	w.opt.Password = ""
	w.healthy()
	r := w.run()
	if r.OK() || r.Failed() != 0 || r.NotRun() != 4 {
		t.Fatalf("want 4 checks not run and none failed, not a pass:\n%s", text(t, r))
	}
	for _, n := range []string{"imap.login", "imap.folders", "imap.inbox", "smtp.auth"} {
		if c := find(t, r, n); c.Status != verify.Skip || !strings.HasPrefix(c.Detail, "not run: ") {
			t.Errorf("%s: want not run, got %s %q", n, c.Status, c.Detail)
		}
	}
	out := text(t, r)
	want := "– not verified: 11 of 15 checks passed, 4 not run (IMAP login, IMAP folders, IMAP INBOX, SMTP login): no password given.\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("closing line: want %q in:\n%s", want, out)
	}
	if strings.Contains(out, "checks passed.\n") && !strings.Contains(out, "not verified") {
		t.Errorf("an untested login reported as passed:\n%s", out)
	}
}

// TestFailureListsChecksNotRun: the checks after a failed one are listed
// as not run, and counted in the closing line.
func TestFailureListsChecksNotRun(t *testing.T) {
	w := newWorld(t)
	w.net.Route(imapHost+":993", verifytest.ClosedPort(t))
	w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
	r := w.run()
	for _, n := range []string{"imap.tls", "imap.greeting", "imap.capabilities", "imap.login", "imap.folders", "imap.inbox"} {
		if c := find(t, r, n); c.Status != verify.Skip || c.Detail != "not run: the connect check failed" {
			t.Errorf("%s: %s %q", n, c.Status, c.Detail)
		}
	}
	if out := text(t, r); !strings.HasSuffix(out, "✗ 1 of 15 checks failed, 6 not run.\n") {
		t.Errorf("closing line:\n%s", out)
	}
}

func names(r *verify.Report) []string {
	var out []string
	for _, c := range r.Checks {
		out = append(out, c.Name)
	}
	return out
}

func find(t *testing.T, r *verify.Report, name string) verify.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %s in:\n%s", name, text(t, r))
	return verify.Check{}
}

func text(t *testing.T, r *verify.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b, verify.Signs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// noPassword checks the human and the JSON output for the password.
func noPassword(t *testing.T, r *verify.Report) {
	t.Helper()
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	jsonLines(t, js.String())
	for _, out := range []string{text(t, r), js.String()} {
		if strings.Contains(out, password) || strings.Contains(out, "7f3a9c") {
			t.Errorf("the password appears in the output:\n%s", out)
		}
	}
}
