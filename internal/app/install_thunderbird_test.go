package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/install"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// twoAccounts is a user.js with two accounts, as a person who set up two
// accounts in Thunderbird's wizard has them (keys 1 and 2). Thunderbird
// reads it once, writes prefs.js, and the test then removes it, so the
// profile's prefs.js is Thunderbird's own.
const twoAccounts = `user_pref("mail.accountmanager.accounts", "account1,account2");
user_pref("mail.accountmanager.defaultaccount", "account1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.hostname", "imap.example.org");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.userName", "old@example.org");
user_pref("mail.identity.id1.useremail", "old@example.org");
user_pref("mail.identity.id1.fullName", "Old \"One\" Ünlü");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.account.account2.identities", "id2");
user_pref("mail.server.server2.type", "imap");
user_pref("mail.server.server2.hostname", "imap.example.net");
user_pref("mail.server.server2.port", 143);
user_pref("mail.server.server2.socketType", 2);
user_pref("mail.server.server2.userName", "two@example.net");
user_pref("mail.identity.id2.useremail", "two@example.net");
user_pref("mail.identity.id2.smtpServer", "smtp2");
user_pref("mail.smtpservers", "smtp1,smtp2");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.org");
user_pref("mail.smtpserver.smtp2.hostname", "smtp.example.net");
`

// TestInstallRealThunderbird runs the whole story with Debian's
// Thunderbird: a profile with two accounts made by Thunderbird itself;
// install refuses while Thunderbird runs on it; after it quits, install
// adds the Spectrum account; Thunderbird then starts with all three, each
// with its own server and identity; a second install changes nothing; and
// install then undo gives prefs.js back byte for byte.
func TestInstallRealThunderbird(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Thunderbird several times (about a minute); skipped with -short")
	}
	realtest.NeedRoot(t)
	realtest.Need(t, "thunderbird", "unshare")
	home := t.TempDir()
	root := filepath.Join(home, ".thunderbird")
	profile := filepath.Join(root, "abcd1234.default-esr")
	if err := os.MkdirAll(profile, 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "profiles.ini"), "[Profile0]\nName=default-esr\nIsRelative=1\nPath=abcd1234.default-esr\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n")
	write(t, filepath.Join(profile, "user.js"), twoAccounts)
	tb := startThunderbird(t, home, profile)
	tb.waitFor(t, filepath.Join(profile, "ImapMail", "imap.example.net"))
	tb.stop(t)
	if err := os.Remove(filepath.Join(profile, "user.js")); err != nil {
		t.Fatal(err)
	}
	before := prefsOf(t, profile)
	if got := before["mail.accountmanager.accounts"]; !strings.HasPrefix(got, "account1,account2") {
		t.Fatalf("Thunderbird's own prefs.js lists accounts %q, want account1,account2 first", got)
	}

	env := install.Env{GOOS: "linux", Home: home, Getenv: func(string) string { return "" }}
	opt := InstallOptions{Input: Input{Email: "new.person@spectrum.net", Name: "New Person", Clients: []string{"thunderbird"}}, Yes: true, Env: &env}

	// While Thunderbird runs on the profile, install refuses.
	tb = startThunderbird(t, home, profile)
	tb.waitForLock(t, profile)
	s, _, errOut := testIO()
	err := Install(context.Background(), opt, s)
	if err == nil || !strings.Contains(err.Error(), "is in use by a running Thunderbird") {
		t.Fatalf("install while Thunderbird runs: err = %v, want a refusal\n%s", err, errOut)
	}
	tb.stop(t)

	// Install, then undo: prefs.js as it was, byte for byte.
	orig := read(t, filepath.Join(profile, "prefs.js"))
	if err := Install(context.Background(), opt, s); err != nil {
		t.Fatalf("install: %v", err)
	}
	undo := opt
	undo.Undo = true
	if err := Install(context.Background(), undo, s); err != nil {
		t.Fatalf("undo: %v", err)
	}
	if got := read(t, filepath.Join(profile, "prefs.js")); !bytes.Equal(got, orig) {
		t.Fatalf("undo did not restore prefs.js byte for byte")
	}

	// Install for real, and let Thunderbird load it.
	s, _, errOut = testIO()
	if err := Install(context.Background(), opt, s); err != nil {
		t.Fatalf("install: %v\n%s", err, errOut)
	}
	t.Logf("install said:\n%s", errOut)
	tb = startThunderbird(t, home, profile)
	tb.waitFor(t, filepath.Join(profile, "ImapMail", "imap.spectrum.com"))
	tb.stop(t)
	after := prefsOf(t, profile)
	t.Logf("Thunderbird's accounts after install: %s", after["mail.accountmanager.accounts"])
	accounts := strings.Split(after["mail.accountmanager.accounts"], ",")
	byEmail := map[string]string{}
	for _, acct := range accounts {
		server := after["mail.account."+acct+".server"]
		id := after["mail.account."+acct+".identities"]
		if server == "" {
			t.Errorf("account %s has no server", acct)
			continue
		}
		if id != "" {
			byEmail[after["mail.identity."+id+".useremail"]] = after["mail.server."+server+".hostname"]
		}
	}
	want := map[string]string{"old@example.org": "imap.example.org", "two@example.net": "imap.example.net", "new.person@spectrum.net": "imap.spectrum.com"}
	for email, host := range want {
		if byEmail[email] != host {
			t.Errorf("after install, %s's account has server %q, want %q (accounts: %v)", email, byEmail[email], host, byEmail)
		}
	}
	smtps := after["mail.smtpservers"]
	if !strings.HasPrefix(smtps, "smtp1,smtp2,") {
		t.Errorf("mail.smtpservers = %q, want the old two and the new one", smtps)
	}
	if after["mail.accountmanager.defaultaccount"] != "account1" {
		t.Errorf("the default account changed to %q", after["mail.accountmanager.defaultaccount"])
	}

	// A second install of the same address changes nothing.
	prefsNow := read(t, filepath.Join(profile, "prefs.js"))
	s, _, errOut = testIO()
	if err := Install(context.Background(), opt, s); err != nil {
		t.Fatalf("second install: %v", err)
	}
	if !strings.Contains(errOut.String(), "already has new.person@spectrum.net") {
		t.Errorf("second install said %q, want that the address is already there", errOut)
	}
	if !bytes.Equal(read(t, filepath.Join(profile, "prefs.js")), prefsNow) {
		t.Errorf("second install changed prefs.js")
	}
}

