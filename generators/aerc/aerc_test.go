package aerc

import (
	"net/mail"
	"net/url"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

func TestGolden(t *testing.T) {
	fixture.AssertGolden(t, Generator{}, nil)
}

func TestMode0600(t *testing.T) {
	files, err := Generator{}.Generate(fixture.Example(t, "aerc")[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Perm() != 0o600 {
		t.Fatalf("accounts.conf must be mode 0600, got %v", files)
	}
}

func TestReadsBack(t *testing.T) {
	for _, a := range append(fixture.Example(t, "aerc"), fixture.Hostile(t, "aerc")...) {
		conf, err := AccountsConf(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		checkReadsBack(t, a, string(conf))
	}
}

// checkReadsBack reads conf as aerc would and checks every value that
// carries account data.
func checkReadsBack(t *testing.T, a account.Account, conf string) {
	t.Helper()
	ini, err := readINI(conf)
	if err != nil {
		t.Fatalf("%s: %v\n%s", a.Email, err, conf)
	}
	sec := ini[a.Email]
	if sec == nil {
		t.Fatalf("%s: no [%s] section in\n%s", a.Email, a.Email, conf)
	}
	from, err := mail.ParseAddress(sec["from"])
	if err != nil {
		t.Fatalf("%s: from %q does not parse: %v", a.Email, sec["from"], err)
	}
	if from.Name != a.Name || from.Address != a.Email {
		t.Errorf("%s: from reads as %q <%s>, want %q <%s>", a.Email, from.Name, from.Address, a.Name, a.Email)
	}
	for _, k := range []string{"source-cred-cmd", "outgoing-cred-cmd"} {
		if sec[k] != a.PasswordCommand {
			t.Errorf("%s: %s reads as %q, want %q", a.Email, k, sec[k], a.PasswordCommand)
		}
	}
	for _, k := range []string{"source", "outgoing"} {
		u, err := url.Parse(sec[k])
		if err != nil {
			t.Fatalf("%s: %s %q: %v", a.Email, k, sec[k], err)
		}
		if u.User.Username() != a.Email || !strings.Contains(sec[k], "%40") {
			t.Errorf("%s: %s %q does not carry the percent-encoded user", a.Email, k, sec[k])
		}
	}
	if got, want := sec["default"]+"/"+sec["copy-to"]+"/"+sec["postpone"], "INBOX/Sent/Drafts"; got != want {
		t.Errorf("%s: folders %s, want %s", a.Email, got, want)
	}
}

func TestURLs(t *testing.T) {
	s := account.Server{Host: "smtp.spectrum.com", Port: 587, Auth: account.Password, Username: "a@spectrum.net"}
	for sec, want := range map[account.Security]string{
		account.SSL:      "smtps://a%40spectrum.net@smtp.spectrum.com:587",
		account.STARTTLS: "smtp://a%40spectrum.net@smtp.spectrum.com:587",
	} {
		s.Security = sec
		if got := outgoingURL(s); got != want {
			t.Errorf("%s: %s, want %s", sec, got, want)
		}
	}
	a := fixture.Example(t, "aerc")[0]
	a.Outgoing.Security = account.STARTTLS
	conf, _ := AccountsConf(a)
	if !strings.Contains(string(conf), "\nsmtp-starttls = yes\n") {
		t.Errorf("STARTTLS needs smtp-starttls = yes for aerc 0.14:\n%s", conf)
	}
}

func TestIniValueRefuses(t *testing.T) {
	for v, want := range map[string]string{"a\nb": "line break", "x %(source)s": "%(source)s"} {
		if _, err := iniValue(v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("iniValue(%q) = %v, want an error naming %q", v, err, want)
		}
	}
}
