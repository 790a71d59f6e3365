//go:build linux

// Package dovecot_test runs verify against the real Dovecot of
// internal/mailserver, inside its namespace where the profile's host names
// resolve to 127.0.0.1: the system resolver and dialer, no injection.
package dovecot_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/mailserver"
	"github.com/spectrumgen/spectrumgen/internal/verify"
)

func TestMain(m *testing.M) { os.Exit(mailserver.Main(m)) }

const password = `Dove-"cot"\pw-4d1c`

func spectrum(smtpSec account.Security) account.Account {
	return account.Account{Email: "alice@spectrum.net", Profile: "spectrum",
		Incoming: account.Server{Host: "imap.spectrum.com", Port: 993, Security: account.SSL, Auth: account.Password, Username: "alice@spectrum.net"},
		Outgoing: account.Server{Host: "smtp.spectrum.com", Port: 587, Security: smtpSec, Auth: account.Password, Username: "alice@spectrum.net"}}
}

// TestVerifyDovecot: success, a wrong password, a user name without the
// domain, and the other TLS mode, each diagnosed as such by a real server.
func TestVerifyDovecot(t *testing.T) {
	for _, sec := range []account.Security{account.SSL, account.STARTTLS} {
		t.Run(string(sec), func(t *testing.T) {
			a := spectrum(sec)
			s := mailserver.Start(t, mailserver.ForAccount(a, password,
				mailserver.Message{From: "bob@example.com", Subject: "Welcome", Body: "hi"}))
			opt := verify.Options{Timeout: 5 * time.Second, RootCAs: s.CAPool, Password: password}
			mismatched := spectrum(account.SSL)
			if sec == account.SSL {
				mismatched = spectrum(account.STARTTLS)
			}
			noDomain := a
			noDomain.Incoming.Username, noDomain.Outgoing.Username = "alice", "alice"
			wrong := opt
			wrong.Password = "wrong-" + password
			noPassword := opt
			noPassword.Password = ""
			otherMode := map[account.Security]map[string]string{
				account.SSL:      {"smtp.greeting": "tls-port"},
				account.STARTTLS: {"smtp.tls": "plaintext-port"},
			}[sec]
			for _, tc := range []struct {
				name string
				a    account.Account
				opt  verify.Options
				want map[string]string // failed check -> diagnosis code
			}{
				{"success", a, opt, nil},
				{"wrong password", a, wrong, map[string]string{"imap.login": "login-rejected", "smtp.auth": "smtp-535"}},
				{"user name without the domain", noDomain, opt, map[string]string{"imap.login": "username-not-address", "smtp.auth": "username-not-address"}},
				{"other TLS mode", mismatched, opt, otherMode},
				{"no password", a, noPassword, nil},
			} {
				r := verify.Run(context.Background(), tc.a, tc.opt)
				var out bytes.Buffer
				_ = r.WriteText(&out, verify.Words)
				got := map[string]string{}
				for _, c := range r.Checks {
					if c.Status == verify.Fail {
						got[c.Name] = c.Diagnosis.Code
					}
				}
				if len(got) != len(tc.want) {
					t.Errorf("%s: failed %v, want %v\n%s", tc.name, got, tc.want, out.String())
				}
				for k, v := range tc.want {
					if got[k] != v {
						t.Errorf("%s: %s diagnosed %q, want %q\n%s", tc.name, k, got[k], v, out.String())
					}
				}
				_ = r.WriteJSON(&out)
				if bytes.Contains(out.Bytes(), []byte(password)) || bytes.Contains(out.Bytes(), []byte("4d1c")) {
					t.Errorf("%s: the password is in the output", tc.name)
				}
				// Only a run with every check run and passed is a pass.
				wantNotRun := map[string]int{"success": 0, "no password": 4}
				if n, ok := wantNotRun[tc.name]; ok && (r.NotRun() != n || r.OK() != (n == 0)) {
					t.Errorf("%s: %d checks not run (want %d), OK %v\n%s", tc.name, r.NotRun(), n, r.OK(), out.String())
				}
			}
		})
	}
}
