//go:build linux

package terminaltest

import (
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/generators/aerc"
	"github.com/spectrumgen/spectrumgen/generators/mbsync"
	"github.com/spectrumgen/spectrumgen/generators/msmtp"
	"github.com/spectrumgen/spectrumgen/generators/mutt"
	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/mailserver"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
	"github.com/spectrumgen/spectrumgen/internal/profile"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

func TestMain(m *testing.M) { os.Exit(mailserver.Main(m)) }

// The hostile parts every client must carry: a display name with " # ; $
// and a comma, and a password (and a command printing it) with quotes.
const (
	hostileName = `O'Brien "Pat", #1; $HOME & Co`
	password    = `s3cr#t;"pw`
	passCommand = `echo 's3cr#t;"pw'`
	seedSubject = "Welcome aboard 4711"
)

// testManifest is resolved like any manifest: the accounts come out of
// the real validation and profile resolution.
const testManifest = `version: 1
defaults:
  password_command: "echo 's3cr#t;\"pw'"
accounts:
  - email: pat.obrien@spectrum.net
    name: 'O''Brien "Pat", #1; $HOME & Co'
  - email: road.runner@twc.com
    name: 'O''Brien "Pat", #1; $HOME & Co'
    profile: twc
`

func accounts(t *testing.T) []account.Account {
	t.Helper()
	profiles, err := profile.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Parse("terminal.yaml", []byte(testManifest), manifest.Options{Profiles: profiles, Clients: registry.Names()})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range m.Accounts {
		if a.Name != hostileName || a.PasswordCommand != passCommand {
			t.Fatalf("the manifest resolved to name %q, command %q", a.Name, a.PasswordCommand)
		}
	}
	return m.Accounts
}

// check runs one client with the configuration generated for a and returns
// nil when the client did what a person expects.
type check struct {
	name  string
	sends bool // the check sends mail (uses the SMTP settings)
	run   func(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error
}

var checks = []check{
	{"neomutt reads INBOX", false, muttReads("neomutt")},
	{"mutt reads INBOX", false, muttReads("mutt")},
	{"neomutt sends", true, muttSends("neomutt")},
	{"mutt sends", true, muttSends("mutt")},
	{"aerc reads INBOX", false, aercReads},
	{"aerc sends", true, aercSends},
	{"msmtp sends", true, msmtpSends},
	{"mbsync lists and syncs", false, mbsyncSyncs},
}

// broken are wrong configurations every check must fail with: proof that
// a passing check depends on the generated settings.
var broken = []struct {
	name      string
	sendsOnly bool // applies to sending checks only
	apply     func(*account.Account)
}{
	{"wrong port", false, func(a *account.Account) { a.Incoming.Port++; a.Outgoing.Port++ }},
	{"wrong user", false, func(a *account.Account) {
		a.Incoming.Username = "nobody@" + a.Domain()
		a.Outgoing.Username = "nobody@" + a.Domain()
	}},
	// Reading works here, so a sending check must fail on SMTP itself.
	{"wrong SMTP port", true, func(a *account.Account) { a.Outgoing.Port++ }},
	{"wrong SMTP user", true, func(a *account.Account) { a.Outgoing.Username = "nobody@" + a.Domain() }},
}

func TestRealClients(t *testing.T) {
	realtest.Need(t, "dovecot", "tmux", "mutt", "neomutt", "aerc", "msmtp", "mbsync")
	start := time.Now()
	for _, a := range accounts(t) {
		t.Run(a.Profile, func(t *testing.T) {
			s := mailserver.Start(t, mailserver.ForAccount(a, password,
				mailserver.Message{From: "IT <it@example.com>", Subject: seedSubject, Body: "Your mail works."}))
			for _, c := range checks {
				t.Run(c.name, func(t *testing.T) {
					began := time.Now()
					if err := c.run(t, s, a, 30*time.Second); err != nil {
						t.Fatalf("%v\ndovecot log:\n%s", err, tail(s.Log(), 15))
					}
					t.Logf("passed in %v", time.Since(began).Round(time.Millisecond))
					if a.Profile != "spectrum" && !c.sends {
						// The other profiles differ from spectrum in
						// their SMTP settings only: the failing reads
						// are proven once, on spectrum.
						return
					}
					for _, b := range broken {
						if b.sendsOnly && !c.sends {
							continue
						}
						bad := a
						b.apply(&bad)
						if err := c.run(t, s, bad, 3*time.Second); err == nil {
							t.Errorf("with a %s the check still passed: it does not test the configuration", b.name)
						}
					}
				})
			}
		})
	}
	t.Logf("real-client suite took %v", time.Since(start).Round(time.Millisecond))
}

// muttReads opens the generated muttrc in mutt or neomutt under tmux and
// waits for the seeded message in the index.
func muttReads(program string) func(*testing.T, *mailserver.Server, account.Account, time.Duration) error {
	return func(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error {
		h, err := install(t, s, mutt.Generator{}, a, "mutt/muttrc", ".config/mutt/muttrc")
		if err != nil {
			return err
		}
		_, err = h.screen(t, timeout, seedSubject, program, "-n", "-F", h.file)
		return err
	}
}

// muttSends sends in batch mode and waits for the message at the sink,
// with the display name unchanged in its From header.
func muttSends(program string) func(*testing.T, *mailserver.Server, account.Account, time.Duration) error {
	return func(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error {
		h, err := install(t, s, mutt.Generator{}, a, "mutt/muttrc", ".config/mutt/muttrc")
		if err != nil {
			return err
		}
		subject := fmt.Sprintf("%s batch %d", program, time.Now().UnixNano())
		out, err := h.run(timeout, "sent by "+program+"\n", program, "-n", "-F", h.file,
			"-s", subject, "--", "friend@example.com")
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", program, err, out)
		}
		return arrived(s, subject, a, timeout)
	}
}

// aercReads starts aerc under tmux with the generated accounts.conf (mode
// 0600) and waits for the seeded message in the message list.
func aercReads(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error {
	h, err := install(t, s, aerc.Generator{}, a, "aerc/accounts.conf", ".config/aerc/accounts.conf")
	if err != nil {
		return err
	}
	_, err = h.screen(t, timeout, seedSubject, "aerc")
	return err
}

// aercSends composes and sends a message in aerc under tmux (the editor
// is "true", so the body is the one given to :compose) and waits for it at
// the sink. aerc's composer writes the From header through its own
// AddressForHumans, which turns double quotes in a name into single
// quotes (aerc 0.14 and current); the check expects exactly that and
// every other character unchanged.
func aercSends(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error {
	h, err := install(t, s, aerc.Generator{}, a, "aerc/accounts.conf", ".config/aerc/accounts.conf")
	if err != nil {
		return err
	}
	subject := fmt.Sprintf("aerc %d", time.Now().UnixNano())
	sess := h.start(t, "env", "EDITOR=true", "aerc")
	if err := sess.waitFor(seedSubject, timeout); err != nil {
		return err
	}
	if err := sess.keys(":compose -H 'To: friend@example.com' -H 'Subject: "+subject+"' hello", "Enter"); err != nil {
		return err
	}
	if err := sess.waitFor("Send this email?", timeout); err != nil {
		return err
	}
	if err := sess.keys("y"); err != nil {
		return err
	}
	aercName := a
	aercName.Name = strings.ReplaceAll(a.Name, `"`, "'")
	return arrived(s, subject, aercName, timeout)
}

// msmtpSends sends a message whose From header carries the display name,
// as a mail reader would hand it to msmtp.
func msmtpSends(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error {
	h, err := install(t, s, msmtp.Generator{}, a, "msmtp/msmtprc", ".config/msmtp/config")
	if err != nil {
		return err
	}
	subject := fmt.Sprintf("msmtp %d", time.Now().UnixNano())
	from := (&mail.Address{Name: a.Name, Address: a.Email}).String()
	msg := "From: " + from + "\r\nTo: friend@example.com\r\nSubject: " + subject + "\r\n\r\nsent by msmtp\r\n"
	out, err := h.run(timeout, msg, "msmtp", "-C", h.file, "-a", a.Email, "friend@example.com")
	if err != nil {
		return fmt.Errorf("msmtp: %v\n%s", err, out)
	}
	return arrived(s, subject, a, timeout)
}

// mbsyncSyncs lists the server's mailboxes and syncs them into the
// Maildir under ~/Mail/<address>/, where the seeded message must land.
func mbsyncSyncs(t *testing.T, s *mailserver.Server, a account.Account, timeout time.Duration) error {
	h, err := install(t, s, mbsync.Generator{}, a, "mbsync/mbsyncrc", ".mbsyncrc")
	if err != nil {
		return err
	}
	maildir := filepath.Join(h.dir, "Mail", a.Email)
	// The file's own instructions: mkdir -p ~/Mail/<address>
	if err := os.MkdirAll(maildir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := h.run(timeout, "", "mbsync", "-c", h.file, "-l", a.Email)
	if err != nil {
		return fmt.Errorf("mbsync -l: %v\n%s", err, out)
	}
	for _, box := range []string{"INBOX", "Sent", "Drafts", "Trash"} {
		if !strings.Contains(out, box) {
			return fmt.Errorf("mbsync -l did not list %s:\n%s", box, out)
		}
	}
	if out, err := h.run(timeout, "", "mbsync", "-c", h.file, a.Email); err != nil {
		return fmt.Errorf("mbsync: %v\n%s", err, out)
	}
	found := false
	_ = filepath.Walk(filepath.Join(maildir, "INBOX"), func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), seedSubject) {
				found = true
			}
		}
		return nil
	})
	if !found {
		return fmt.Errorf("mbsync ran, but %s/INBOX holds no seeded message", maildir)
	}
	return nil
}

// arrived waits for the message with subject at the sink and checks its
// envelope and that its From header shows a's name and address unchanged.
func arrived(s *mailserver.Server, subject string, a account.Account, timeout time.Duration) error {
	d, ok := s.WaitMessage(timeout, func(d mailserver.Delivered) bool {
		h := d.Header()
		if h == nil {
			return false
		}
		got, err := (&mimeDecoder).DecodeHeader(h.Get("Subject"))
		return err == nil && got == subject
	})
	if !ok {
		return fmt.Errorf("no message %q reached the sink", subject)
	}
	if d.From != a.Email {
		return fmt.Errorf("envelope sender %q, want %q", d.From, a.Email)
	}
	from, err := d.Header().AddressList("From")
	if err != nil || len(from) != 1 {
		return fmt.Errorf("From header %q: %v", d.Header().Get("From"), err)
	}
	if from[0].Name != a.Name || from[0].Address != a.Email {
		return fmt.Errorf("From reads %q <%s>, want %q <%s> (header: %s)", from[0].Name, from[0].Address, a.Name, a.Email, d.Header().Get("From"))
	}
	return nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
