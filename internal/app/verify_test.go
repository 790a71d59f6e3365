package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/verify"
	"github.com/spectrumgen/spectrumgen/internal/verifytest"
)

const testPassword = `Secr3t-"app"-9d41e`

// verifyWorld runs healthy servers for the spectrum profile's host names
// (and for the routes a test adds) on 127.0.0.1.
type verifyWorld struct {
	t   *testing.T
	ca  *verifytest.CA
	net *verifytest.Net
}

func newVerifyWorld(t *testing.T) *verifyWorld {
	return &verifyWorld{t: t, ca: verifytest.NewCA(t), net: verifytest.NewNet(t)}
}

func (w *verifyWorld) imap(hostPort, host, user string) {
	s := verifytest.StartIMAP(w.t, verifytest.IMAP{Mode: verifytest.Implicit, TLS: w.ca.ServerTLS(w.t, host),
		Username: user, Password: testPassword, Messages: 2})
	w.net.Route(hostPort, s.Addr)
}

func (w *verifyWorld) smtp(hostPort, host, user string) {
	s := verifytest.StartSMTP(w.t, verifytest.SMTP{Mode: verifytest.Implicit, TLS: w.ca.ServerTLS(w.t, host),
		Username: user, Password: testPassword})
	w.net.Route(hostPort, s.Addr)
}

func (w *verifyWorld) options(in Input) VerifyOptions {
	return VerifyOptions{Input: in, Timeout: 2 * time.Second,
		LookupEnv: func(string) (string, bool) { return "", false },
		Net:       verify.Options{Resolver: w.net, Dial: w.net.Dial, RootCAs: w.ca.Pool}}
}

type run struct {
	out, err string
	code     int
	errText  string
}

func runVerify(t *testing.T, opt VerifyOptions, s *IO) run {
	t.Helper()
	var out, errOut bytes.Buffer
	s.Out, s.Err = &out, &errOut
	if s.In == nil {
		s.In = strings.NewReader("")
	}
	err := Verify(context.Background(), opt, s)
	r := run{out: out.String(), err: errOut.String(), code: ExitCode(err)}
	if err != nil {
		r.errText = FormatError(err)
	}
	for _, text := range []string{r.out, r.err, r.errText} {
		if strings.Contains(text, testPassword) || strings.Contains(text, "9d41e") {
			t.Errorf("the password appears in the output:\n%s", text)
		}
	}
	return r
}

func TestVerifyPasswordSources(t *testing.T) {
	const email = "alice@spectrum.net"
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", email)
	w.smtp("smtp.spectrum.com:587", "smtp.spectrum.com", email)
	cases := []struct {
		name   string
		adjust func(*VerifyOptions, *IO)
		prompt bool
	}{
		{"stdin", func(o *VerifyOptions, s *IO) {
			o.PasswordStdin = true
			s.In = strings.NewReader(testPassword + "\n")
		}, false},
		{"environment", func(o *VerifyOptions, s *IO) {
			o.LookupEnv = func(k string) (string, bool) { return testPassword, k == PasswordEnv }
		}, false},
		{"prompt without echo", func(o *VerifyOptions, s *IO) {
			s.InTTY = true
			s.ReadSecret = func() ([]byte, error) { return []byte(testPassword), nil }
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opt := w.options(Input{Email: email})
			s := &IO{}
			tc.adjust(&opt, s)
			r := runVerify(t, opt, s)
			if r.code != 0 {
				t.Fatalf("exit %d: %s\n%s", r.code, r.errText, r.out)
			}
			for _, want := range []string{"ok   login        logged in as " + email, "ok   login        AUTH PLAIN accepted", "all 15 checks passed"} {
				if !strings.Contains(r.out, want) {
					t.Errorf("output lacks %q:\n%s", want, r.out)
				}
			}
			if got := strings.Contains(r.err, "Password for "+email); got != tc.prompt {
				t.Errorf("prompt shown: %v, want %v (stderr %q)", got, tc.prompt, r.err)
			}
		})
	}
}

