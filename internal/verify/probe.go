package verify

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Candidate is a set of server settings the probe may suggest: a provider
// profile's.
type Candidate struct {
	Name       string
	IMAP, SMTP account.Server
}

// probeAttempt is one connection the probe makes.
type probeAttempt struct {
	proto string
	srv   account.Server
}

// maxProbes bounds the connections of one probe.
const maxProbes = 8

// attempts lists the usual ports and TLS modes on the account's hosts,
// then the account's own settings if they are not among them.
func attempts(a account.Account) []probeAttempt {
	at := func(proto string, base account.Server, port int, sec account.Security) probeAttempt {
		base.Port, base.Security = port, sec
		return probeAttempt{proto, base}
	}
	in, out := a.Incoming, a.Outgoing
	list := []probeAttempt{
		at("imap", in, 993, account.SSL),
		at("imap", in, 143, account.STARTTLS),
		at("smtp", out, 465, account.SSL),
		at("smtp", out, 587, account.SSL),
		at("smtp", out, 587, account.STARTTLS),
		at("smtp", out, 25, account.STARTTLS),
	}
	for _, own := range []probeAttempt{{"imap", in}, {"smtp", out}} {
		if own.srv.Security == account.None || len(list) >= maxProbes {
			continue // never suggested: no password in plain text
		}
		known := false
		for _, p := range list {
			known = known || p.proto == own.proto && same(p.srv, own.srv)
		}
		if !known {
			list = append(list, own)
		}
	}
	return list
}

func same(a, b account.Server) bool {
	return a.Host == b.Host && a.Port == b.Port && a.Security == b.Security
}

// Probe tries the usual IMAP and SMTP ports with implicit TLS and STARTTLS
// on the account's hosts, all at once (each bounded by the timeout, at most
// eight connections, no login), and suggests the candidate whose settings
// answer. It passes when the account's own settings answer.
func Probe(ctx context.Context, a account.Account, candidates []Candidate, opt Options) *Report {
	opt = opt.withDefaults()
	list := attempts(a)
	results := make([]Check, len(list))
	var wg sync.WaitGroup
	for i, p := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = probeOne(ctx, p, opt)
		}()
	}
	wg.Wait()
	r := &Report{Email: a.Email, Profile: a.Profile, Checks: results, probe: true}
	works := map[string]bool{}
	for i, p := range list {
		if results[i].Status == OK {
			works[key(p.proto, p.srv)] = true
		}
	}
	r.probeOK = works[key("imap", a.Incoming)] && works[key("smtp", a.Outgoing)]
	r.Suggestion = suggest(a, list, works, candidates, r.probeOK)
	return r
}

func key(proto string, s account.Server) string {
	return fmt.Sprintf("%s %s:%d %s", proto, s.Host, s.Port, s.Security)
}

// probeOne connects, starts TLS as the attempt says, reads the greeting
// and the capabilities, and says whether a login would be offered.
func probeOne(ctx context.Context, p probeAttempt, opt Options) Check {
	st := newSteps(p.proto, p.srv)
	st.server = fmt.Sprintf("probe of %s", p.srv.Host)
	c := Check{Name: fmt.Sprintf("probe.%s.%d.%s", p.proto, p.srv.Port, p.srv.Security),
		Label:  fmt.Sprintf("%s %d %s", strings.ToUpper(p.proto), p.srv.Port, p.srv.Security.Describe()),
		Server: "Probe of the usual ports (no login)"}
	s := open(ctx, st, opt, p.srv)
	for _, ch := range st.checks {
		c.Duration += ch.Duration
	}
	if s == nil {
		last := st.checks[len(st.checks)-1]
		c.Status, c.Diagnosis = Fail, last.Diagnosis
		c.Detail = fmt.Sprintf("%s failed: %s", last.Label, last.Detail)
		return c
	}
	defer s.Close()
	tlsDetail := ""
	for _, ch := range st.checks {
		if ch.Name == p.proto+".tls" {
			tlsDetail, _, _ = strings.Cut(ch.Detail, ",")
		}
	}
	auth, err := authOffered(p.proto, s, opt)
	if err != nil {
		c.Status, c.Diagnosis = Fail, diagnose(err, st.where("capabilities"))
		c.Detail = "capabilities: " + err.Error()
		return c
	}
	if auth == "" {
		c.Status = Fail
		c.Detail = fmt.Sprintf("answers, %s, but offers no login", tlsDetail)
		c.Diagnosis = diagnose(errNoAuthMech{}, st.where("auth"))
		return c
	}
	c.Status = OK
	c.Detail = fmt.Sprintf("answers, %s, login offered (%s)", tlsDetail, auth)
	return c
}