// TestInstallRealThunderbirdFreshProfile installs into a profile that
// Thunderbird made and that has no account yet.
func TestInstallRealThunderbirdFreshProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Thunderbird; skipped with -short")
	}
	realtest.NeedRoot(t)
	realtest.Need(t, "thunderbird", "unshare")
	home := t.TempDir()
	profile := filepath.Join(home, "profile")
	if err := os.MkdirAll(profile, 0o700); err != nil {
		t.Fatal(err)
	}
	tb := startThunderbird(t, home, profile)
	tb.waitFor(t, filepath.Join(profile, "prefs.js"))
	time.Sleep(2 * time.Second)
	tb.stop(t)
	env := install.Env{GOOS: "linux", Home: home, Getenv: func(string) string { return "" }}
	s, _, errOut := testIO()
	opt := InstallOptions{Input: Input{Email: "fresh@spectrum.net", Name: "Fresh", Clients: []string{"thunderbird"}}, ProfileDir: profile, Yes: true, Env: &env}
	if err := Install(context.Background(), opt, s); err != nil {
		t.Fatalf("install: %v\n%s", err, errOut)
	}
	tb = startThunderbird(t, home, profile)
	tb.waitFor(t, filepath.Join(profile, "ImapMail", "imap.spectrum.com"))
	tb.stop(t)
	after := prefsOf(t, profile)
	acct := strings.Split(after["mail.accountmanager.accounts"], ",")[0]
	id := after["mail.account."+acct+".identities"]
	if after["mail.identity."+id+".useremail"] != "fresh@spectrum.net" {
		t.Errorf("first account %s has identity %s with address %q, want fresh@spectrum.net (prefs: accounts %q)",
			acct, id, after["mail.identity."+id+".useremail"], after["mail.accountmanager.accounts"])
	}
}

type thunderbirdRun struct {
	cmd  interface{ Wait() error }
	proc *os.Process
	log  *strings.Builder
	done chan error
}

func startThunderbird(t *testing.T, home, profile string) *thunderbirdRun {
	t.Helper()
	cmd := realtest.Isolated("thunderbird", "--headless", "--no-remote", "--profile", profile)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "HOME="+home, "MOZ_CRASHREPORTER_DISABLE=1")
	log := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &thunderbirdRun{cmd: cmd, proc: cmd.Process, log: log, done: make(chan error, 1)}
	go func() { r.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = r.proc.Kill() })
	return r
}

func (r *thunderbirdRun) waitFor(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			time.Sleep(2 * time.Second) // let start-up finish before the shutdown request
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("Thunderbird never made %s\n%s", path, tailOf(r.log.String()))
}

func (r *thunderbirdRun) waitForLock(t *testing.T, profile string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Lstat(filepath.Join(profile, "lock")); err == nil {
			time.Sleep(time.Second)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("Thunderbird never locked the profile\n%s", tailOf(r.log.String()))
}

func (r *thunderbirdRun) stop(t *testing.T) {
	t.Helper()
	_ = r.proc.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(60 * time.Second):
		_ = r.proc.Kill()
		t.Fatalf("Thunderbird did not quit\n%s", tailOf(r.log.String()))
	}
}

func prefsOf(t *testing.T, profile string) map[string]string {
	t.Helper()
	f, err := install.ReadPrefs(read(t, filepath.Join(profile, "prefs.js")))
	if err != nil {
		t.Fatalf("Thunderbird's prefs.js: %v", err)
	}
	return f
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func tailOf(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}
