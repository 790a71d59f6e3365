// Package verify connects to an account's IMAP and SMTP servers with exactly
// the settings spectrumgen hands out, and explains every failure in a
// person's words: what happened, the likely cause and the fix.
//
// It is deliberately gentle with real accounts: one account per run, at most
// one login per server, no retries (a retry loop can lock an account), no
// mail sent, and never a password over a connection that is not encrypted,
// whatever the settings say.
package verify

import (
	"context"
	"crypto/x509"
	"net"
	"strings"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Status is the outcome of one check.
type Status string

// The outcomes of a check.
const (
	OK   Status = "ok"
	Fail Status = "fail"
	// Skip is a check that did not run: the login without a password,
	// or every check after one that failed. A run with one is not a pass.
	Skip Status = "not_run"
)

// Check is one step of the verification, such as "imap.tls".
type Check struct {
	// Name is stable for scripts: "<imap|smtp>.<step>" or "probe.<...>".
	Name string
	// Label is the step as shown to people ("TLS", "login").
	Label string
	// Server says which server the check belongs to, as shown to people.
	Server   string
	Status   Status
	Duration time.Duration
	// Detail is what was seen: addresses, TLS version, capabilities...
	Detail string
	// Lines are further details shown under the check (message headers).
	Lines []string
	// Diagnosis explains a failure (and some skips); nil when all is well.
	Diagnosis *Diagnosis
}

// Report is every check of one run.
type Report struct {
	Email   string
	Profile string
	Checks  []Check
	// Suggestion is the probe's advice; empty without --probe.
	Suggestion string

	// probe marks a probe's report: its attempts on other ports may fail;
	// it passes when the account's own settings answer (probeOK).
	probe, probeOK bool
}

// OK reports whether everything passed: every check ran and none failed,
// or for a probe, the account's own settings answered.
func (r *Report) OK() bool {
	if r.probe {
		return r.probeOK
	}
	return r.Failed() == 0 && r.NotRun() == 0
}

// Failed counts the failed checks.
func (r *Report) Failed() int { return r.count(Fail) }

// NotRun counts the checks that did not run.
func (r *Report) NotRun() int { return r.count(Skip) }

// Passed counts the checks that passed.
func (r *Report) Passed() int { return r.count(OK) }

// IsProbe reports whether this is the report of a probe.
func (r *Report) IsProbe() bool { return r.probe }

func (r *Report) count(s Status) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == s {
			n++
		}
	}
	return n
}

// NotRunReason says why checks did not run when none failed: the first
// reason given (no password, say), without its advice in parentheses.
func (r *Report) NotRunReason() string {
	for _, c := range r.Checks {
		if c.Status == Skip {
			why := strings.TrimPrefix(c.Detail, "not run: ")
			why, _, _ = strings.Cut(why, " (")
			return why
		}
	}
	return ""
}

// Resolver looks up host names; *net.Resolver is one.
type Resolver interface {
	LookupHost(ctx context.Context, host string) ([]string, error)
}

// DialFunc opens a connection; (*net.Dialer).DialContext is one.
type DialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// Options control how verify reaches the servers. The zero value uses the
// system's resolver, network and certificate roots, with a 10 s timeout.
type Options struct {
	// Timeout bounds each step that waits on the network: the lookup,
	// the connection, the TLS handshake and each server reply.
	Timeout time.Duration
	// RootCAs verifies server certificates; nil means the system roots.
	RootCAs *x509.CertPool
	// Resolver and Dial reach the servers; tests point them at
	// 127.0.0.1. Dial receives the account's "host:port".
	Resolver Resolver
	Dial     DialFunc
	// LoginTimeout is the least time a login may take (default
	// DefaultLoginTimeout); Timeout applies when it is longer.
	LoginTimeout time.Duration
	// Password enables the login checks; empty skips them.
	Password string
	// Headers is how many of the newest INBOX messages to show (default 5).
	Headers int
	// LocalName is the name sent with EHLO (default "localhost").
	LocalName string
	// Now is the clock for certificate expiry (default time.Now).
	Now func() time.Time
}

// DefaultTimeout is the timeout when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// DefaultLoginTimeout is the least time given to a server to answer a
// login: servers delay the answer to a failed login on purpose, more after
// each failure (Dovecot: 2 s, doubling up to 15 s), and giving up earlier
// would blame the network for a wrong password.
const DefaultLoginTimeout = 20 * time.Second

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.LoginTimeout <= 0 {
		o.LoginTimeout = DefaultLoginTimeout
	}
	o.LoginTimeout = max(o.LoginTimeout, o.Timeout)
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.Dial == nil {
		o.Dial = (&net.Dialer{}).DialContext
	}
	if o.Headers <= 0 {
		o.Headers = 5
	}
	if o.LocalName == "" {
		o.LocalName = "localhost"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Run verifies the account's IMAP server, then its SMTP server.
func Run(ctx context.Context, a account.Account, opt Options) *Report {
	opt = opt.withDefaults()
	r := &Report{Email: a.Email, Profile: a.Profile}
	r.Checks = append(r.Checks, checkIMAP(ctx, a, opt)...)
	r.Checks = append(r.Checks, checkSMTP(ctx, a, opt)...)
	return r
}