// authOffered reads the capabilities and returns the login methods offered.
func authOffered(proto string, s *session, opt Options) (string, error) {
	if proto == "imap" {
		client := imapclient.New(s.lib, &imapclient.Options{})
		defer client.Close()
		caps, err := client.Capability().Wait()
		if err != nil {
			return "", err
		}
		_ = client.Logout().Wait()
		if caps.Has(imap.CapLoginDisabled) {
			return "", nil
		}
		mechs := append([]string{"LOGIN"}, caps.AuthMechanisms()...)
		return strings.Join(mechs, " "), nil
	}
	client := smtp.NewClient(s.lib)
	client.CommandTimeout = opt.Timeout
	defer client.Close()
	if err := client.Hello(opt.LocalName); err != nil {
		return "", err
	}
	_, auth := client.Extension("AUTH")
	_ = client.Quit()
	return auth, nil
}

// suggest names the candidate whose settings answered, or the override
// that would work.
func suggest(a account.Account, list []probeAttempt, works map[string]bool, candidates []Candidate, ownOK bool) string {
	if ownOK {
		return fmt.Sprintf("The configured settings answer (profile %s): IMAP %s %s, SMTP %s %s.",
			a.Profile, a.Incoming.Address(), a.Incoming.Security.Describe(), a.Outgoing.Address(), a.Outgoing.Security.Describe())
	}
	for _, c := range candidates {
		if works[key("imap", c.IMAP)] && works[key("smtp", c.SMTP)] {
			return fmt.Sprintf("Suggestion: the profile %q matches what answers (IMAP %s %s, SMTP %s %s): use --profile %s, or `profile: %s` for this account in the manifest.",
				c.Name, c.IMAP.Address(), c.IMAP.Security.Describe(), c.SMTP.Address(), c.SMTP.Security.Describe(), c.Name, c.Name)
		}
	}
	var imapOK, smtpOK *account.Server
	for i := range list {
		p := &list[i]
		if !works[key(p.proto, p.srv)] {
			continue
		}
		if p.proto == "imap" && imapOK == nil {
			imapOK = &p.srv
		}
		if p.proto == "smtp" && smtpOK == nil {
			smtpOK = &p.srv
		}
	}
	if imapOK == nil && smtpOK == nil {
		return "Nothing answered with TLS and a login on the usual ports: check the server names, this computer's connection, and any firewall or antivirus."
	}
	var parts []string
	if imapOK != nil && !same(*imapOK, a.Incoming) {
		parts = append(parts, fmt.Sprintf("imap: {port: %d, security: %s}", imapOK.Port, imapOK.Security))
	}
	if smtpOK != nil && !same(*smtpOK, a.Outgoing) {
		parts = append(parts, fmt.Sprintf("smtp: {port: %d, security: %s}", smtpOK.Port, smtpOK.Security))
	}
	s := "Suggestion: no profile matches; override the account's servers in the manifest with " + strings.Join(parts, " and ") + "."
	if imapOK == nil {
		s += " No IMAP port answered."
	}
	if smtpOK == nil {
		s += " No SMTP port answered."
	}
	return s
}
