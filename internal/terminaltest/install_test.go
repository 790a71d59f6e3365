//go:build linux

package terminaltest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/app"
	installer "github.com/spectrumgen/spectrumgen/internal/install"
	"github.com/spectrumgen/spectrumgen/internal/mailserver"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// earlier is the configuration a person had before `spectrumgen install`:
// an option of their own and an account of their own in each program.
var earlier = map[string]string{
	".muttrc": "# my settings\nset editor = \"my-own-editor\"\nset sort = reverse-date\n",
	".msmtprc": "defaults\nlogfile ~/.msmtp.log\n\naccount earlier\nhost smtp.earlier.example\nport 465\ntls on\nfrom me@earlier.example\n\n" +
		"account default : earlier\n",
	".mbsyncrc": "IMAPAccount earlier\nHost imap.earlier.example\nUser me\nSSLType IMAPS\n\nIMAPStore earlier-remote\nAccount earlier\n\n" +
		"MaildirStore earlier-local\nPath ~/OldMail/\nInbox ~/OldMail/INBOX\n\nChannel earlier\nFar :earlier-remote:\nNear :earlier-local:\nPatterns INBOX\n",
	".config/aerc/accounts.conf": "[earlier]\nsource = imaps://me@imap.earlier.example:993\noutgoing = smtps://me@smtp.earlier.example:465\nfrom = Me <me@earlier.example>\n",
}

// TestInstalledClients installs the account with `spectrumgen install`
// into a home that already has each program's configuration, then runs
// the real programs with their default configuration files (no -F, -C or
// -c): each must reach the account on Dovecot, and the person's earlier
// option or account must still be there. Undo must then give every file
// back byte for byte.
func TestInstalledClients(t *testing.T) {
	if testing.Short() {
		t.Skip("runs mutt, neomutt, aerc, msmtp and mbsync against Dovecot; skipped with -short")
	}
	realtest.Need(t, "dovecot", "tmux", "mutt", "neomutt", "aerc", "msmtp", "mbsync")
	a := accounts(t)[0]
	s := mailserver.Start(t, mailserver.ForAccount(a, password,
		mailserver.Message{From: "IT <it@example.com>", Subject: seedSubject, Body: "Your mail works."}))
	h := home{dir: t.TempDir()}
	for rel, data := range earlier {
		path := filepath.Join(h.dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := installer.Env{GOOS: "linux", Home: h.dir, Getenv: func(k string) string {
		if k == "XDG_CONFIG_HOME" {
			return filepath.Join(h.dir, ".config")
		}
		return ""
	}}
	var errOut bytes.Buffer
	io := &app.IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errOut}
	err := app.Install(context.Background(), app.InstallOptions{
		Input: app.Input{Email: a.Email, Name: a.Name, PasswordCommand: a.PasswordCommand, Clients: []string{"mutt,aerc,msmtp,mbsync"}},
		Yes:   true, Env: &env}, io)
	if err != nil {
		t.Fatalf("install: %v\n%s", err, errOut.String())
	}
	t.Logf("install said:\n%s", errOut.String())

	t.Run("mutt and neomutt keep the earlier option and read INBOX", func(t *testing.T) {
		for _, program := range []string{"mutt", "neomutt"} {
			out, err := h.run(10*time.Second, "", program, "-n", "-Q", "editor", "-Q", "from")
			if err != nil {
				t.Fatalf("%s -Q: %v\n%s", program, err, out)
			}
			if !strings.Contains(out, "my-own-editor") || !strings.Contains(out, a.Email) {
				t.Errorf("%s -Q editor, from = %q: want the earlier editor and the new address", program, out)
			}
			sess := h.start(t, program, "-n")
			if err := sess.waitFor(seedSubject, 30*time.Second); err != nil {
				t.Errorf("%s: %v", program, err)
			}
			_ = sess.tmux("kill-server").Run()
		}
	})
	t.Run("msmtp sends with the new account and keeps the earlier default", func(t *testing.T) {
		out, err := h.run(10*time.Second, "", "msmtp", "--pretend", "-t")
		if err != nil && !strings.Contains(out, "smtp.earlier.example") {
			t.Fatalf("msmtp --pretend: %v\n%s", err, out)
		}
		if !strings.Contains(out, "smtp.earlier.example") {
			t.Errorf("msmtp's default account is no longer the earlier one:\n%s", out)
		}
		if err := msmtpDefaultConfigSends(t, h, s, a); err != nil {
			t.Error(err)
		}
	})
	t.Run("mbsync lists the new account and still knows the earlier one", func(t *testing.T) {
		if err := os.MkdirAll(filepath.Join(h.dir, "Mail", a.Email), 0o700); err != nil {
			t.Fatal(err)
		}
		out, err := h.run(30*time.Second, "", "mbsync", "-l", a.Email)
		if err != nil || !strings.Contains(out, "INBOX") {
			t.Fatalf("mbsync -l %s: %v\n%s", a.Email, err, out)
		}
		out, _ = h.run(10*time.Second, "", "mbsync", "-l", "earlier")
		if strings.Contains(out, "No channel or group") || strings.Contains(out, "no such") {
			t.Errorf("mbsync lost the earlier channel:\n%s", out)
		}
	})
	t.Run("aerc has both accounts and reads the new one", func(t *testing.T) {
		sess := h.start(t, "aerc")
		if err := sess.waitFor("earlier", 30*time.Second); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sess.last, a.Email) {
			t.Errorf("aerc's tabs do not show %s:\n%s", a.Email, sess.last)
		}
		if err := sess.keys(":next-tab", "Enter"); err != nil {
			t.Fatal(err)
		}
		if err := sess.waitFor(seedSubject, 30*time.Second); err != nil {
			t.Error(err)
		}
	})

	undo := app.InstallOptions{Undo: true, Env: &env}
	if err := app.Install(context.Background(), undo, io); err != nil {
		t.Fatalf("undo: %v\n%s", err, errOut.String())
	}
	for rel, data := range earlier {
		got, err := os.ReadFile(filepath.Join(h.dir, rel))
		if err != nil || string(got) != data {
			t.Errorf("after undo %s = %q (%v), want the earlier file byte for byte", rel, got, err)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, ".config", "mutt", "accounts", a.Email+".muttrc")); err == nil {
		t.Errorf("undo left the account's muttrc behind")
	}
}

// msmtpDefaultConfigSends sends through the new account from msmtp's
// default configuration file (no -C).
func msmtpDefaultConfigSends(t *testing.T, h home, s *mailserver.Server, a account.Account) error {
	t.Helper()
	subject := "installed msmtp " + time.Now().Format("150405.000000")
	msg := "From: " + a.Email + "\r\nTo: friend@example.com\r\nSubject: " + subject + "\r\n\r\nsent by msmtp\r\n"
	out, err := h.run(30*time.Second, msg, "msmtp", "-a", a.Email, "friend@example.com")
	if err != nil {
		t.Fatalf("msmtp -a %s: %v\n%s", a.Email, err, out)
	}
	if _, ok := s.WaitMessage(30*time.Second, func(d mailserver.Delivered) bool {
		return d.Header() != nil && d.Header().Get("Subject") == subject
	}); !ok {
		t.Errorf("the message sent with the installed msmtp account never arrived")
	}
	return nil
}