// TestVerifyUsesManifestSettings: with --manifest, the settings verified
// are that account's, overrides included.
func TestVerifyUsesManifestSettings(t *testing.T) {
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", "bob@spectrum.net")
	w.smtp("smtp.spectrum.com:465", "smtp.spectrum.com", "bob@spectrum.net") // 587 is closed
	dir := t.TempDir()
	manifest := filepath.Join(dir, "accounts.yaml")
	if err := os.WriteFile(manifest, []byte(`version: 1
accounts:
  - email: alice@spectrum.net
  - email: Bob@Spectrum.net
    smtp: {port: 465}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	opt := w.options(Input{Manifest: manifest, Email: "bob@spectrum.net"})
	opt.LookupEnv = func(k string) (string, bool) { return testPassword, k == PasswordEnv }
	r := runVerify(t, opt, &IO{})
	if r.code != 0 || !strings.Contains(r.out, "SMTP smtp.spectrum.com:465 (SSL/TLS)") {
		t.Errorf("exit %d; want bob's SMTP override verified:\n%s%s", r.code, r.out, r.errText)
	}
	// alice's settings use 587, which is closed: proof the account chosen matters.
	opt.Input.Email = "alice@spectrum.net"
	r = runVerify(t, opt, &IO{})
	if r.code != 1 || !strings.Contains(r.out, "The connection to smtp.spectrum.com:587 was refused.") {
		t.Errorf("exit %d; want alice's 587 refused:\n%s", r.code, r.out)
	}
	opt.Input.Email = "carol@spectrum.net"
	if r = runVerify(t, opt, &IO{}); r.code != 2 || !strings.Contains(r.errText, "has no account carol@spectrum.net") {
		t.Errorf("unknown account: exit %d, %q", r.code, r.errText)
	}
	opt.Input.Email = ""
	if r = runVerify(t, opt, &IO{}); r.code != 2 || !strings.Contains(r.errText, "one account per run") {
		t.Errorf("no address with a 2-account manifest: exit %d, %q", r.code, r.errText)
	}
}

func TestVerifyProfileFlag(t *testing.T) {
	const email = "lab@charter.net"
	w := newVerifyWorld(t)
	w.imap("mobile.charter.net:993", "mobile.charter.net", email)
	w.smtp("mobile.charter.net:587", "mobile.charter.net", email)
	opt := w.options(Input{Email: email, Profile: "charter"})
	opt.LookupEnv = func(k string) (string, bool) { return testPassword, k == PasswordEnv }
	if r := runVerify(t, opt, &IO{}); r.code != 0 || !strings.Contains(r.out, "IMAP mobile.charter.net:993") {
		t.Errorf("exit %d:\n%s%s", r.code, r.out, r.errText)
	}
	opt.Input.Profile = "chartr"
	if r := runVerify(t, opt, &IO{}); r.code == 0 || !strings.Contains(r.errText, `did you mean "charter"`) {
		t.Errorf("unknown profile: exit %d, %q", r.code, r.errText)
	}
}

func TestVerifyMarks(t *testing.T) {
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", "alice@spectrum.net")
	w.smtp("smtp.spectrum.com:587", "smtp.spectrum.com", "alice@spectrum.net")
	cases := []struct {
		name            string
		outTTY, noColor bool
		want, notWant   string
	}{
		{"terminal", true, false, "  ✓ DNS", "  ok"},
		{"terminal with NO_COLOR", true, true, "  ok   DNS", "✓"},
		{"pipe", false, false, "  ok   DNS", "✓"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runVerify(t, w.options(Input{Email: "alice@spectrum.net"}), &IO{OutTTY: tc.outTTY, NoColor: tc.noColor})
			if !strings.Contains(r.out, tc.want) || strings.Contains(r.out, tc.notWant) {
				t.Errorf("want %q and not %q:\n%s", tc.want, tc.notWant, r.out)
			}
		})
	}
}

func TestVerifyJSONAndExitCodes(t *testing.T) {
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", "alice@spectrum.net")
	w.smtp("smtp.spectrum.com:587", "smtp.spectrum.com", "alice@spectrum.net")
	cases := []struct {
		name     string
		password string
		code     int
		failed   map[string]string // check -> diagnosis code
	}{
		{"success", testPassword, 0, nil},
		{"wrong password", testPassword + "x", 1, map[string]string{"imap.login": "login-rejected", "smtp.auth": "smtp-535"}},
		{"no password", "", 3, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opt := w.options(Input{Email: "alice@spectrum.net"})
			opt.JSON = true
			opt.LookupEnv = func(k string) (string, bool) { return tc.password, k == PasswordEnv }
			r := runVerify(t, opt, &IO{})
			if r.code != tc.code {
				t.Errorf("exit %d, want %d", r.code, tc.code)
			}
			// JSON Lines, read as a script would: a line at a time.
			var checks []map[string]any
			var summary map[string]any
			sc := bufio.NewScanner(strings.NewReader(r.out))
			for sc.Scan() {
				var o map[string]any
				if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
					t.Fatalf("line %q is not a JSON object: %v", sc.Text(), err)
				}
				if o["name"] == "summary" {
					summary = o
				} else if summary != nil {
					t.Errorf("a check after the summary: %v", o)
				} else {
					checks = append(checks, o)
				}
			}
			if summary == nil || len(checks) != 15 {
				t.Fatalf("want 15 checks and a summary:\n%s", r.out)
			}
			wantStatus := map[int]string{0: "ok", 1: "fail", 3: "not_run"}[tc.code]
			if summary["ok"] != (tc.code == 0) || summary["status"] != wantStatus || summary["email"] != "alice@spectrum.net" {
				t.Errorf("summary %v, want status %s", summary, wantStatus)
			}
			if tc.code == 3 && summary["not_run"] != float64(4) {
				t.Errorf("summary %v, want 4 not run", summary)
			}
			failed := map[string]string{}
			for _, c := range checks {
				for _, k := range []string{"name", "status", "duration_ms", "detail", "diagnosis"} {
					if _, ok := c[k]; !ok {
						t.Errorf("check %v lacks %q", c["name"], k)
					}
				}
				if c["status"] == "fail" {
					d, _ := c["diagnosis"].(map[string]any)
					failed[c["name"].(string)], _ = d["code"].(string)
				}
			}
			if len(failed) != len(tc.failed) {
				t.Errorf("failed checks %v, want %v", failed, tc.failed)
			}
			for k, v := range tc.failed {
				if failed[k] != v {
					t.Errorf("%s: diagnosis %q, want %q", k, failed[k], v)
				}
			}
		})
	}
}

func TestVerifyUsage(t *testing.T) {
	w := newVerifyWorld(t)
	for _, tc := range []struct {
		name string
		opt  VerifyOptions
		want string
		code int // 0 means 2, a usage error
	}{
		{"no address", w.options(Input{}), "give --email ADDRESS", 0},
		{"not an address", w.options(Input{Email: "bob"}), `--email "bob": the address has no @`, 0},
		{"unknown profile", w.options(Input{Email: "a@spectrum.net", Profile: "bogus"}), `--profile: unknown profile "bogus"`, 0},
		{"bad timeout", func() VerifyOptions { o := w.options(Input{Email: "a@spectrum.net"}); o.Timeout = 0; return o }(), "--timeout", 0},
		{"empty stdin password", func() VerifyOptions {
			o := w.options(Input{Email: "a@spectrum.net"})
			o.PasswordStdin = true
			return o
		}(), "standard input holds no password", 0},
		{"CA file without certificates", func() VerifyOptions {
			o := w.options(Input{Email: "a@spectrum.net"})
			o.CAFile = filepath.Join(t.TempDir(), "empty.pem")
			if err := os.WriteFile(o.CAFile, []byte("nothing\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			return o
		}(), "no PEM certificate", 1}, // the file is wrong, not the command: a failure
		{"CA file missing", func() VerifyOptions {
			o := w.options(Input{Email: "a@spectrum.net"})
			o.CAFile = filepath.Join(t.TempDir(), "missing.pem")
			return o
		}(), notFound, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.code
			if want == 0 {
				want = 2
			}
			r := runVerify(t, tc.opt, &IO{})
			if r.code != want || !strings.Contains(r.errText, tc.want) || r.out != "" {
				t.Errorf("exit %d, error %q, stdout %q; want exit %d and %q", r.code, r.errText, r.out, want, tc.want)
			}
		})
	}
}

// TestVerifyProbeSuggestsProfile: the probe's candidates are the loaded
// profiles, --profiles files included.
func TestVerifyProbeSuggestsProfile(t *testing.T) {
	const email = "alice@spectrum.net"
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", email)
	s := verifytest.StartSMTP(t, verifytest.SMTP{Mode: verifytest.StartTLS, TLS: w.ca.ServerTLS(t, "smtp.spectrum.com"), Username: email, Password: testPassword})
	w.net.Route("smtp.spectrum.com:587", s.Addr)
	profiles := filepath.Join(t.TempDir(), "profiles.yaml")
	if err := os.WriteFile(profiles, []byte(`version: 1
profiles:
  spectrum-starttls:
    imap: {host: imap.spectrum.com, port: 993, security: ssl}
    smtp: {host: smtp.spectrum.com, port: 587, security: starttls}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	opt := w.options(Input{Email: email, ProfilesFiles: []string{profiles}})
	opt.Probe = true
	opt.Timeout = time.Second
	r := runVerify(t, opt, &IO{})
	if r.code != 1 || !strings.Contains(r.out, `Suggestion: the profile "spectrum-starttls" matches what answers`) {
		t.Errorf("exit %d:\n%s", r.code, r.out)
	}
	opt.Input.Profile = "spectrum-starttls"
	if r = runVerify(t, opt, &IO{}); r.code != 0 || !strings.Contains(r.out, "The configured settings answer (profile spectrum-starttls)") {
		t.Errorf("exit %d:\n%s", r.code, r.out)
	}
}

// TestVerifyProfileByDomain: verify --email takes the profile of the
// address's domain, refuses a domain no profile lists (with a guess for a
// near miss), and with --profile warns that the admin vouches for it.
func TestVerifyProfileByDomain(t *testing.T) {
	w := newVerifyWorld(t)
	w.imap("mail.twc.com:993", "mail.twc.com", "kim.nguyen@twc.com")
	s := verifytest.StartSMTP(t, verifytest.SMTP{Mode: verifytest.StartTLS, TLS: w.ca.ServerTLS(t, "mail.twc.com"),
		Username: "kim.nguyen@twc.com", Password: testPassword})
	w.net.Route("mail.twc.com:587", s.Addr)
	opt := w.options(Input{Email: "kim.nguyen@twc.com"})
	opt.LookupEnv = func(k string) (string, bool) { return testPassword, k == PasswordEnv }
	if r := runVerify(t, opt, &IO{}); r.code != 0 || !strings.Contains(r.out, "Verifying kim.nguyen@twc.com (profile twc)") ||
		!strings.Contains(r.out, "SMTP mail.twc.com:587 (STARTTLS)") || r.err != "" {
		t.Errorf("exit %d, stderr %q:\n%s%s", r.code, r.err, r.out, r.errText)
	}
	opt.Input.Email = "kevin.harris@spectrun.net"
	// A mistyped --email is a usage error (exit 2), like --email bob.
	if r := runVerify(t, opt, &IO{}); r.code != 2 || r.out != "" ||
		!strings.Contains(r.errText, "kevin.harris@spectrun.net: no profile lists the domain spectrun.net (did you mean spectrum.net?)") {
		t.Errorf("typo: exit %d, %q, stdout %q", r.code, r.errText, r.out)
	}
	opt.Input.Email = "caller@gmail.com"
	if r := runVerify(t, opt, &IO{}); r.code != 2 || r.out != "" || !strings.Contains(r.errText, "no profile lists the domain gmail.com;") {
		t.Errorf("foreign domain: exit %d, %q", r.code, r.errText)
	}
	opt.Input.Profile = "twc"
	r := runVerify(t, opt, &IO{})
	if !strings.Contains(r.err, "warning: gmail.com: no profile lists this domain; caller@gmail.com gets the profile twc because --profile names it") ||
		!strings.Contains(r.out, "Verifying caller@gmail.com (profile twc)") {
		t.Errorf("foreign domain with --profile: exit %d, stderr %q\n%s", r.code, r.err, r.out)
	}
}

// TestVerifyNoAuthServer: a server without AUTH fails verify (exit 1) with
// the 530 diagnosis, with or without a password.
func TestVerifyNoAuthServer(t *testing.T) {
	const email = "alice@spectrum.net"
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", email)
	s := verifytest.StartSMTP(t, verifytest.SMTP{Mode: verifytest.Implicit, TLS: w.ca.ServerTLS(t, "smtp.spectrum.com"), NoAuth: true})
	w.net.Route("smtp.spectrum.com:587", s.Addr)
	for _, pw := range []string{testPassword, ""} {
		opt := w.options(Input{Email: email})
		opt.LookupEnv = func(k string) (string, bool) { return pw, k == PasswordEnv && pw != "" }
		r := runVerify(t, opt, &IO{})
		if r.code != 1 || !strings.Contains(r.out, "sending will fail with 530 Authentication Required") || strings.Contains(r.out, "checks passed") {
			t.Errorf("password %v: exit %d:\n%s%s", pw != "", r.code, r.out, r.errText)
		}
		t.Logf("password given: %v, exit %d\n%s%s", pw != "", r.code, r.out, r.errText)
	}
}

// TestVerifyPromptsAtTerminal: without a password at a terminal, verify
// asks for it, --json too (the question goes to stderr).
func TestVerifyPromptsAtTerminal(t *testing.T) {
	w := newVerifyWorld(t)
	w.imap("imap.spectrum.com:993", "imap.spectrum.com", "alice@spectrum.net")
	w.smtp("smtp.spectrum.com:587", "smtp.spectrum.com", "alice@spectrum.net")
	opt := w.options(Input{Email: "alice@spectrum.net"})
	opt.JSON = true
	asked := 0
	s := &IO{InTTY: true, ReadSecret: func() ([]byte, error) { asked++; return []byte(testPassword), nil }}
	r := runVerify(t, opt, s)
	if asked != 1 || r.code != 0 || !strings.Contains(r.err, "Password for alice@spectrum.net") {
		t.Errorf("asked %d times, exit %d, stderr %q", asked, r.code, r.err)
	}
}

// TestVerifyEchoingServers: servers that echo every line, the password's
// included, in their refusals: stdout, stderr and the error line hold no
// part of it (runVerify checks), text and JSON alike.
func TestVerifyEchoingServers(t *testing.T) {
	w := newVerifyWorld(t)
	imapSrv := verifytest.StartEchoIMAP(t, verifytest.Echo{TLS: w.ca.ServerTLS(t, "imap.spectrum.com")})
	smtpSrv := verifytest.StartEchoSMTP(t, verifytest.Echo{TLS: w.ca.ServerTLS(t, "smtp.spectrum.com"), Mechanisms: "PLAIN LOGIN"})
	w.net.Route("imap.spectrum.com:993", imapSrv.Addr)
	w.net.Route("smtp.spectrum.com:587", smtpSrv.Addr)
	for _, asJSON := range []bool{false, true} {
		opt := w.options(Input{Email: "caller@spectrum.net"})
		opt.JSON = asJSON
		opt.LookupEnv = func(k string) (string, bool) { return testPassword, k == PasswordEnv }
		r := runVerify(t, opt, &IO{})
		if r.code != 1 || !strings.Contains(r.out, "caller@spectrum.net") || strings.Contains(r.out, "you sent") {
			t.Errorf("json %v: exit %d:\n%s", asJSON, r.code, r.out)
		}
	}
	if !strings.Contains(imapSrv.Traffic.String(), `Secr3t-\"app\"-9d41e`) {
		t.Errorf("the IMAP server did not receive the escaped password:\n%s", imapSrv.Traffic.String())
	}
}

// notFound is how the platform says a file is missing.
var notFound = map[bool]string{true: "File not found", false: "no such file"}[runtime.GOOS == "windows"]
