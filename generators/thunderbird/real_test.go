package thunderbird

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// TestRealThunderbird starts Debian's Thunderbird, headless and in a network
// namespace of its own (it cannot reach any server), on a fresh profile
// holding only the generated user.js. Thunderbird loads the account and
// writes prefs.js when it shuts down; prefs.js must then hold the account,
// identity and SMTP server with the right types.
func TestRealThunderbird(t *testing.T) {
	realtest.NeedRoot(t)
	realtest.Need(t, "thunderbird", "unshare")
	a := fixture.Hostile(t)[1]
	a.Name = `Pat "Boss" O'Brien, #1; $x \ ` + "`y` Zoë 😀"
	a.Incoming.Security, a.Outgoing.Security = account.SSL, account.STARTTLS

	profile := t.TempDir()
	userJS, err := UserJS(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), userJS, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := realtest.Isolated("thunderbird", "--headless", "--no-remote", "--profile", profile)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.Env = removeEnv(cmd.Env, "DISPLAY")
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Thunderbird creates the account's folder store once it has loaded
	// the account; then it can be asked to quit.
	store := filepath.Join(profile, "ImapMail", a.Incoming.Host)
	deadline := time.Now().Add(90 * time.Second)
	for !exists(store) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // let start-up finish before the shutdown request
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("thunderbird did not quit\n%s", log.String())
	}
	if !exists(store) {
		t.Fatalf("thunderbird never created the account's store %s: the account was not loaded\n%s", store, tail(log.String()))
	}
	data, err := os.ReadFile(filepath.Join(profile, "prefs.js"))
	if err != nil {
		t.Fatalf("thunderbird wrote no prefs.js: %v\n%s", err, tail(log.String()))
	}
	got, err := parsePrefs(data)
	if err != nil {
		t.Fatalf("parsing Thunderbird's prefs.js: %v", err)
	}
	want := map[string]any{
		"mail.server.server901.type":         "imap",
		"mail.server.server901.hostname":     a.Incoming.Host,
		"mail.server.server901.port":         a.Incoming.Port,
		"mail.server.server901.socketType":   3,
		"mail.server.server901.userName":     a.Email,
		"mail.server.server901.authMethod":   3,
		"mail.identity.id901.fullName":       a.Name,
		"mail.identity.id901.useremail":      a.Email,
		"mail.identity.id901.smtpServer":     "smtp901",
		"mail.smtpserver.smtp901.hostname":   a.Outgoing.Host,
		"mail.smtpserver.smtp901.port":       a.Outgoing.Port,
		"mail.smtpserver.smtp901.try_ssl":    2,
		"mail.smtpserver.smtp901.username":   a.Email,
		"mail.account.account901.server":     "server901",
		"mail.accountmanager.defaultaccount": "account901",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("prefs.js: %s = %#v, want %#v", k, got[k], w)
		}
	}
	if accts, _ := got["mail.accountmanager.accounts"].(string); !strings.HasPrefix(accts, "account901") {
		t.Errorf("prefs.js: mail.accountmanager.accounts = %q, want our account first", accts)
	}
	// Thunderbird adds Local Folders as the next account: lastKey kept it
	// from colliding with ours.
	if n, _ := got["mail.account.lastKey"].(int); n <= lastKey {
		t.Errorf("prefs.js: mail.account.lastKey = %v, want above %d", got["mail.account.lastKey"], lastKey)
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func removeEnv(env []string, key string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}
