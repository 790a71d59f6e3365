package verify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/verify"
	"github.com/spectrumgen/spectrumgen/internal/verifytest"
)

// probeWorld: IMAP answers on 993 (implicit) and 143 (STARTTLS); SMTP only
// with STARTTLS on 587; 465 and 25 are closed. The spectrum profile's SMTP
// (implicit TLS on 587) therefore does not answer.
func probeWorld(t *testing.T) *world {
	w := newWorld(t)
	w.opt.Timeout = time.Second
	w.imap(imapHost+":993", verifytest.IMAP{Mode: verifytest.Implicit})
	w.imap(imapHost+":143", verifytest.IMAP{Mode: verifytest.StartTLS})
	w.smtp(smtpHost+":587", verifytest.SMTP{Mode: verifytest.StartTLS})
	return w
}

func candidate(name string, smtpPort int, smtpSec account.Security) verify.Candidate {
	a := spectrumAccount()
	a.Outgoing.Port, a.Outgoing.Security = smtpPort, smtpSec
	return verify.Candidate{Name: name, IMAP: a.Incoming, SMTP: a.Outgoing}
}

func TestProbeSuggestsMatchingProfile(t *testing.T) {
	w := probeWorld(t)
	cands := []verify.Candidate{candidate("spectrum", 587, account.SSL), candidate("starttls-587", 587, account.STARTTLS)}
	r := verify.Probe(context.Background(), w.acc, cands, w.opt)
	if r.OK() {
		t.Errorf("the account's own SMTP setting (587 implicit TLS) does not answer: the probe must not pass:\n%s", text(t, r))
	}
	if len(r.Checks) > 8 {
		t.Errorf("%d connections; at most 8", len(r.Checks))
	}
	want := map[string]string{ // attempt -> status or diagnosis code
		"probe.imap.993.ssl":      "ok",
		"probe.imap.143.starttls": "ok",
		"probe.smtp.465.ssl":      "connection-refused",
		"probe.smtp.587.ssl":      "plaintext-port",
		"probe.smtp.587.starttls": "ok",
		"probe.smtp.25.starttls":  "connection-refused",
	}
	for name, w := range want {
		c := find(t, r, name)
		got := string(c.Status)
		if c.Diagnosis != nil {
			got = c.Diagnosis.Code
		}
		if got != w {
			t.Errorf("%s: got %s, want %s (%s)", name, got, w, c.Detail)
		}
	}
	t.Log("\n" + text(t, r))
	if !strings.Contains(r.Suggestion, `the profile "starttls-587" matches`) {
		t.Errorf("suggestion: %q", r.Suggestion)
	}
	noPassword(t, r)
}

func TestProbeSuggestsOverride(t *testing.T) {
	w := probeWorld(t)
	r := verify.Probe(context.Background(), w.acc, []verify.Candidate{candidate("spectrum", 587, account.SSL)}, w.opt)
	want := "override the account's servers in the manifest with smtp: {port: 587, security: starttls}."
	if !strings.Contains(r.Suggestion, want) {
		t.Errorf("suggestion: got %q, want it to contain %q", r.Suggestion, want)
	}
}

func TestProbePassesWhenOwnSettingsAnswer(t *testing.T) {
	w := newWorld(t)
	w.opt.Timeout = time.Second
	w.healthy()
	r := verify.Probe(context.Background(), w.acc, nil, w.opt)
	if !r.OK() || !strings.HasPrefix(r.Suggestion, "The configured settings answer") {
		t.Errorf("want a pass:\n%s", text(t, r))
	}
}
