package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/spectrumgen/spectrumgen/internal/verifytest"
)

// TestVerifyScripts runs the real binary's verify against in-process
// servers on 127.0.0.1, with no test hook in the binary: each script's
// folder gets a manifest whose per-account overrides point at the servers
// (host 127.0.0.1, their random ports) and the throwaway CA as ca.pem.
func TestVerifyScripts(t *testing.T) {
	const user, password = "alice@spectrum.net", `Pa55-script-"w"-31337`
	ca := verifytest.NewCA(t)
	good := ca.ServerTLS(t, "127.0.0.1")
	imapSrv := verifytest.StartIMAP(t, verifytest.IMAP{Mode: verifytest.Implicit, TLS: good, Username: user, Password: password, Messages: 2})
	smtpSrv := verifytest.StartSMTP(t, verifytest.SMTP{Mode: verifytest.Implicit, TLS: good, Username: user, Password: password})
	starttls := verifytest.StartSMTP(t, verifytest.SMTP{Mode: verifytest.StartTLS, TLS: good, Username: user, Password: password})
	wrongName := verifytest.StartIMAP(t, verifytest.IMAP{Mode: verifytest.Implicit, TLS: ca.ServerTLS(t, "mail.example.net"), Username: user, Password: password})
	closed := verifytest.ClosedPort(t)

	server := func(addr, security string) string {
		_, port, _ := net.SplitHostPort(addr)
		return fmt.Sprintf("{host: 127.0.0.1, port: %s, security: %s}", port, security)
	}
	manifest := fmt.Sprintf(`version: 1
accounts:
  - email: alice@spectrum.net
    imap: %s
    smtp: %s
  - email: plain@spectrum.net
    imap: %s
    smtp: %s
  - email: closed@spectrum.net
    imap: %s
    smtp: %s
  - email: wrongname@spectrum.net
    imap: %s
    smtp: %s
`, server(imapSrv.Addr, "ssl"), server(smtpSrv.Addr, "ssl"),
		server(imapSrv.Addr, "ssl"), server(starttls.Addr, "ssl"),
		server(closed, "ssl"), server(smtpSrv.Addr, "ssl"),
		server(wrongName.Addr, "ssl"), server(smtpSrv.Addr, "ssl"))

	testscript.Run(t, testscript.Params{
		Dir: "testdata/verify",
		Setup: func(env *testscript.Env) error {
			if err := os.WriteFile(filepath.Join(env.WorkDir, "accounts.yaml"), []byte(manifest), 0o600); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(env.WorkDir, "ca.pem"), ca.PEM, 0o600)
		},
	})
}
