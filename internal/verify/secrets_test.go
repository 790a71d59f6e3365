package verify_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/internal/verify"
	"github.com/spectrumgen/spectrumgen/internal/verifytest"
)

// echoPasswords are 1, 3, 8 and 40 characters long, with quotes,
// backslashes and non-ASCII; "spectrum" is also a word of the address.
var echoPasswords = []string{
	"a",
	`"\é`,
	"spectrum",
	`S3c"r\ét`,
	`Long"pass\phrase-ünïcödé-0123456789-abcd`,
}

const caller = "caller@spectrum.net"

// twin returns a password of the same length and shape as p with other
// characters: letters and digits shifted, punctuation kept. Output that
// depends on the password differs between the two.
func twin(p string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'z':
			return 'a'
		case r == 'Z':
			return 'A'
		case r == '9':
			return '0'
		case r >= 'a' && r < 'z', r >= 'A' && r < 'Z', r >= '0' && r < '9', r >= 0xc0 && r < 0xff:
			return r + 1
		}
		return r
	}, p)
}

// forms are the ways the password can appear on the wire, built here
// independently of the code under test.
func forms(user, p string) []string {
	imapQuoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(p)
	goQuoted := strconv.Quote(p)
	out := []string{p, imapQuoted, goQuoted[1 : len(goQuoted)-1]}
	for _, s := range []string{p, "\x00" + user + "\x00" + p, user + "\x00" + user + "\x00" + p} {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(s)), base64.RawStdEncoding.EncodeToString([]byte(s)))
	}
	return out
}

var durations = regexp.MustCompile(`\(\d+ ms\)|"duration_ms":\d+`)

// outputs runs verify and returns its text (both marks) and JSON output,
// with the durations taken out.
func outputs(t *testing.T, w *world) []string {
	t.Helper()
	r := w.run()
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	jsonLines(t, js.String())
	var words bytes.Buffer
	if err := r.WriteText(&words, verify.Words); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range []string{text(t, r), words.String(), js.String()} {
		out = append(out, durations.ReplaceAllString(s, "(N)"))
	}
	return out
}

// TestEchoedPasswordNeverShown: IMAP and SMTP servers that repeat every
// line they receive (the LOGIN line quoted and escaped, the base64 of AUTH
// PLAIN and of AUTH LOGIN's answers), refusing or accepting the login.
// For each password: no output holds any form of it; the output is the
// same byte for byte with another password of the same shape (so it says
// nothing about the password, however short); the address is intact.
func TestEchoedPasswordNeverShown(t *testing.T) {
	for _, accept := range []bool{false, true} {
		for _, mechs := range []string{"PLAIN LOGIN", "LOGIN"} {
			w := newWorld(t)
			w.acc.Email, w.acc.Incoming.Username, w.acc.Outgoing.Username = caller, caller, caller
			imapSrv := verifytest.StartEchoIMAP(t, verifytest.Echo{TLS: w.ca.ServerTLS(t, imapHost), Accept: accept})
			smtpSrv := verifytest.StartEchoSMTP(t, verifytest.Echo{TLS: w.ca.ServerTLS(t, smtpHost), Accept: accept, Mechanisms: mechs})
			w.net.Route(imapHost+":993", imapSrv.Addr)
			w.net.Route(smtpHost+":587", smtpSrv.Addr)
			for _, p := range echoPasswords {
				name := strconv.Quote(p) + map[bool]string{true: " accepted", false: " refused"}[accept] + " AUTH " + mechs
				t.Run(name, func(t *testing.T) {
					if p == twin(p) || utf8.RuneCountInString(p) != utf8.RuneCountInString(twin(p)) {
						t.Fatalf("twin(%q) = %q", p, twin(p))
					}
					w.opt.Password = p
					got := outputs(t, w)
					w.opt.Password = twin(p)
					other := outputs(t, w)
					for i := range got {
						if got[i] != other[i] {
							t.Errorf("the output depends on the password:\n%s\n--- with %q instead:\n%s", got[i], twin(p), other[i])
						}
					}
					for i, out := range got {
						// A form found more often than with the twin
						// password is the password's doing ("spectrum"
						// is also in the host names).
						for _, f := range forms(caller, p) {
							if strings.Count(out, f) > strings.Count(other[i], f) {
								t.Errorf("the output holds %q, a form of the password:\n%s", f, out)
							}
						}
						if len(p) >= 20 {
							for j := 0; j+10 <= len(p); j++ {
								if strings.Contains(out, p[j:j+10]) {
									t.Errorf("the output holds part of the password %q:\n%s", p[j:j+10], out)
								}
							}
						}
						if !strings.Contains(out, "Verifying "+caller) && !strings.Contains(out, `"email":"`+caller+`"`) {
							t.Errorf("the address is not printed intact:\n%s", out)
						}
						want := "The password is wrong for " + caller
						if accept {
							want = "logged in as " + caller
						}
						if !strings.Contains(out, want) {
							t.Errorf("want %q in:\n%s", want, out)
						}
						if strings.Contains(out, "you sent") || strings.Contains(out, "***") {
							t.Errorf("the server's echo, or a mask, reached the output:\n%s", out)
						}
					}
				})
			}
			// The test means something only if the servers did receive
			// the password, in the forms looked for above.
			p := echoPasswords[len(echoPasswords)-1]
			if tr := imapSrv.Traffic.String(); !strings.Contains(tr, p) && !strings.Contains(tr, forms(caller, p)[1]) {
				t.Errorf("the IMAP server never received the password:\n%s", tr)
			}
			sasl := forms(caller, p)[5] // AUTH PLAIN
			if mechs == "LOGIN" {
				sasl = forms(caller, p)[3] // AUTH LOGIN's answer
			}
			if tr := smtpSrv.Traffic.String(); !strings.Contains(tr, sasl) {
				t.Errorf("the SMTP server never received %q:\n%s", sasl, tr)
			}
		}
	}
}

// TestLoginRefusalShowsCodesOnly: after the password, a refusal is shown
// by its codes, which the diagnosis needs, and not by the server's text.
func TestLoginRefusalShowsCodesOnly(t *testing.T) {
	w := newWorld(t)
	w.opt.Password = "not-" + password
	w.healthy()
	r := w.run()
	login, auth := find(t, r, "imap.login"), find(t, r, "smtp.auth")
	if login.Detail != "imap: NO [AUTHENTICATIONFAILED] (the server's text is not shown after the password was sent)" ||
		login.Diagnosis.Problem != `The incoming server rejected the user name or the password ("NO [AUTHENTICATIONFAILED]").` {
		t.Errorf("IMAP: %q / %q", login.Detail, login.Diagnosis.Problem)
	}
	if auth.Detail != "SMTP 535 5.7.8 (the server's text is not shown after the password was sent)" ||
		auth.Diagnosis.Problem != `The outgoing server rejected the user name or the password ("535 5.7.8").` {
		t.Errorf("SMTP: %q / %q", auth.Detail, auth.Diagnosis.Problem)
	}
}

// jsonLines checks that out is JSON Lines: every line one object, read
// one line at a time, ending with the summary.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", len(objs)+1, err, sc.Text())
		}
		objs = append(objs, o)
	}
	if len(objs) < 2 || objs[len(objs)-1]["name"] != "summary" {
		t.Fatalf("want one object per check, then a summary:\n%s", out)
	}
	for _, o := range objs[:len(objs)-1] {
		for _, k := range []string{"name", "server", "status", "duration_ms", "detail", "diagnosis"} {
			if _, ok := o[k]; !ok {
				t.Errorf("check %v lacks %q", o["name"], k)
			}
		}
	}
	return objs
}
