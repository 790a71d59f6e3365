package verify_test

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/verify"
	"github.com/spectrumgen/spectrumgen/internal/verifytest"
)

// TestNoAuthServerFails: an SMTP server that offers no AUTH is the "530
// Authentication Required" call: a failure with that diagnosis, with or
// without a password, never a pass.
func TestNoAuthServerFails(t *testing.T) {
	for _, pw := range []string{password, ""} {
		t.Run("password "+map[bool]string{true: "given", false: "not given"}[pw != ""], func(t *testing.T) {
			w := newWorld(t)
			w.opt.Password = pw
			w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit, Messages: 1})
			w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit, NoAuth: true})
			r := w.run()
			c := find(t, r, "smtp.auth")
			if c.Status != verify.Fail || c.Diagnosis == nil || c.Diagnosis.Code != "no-auth" {
				t.Fatalf("want smtp.auth failed with no-auth:\n%s", text(t, r))
			}
			if !strings.Contains(c.Diagnosis.Problem, "This server does not offer login on this port") ||
				!strings.Contains(c.Diagnosis.Problem, "sending will fail with 530 Authentication Required") {
				t.Errorf("problem: %q", c.Diagnosis.Problem)
			}
			if r.OK() || r.Failed() < 1 {
				t.Errorf("the run passed:\n%s", text(t, r))
			}
			if ehlo := find(t, r, "smtp.ehlo"); strings.Contains(ehlo.Detail, "AUTH") {
				t.Errorf("the test server offers AUTH after all: %q", ehlo.Detail)
			}
			t.Logf("\n%s", text(t, r))
		})
	}
}

// TestUnusableAuthMechanism: a server that offers only a login verify
// (and a client with a normal password) cannot use fails the same way.
func TestUnusableAuthMechanism(t *testing.T) {
	w := newWorld(t)
	w.opt.Password = ""
	w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit})
	s := verifytest.StartEchoSMTP(t, verifytest.Echo{TLS: w.ca.ServerTLS(t, smtpHost), Mechanisms: "XOAUTH2"})
	w.net.Route(smtpHost+":587", s.Addr)
	r := w.run()
	c := find(t, r, "smtp.auth")
	if c.Status != verify.Fail || c.Diagnosis.Code != "no-auth" || !strings.Contains(c.Diagnosis.Problem, "it offers AUTH XOAUTH2, not PLAIN or LOGIN") {
		t.Errorf("want no-auth:\n%s", text(t, r))
	}
}

// TestEndlessCapabilityLineBounded: an IMAP server whose CAPABILITY line
// never ends makes verify fail with a clear diagnosis, and verify's memory
// stays bounded (it grew to gigabytes before lines were bounded).
func TestEndlessCapabilityLineBounded(t *testing.T) {
	w := newWorld(t)
	w.opt.Password = ""
	srv, written := verifytest.StartEndlessIMAP(t, w.ca.ServerTLS(t, imapHost))
	w.net.Route(imapHost+":993", srv.Addr)
	w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
	}()
	start := time.Now()
	r := w.run()
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	c := find(t, r, "imap.capabilities")
	if c.Status != verify.Fail || c.Diagnosis == nil || c.Diagnosis.Code != "too-long" {
		t.Fatalf("want imap.capabilities failed as too-long:\n%s", text(t, r))
	}
	if !strings.Contains(c.Detail, "line longer than 64 kB") {
		t.Errorf("detail: %q", c.Detail)
	}
	if written() < 64<<10 {
		t.Fatalf("the server wrote only %d bytes: the test proves nothing", written())
	}
	const bound = 64 << 20
	if grew := after.TotalAlloc - before.TotalAlloc; grew > bound {
		t.Errorf("verify allocated %d MB in all; want under %d MB", grew>>20, bound>>20)
	}
	if peak > before.HeapInuse+bound {
		t.Errorf("heap in use peaked at %d MB (from %d MB); want under %d MB more", peak>>20, before.HeapInuse>>20, bound>>20)
	}
	if elapsed > w.opt.Timeout {
		t.Errorf("verify took %v: it waited for the timeout instead of stopping at the limit", elapsed)
	}
	if smtpAuth := find(t, r, "smtp.auth"); smtpAuth.Status != verify.Skip {
		t.Errorf("SMTP is still checked after IMAP failed: %s", smtpAuth.Status)
	}
	t.Logf("server wrote %d kB; verify allocated %d kB; heap peak %d kB over %d kB", written()>>10,
		(after.TotalAlloc-before.TotalAlloc)>>10, (peak-min(peak, before.HeapInuse))>>10, before.HeapInuse>>10)
}

