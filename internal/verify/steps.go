package verify

import (
	"fmt"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// steps records the checks of one server in order. A failed step ends the
// server's checks: what follows would only fail for the same reason.
type steps struct {
	proto  string // "imap" or "smtp"
	srv    account.Server
	server string // as shown to people
	checks []Check
	conn   *limitConn // the current connection, for its last network error
	// sentPassword is set once a command carrying the password went to
	// the server: from then on, its text is not shown (see secret.go).
	sentPassword bool
}

func newSteps(proto string, srv account.Server) *steps {
	upper := "IMAP"
	if proto == "smtp" {
		upper = "SMTP"
	}
	return &steps{proto: proto, srv: srv,
		server: fmt.Sprintf("%s %s (%s)", upper, srv.Address(), srv.Security.Describe())}
}

// run times fn as the check name and records its outcome. fn fills in the
// detail; a returned error marks the check failed and is diagnosed unless
// fn set a diagnosis itself.
func (s *steps) run(name, label string, fn func(c *Check) error) bool {
	c := Check{Name: s.proto + "." + name, Label: label, Server: s.server}
	start := time.Now()
	err := fn(&c)
	c.Duration = time.Since(start)
	if err != nil && s.conn != nil {
		// A server past a limit (boundedConn): the libraries report
		// only that the connection failed.
		if b := s.conn.boundErr(); b != nil {
			err = b
		}
	}
	if err != nil && s.sentPassword {
		err = withoutServerText(err)
		c.Detail, c.Lines = "", nil
	}
	switch {
	case err != nil:
		c.Status = Fail
		if c.Diagnosis == nil {
			c.Diagnosis = diagnose(err, s.where(name))
		}
		if c.Detail == "" {
			c.Detail = err.Error()
		}
	case c.Status == "":
		c.Status = OK
	}
	s.checks = append(s.checks, c)
	return err == nil
}

// skip records a check that was not run, and why.
func (s *steps) skip(name, label, why string, d *Diagnosis) {
	s.checks = append(s.checks, Check{Name: s.proto + "." + name, Label: label, Server: s.server,
		Status: Skip, Detail: "not run: " + why, Diagnosis: d})
}

// step is a check a server's verification plans to run.
type step struct{ name, label string }

// plan lists the checks of a server with these settings, in order.
func plan(proto string, srv account.Server) []step {
	list := []step{{"dns", "DNS"}, {"tcp", "connect"}}
	if srv.Security == account.SSL {
		list = append(list, step{"tls", "TLS"})
	}
	list = append(list, step{"greeting", "greeting"})
	if srv.Security == account.STARTTLS {
		list = append(list, step{"tls", "STARTTLS"})
	}
	if proto == "imap" {
		return append(list, step{"capabilities", "capabilities"}, step{"login", "login"},
			step{"folders", "folders"}, step{"inbox", "INBOX"})
	}
	list = append(list, step{"ehlo", "EHLO"})
	if srv.Auth == account.NoAuth {
		list = append(list, step{"mail", "MAIL FROM"})
	} else {
		list = append(list, step{"auth", "login"})
	}
	return append(list, step{"quit", "QUIT"})
}

// finish records every planned check that did not run, and why: a check
// that failed before it, or the reason the login was not run.
func (s *steps) finish() []Check {
	why := ""
	for _, c := range s.checks {
		if c.Status == Fail {
			why = "the " + c.Label + " check failed"
			break
		}
		if c.Status == Skip && why == "" {
			why = "needs the " + c.Label + ", which did not run"
		}
	}
	have := map[string]bool{}
	for _, c := range s.checks {
		have[c.Name] = true
	}
	for _, p := range plan(s.proto, s.srv) {
		if !have[s.proto+"."+p.name] {
			s.skip(p.name, p.label, why, nil)
		}
	}
	return s.checks
}

// where describes the step for diagnose.
func (s *steps) where(step string) where {
	w := where{proto: s.proto, step: step, srv: s.srv}
	if s.conn != nil {
		w.netErr = s.conn.lastErr()
	}
	return w
}
