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

// skip records a check that was not tried, and why.
func (s *steps) skip(name, label, why string, d *Diagnosis) {
	s.checks = append(s.checks, Check{Name: s.proto + "." + name, Label: label, Server: s.server,
		Status: Skip, Detail: why, Diagnosis: d})
}

// where describes the step for diagnose.
func (s *steps) where(step string) where {
	w := where{proto: s.proto, step: step, srv: s.srv}
	if s.conn != nil {
		w.netErr = s.conn.lastErr()
	}
	return w
}