// TestSTARTTLSThenPlainText: a server that agrees to STARTTLS and then
// goes on in plain text is diagnosed as such, not as "the settings say
// SSL/TLS" (they say STARTTLS).
func TestSTARTTLSThenPlainText(t *testing.T) {
	w := newWorld(t)
	w.acc.Incoming.Port, w.acc.Incoming.Security = 143, account.STARTTLS
	w.acc.Outgoing.Security = account.STARTTLS
	imapSrv := verifytest.StartLines(t, nil, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", func(line string) string {
		if strings.HasSuffix(line, "STARTTLS") {
			tag, _, _ := strings.Cut(line, " ")
			return tag + " OK Begin TLS negotiation now\r\n* OK still in plain text\r\n"
		}
		return "QUIT"
	})
	smtpSrv := verifytest.StartLines(t, nil, "220 plain.test ESMTP\r\n", func(line string) string {
		switch {
		case strings.HasPrefix(line, "EHLO"):
			return "250-plain.test\r\n250 STARTTLS\r\n"
		case line == "STARTTLS":
			return "220 2.0.0 Ready to start TLS\r\n220 plain.test ESMTP still plain\r\n"
		}
		return "QUIT"
	})
	w.net.Route(imapHost+":143", imapSrv.Addr)
	w.net.Route(smtpHost+":587", smtpSrv.Addr)
	r := w.run()
	for _, name := range []string{"imap.tls", "smtp.tls"} {
		c := find(t, r, name)
		if c.Status != verify.Fail || c.Diagnosis == nil || c.Diagnosis.Code != "starttls-plaintext" {
			t.Errorf("%s: want starttls-plaintext:\n%s", name, text(t, r))
			continue
		}
		if strings.Contains(c.Diagnosis.Cause+c.Diagnosis.Problem, "The settings say SSL/TLS") {
			t.Errorf("%s: diagnosed as an SSL/TLS setting: %+v", name, c.Diagnosis)
		}
		if !strings.Contains(c.Diagnosis.Problem, "agreed to STARTTLS but then went on in plain text") {
			t.Errorf("%s: problem %q", name, c.Diagnosis.Problem)
		}
	}
}

// TestLoginDisabledFails: an IMAP server that says LOGINDISABLED on an
// encrypted connection fails the login check, with or without a password:
// no mail client could log in either.
func TestLoginDisabledFails(t *testing.T) {
	for _, pw := range []string{password, ""} {
		w := newWorld(t)
		w.opt.Password = pw
		srv := verifytest.StartLines(t, w.ca.ServerTLS(t, imapHost), "* OK ready\r\n", func(line string) string {
			tag, cmd, _ := strings.Cut(line, " ")
			switch cmd {
			case "CAPABILITY":
				return "* CAPABILITY IMAP4rev1 LOGINDISABLED\r\n" + tag + " OK done\r\n"
			case "LOGOUT":
				return "* BYE\r\n" + tag + " OK bye\r\n"
			}
			return tag + " BAD no\r\n"
		})
		w.net.Route(imapHost+":993", srv.Addr)
		w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.Implicit})
		r := w.run()
		c := find(t, r, "imap.login")
		if c.Status != verify.Fail || c.Diagnosis == nil || c.Diagnosis.Code != "login-disabled" {
			t.Errorf("password %v: want login-disabled:\n%s", pw != "", text(t, r))
		}
		if tr := srv.Traffic.String(); !strings.Contains(tr, "CAPABILITY") || strings.Contains(tr, "LOGIN ") {
			t.Errorf("want CAPABILITY and no LOGIN sent; the server received:\n%s", tr)
		}
	}
}
