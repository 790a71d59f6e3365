package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Marks are the words or signs put before each check.
type Marks struct{ OK, Fail, Skip string }

var (
	// Signs are for terminals.
	Signs = Marks{OK: "✓", Fail: "✗", Skip: "–"}
	// Words are for NO_COLOR, pipes and files.
	Words = Marks{OK: "ok", Fail: "FAIL", Skip: "skip"}
)

func (m Marks) of(s Status) string {
	switch s {
	case OK:
		return m.OK
	case Fail:
		return m.Fail
	}
	return m.Skip
}

// WriteText prints the report for people.
func (r *Report) WriteText(w io.Writer, m Marks) error {
	ew := &errWriter{w: w}
	width := utf8.RuneCountInString(m.OK)
	for _, s := range []string{m.Fail, m.Skip} {
		if n := utf8.RuneCountInString(s); n > width {
			width = n
		}
	}
	labels := 12
	for _, c := range r.Checks {
		if n := utf8.RuneCountInString(c.Label); n > labels {
			labels = n
		}
	}
	profile := ""
	if r.Profile != "" {
		profile = " (profile " + r.Profile + ")"
	}
	ew.printf("Verifying %s%s\n", clean(r.Email), clean(profile))
	server := ""
	for _, c := range r.Checks {
		if c.Server != server {
			server = c.Server
			ew.printf("\n%s\n", clean(server))
		}
		mark := m.of(c.Status)
		mark += strings.Repeat(" ", width-utf8.RuneCountInString(mark))
		ew.printf("  %s %-*s %s", mark, labels, clean(c.Label), clean(c.Detail))
		if c.Status != Skip {
			ew.printf("  (%d ms)", c.Duration.Milliseconds())
		}
		ew.printf("\n")
		for _, l := range c.Lines {
			ew.printf("  %s %-*s   %s\n", strings.Repeat(" ", width), labels, "", clean(l))
		}
		if d := c.Diagnosis; d != nil && r.probe {
			// A probe is a table: the problem is enough per row.
			ew.printf("%s%s\n", strings.Repeat(" ", width+4), clean(d.Problem))
		} else if d != nil {
			pad := strings.Repeat(" ", width+4)
			ew.printf("%sproblem: %s\n%scause:   %s\n%sfix:     %s\n", pad, clean(d.Problem), pad, clean(d.Cause), pad, clean(d.Fix))
		}
	}
	if r.Suggestion != "" {
		ew.printf("\n%s\n", clean(r.Suggestion))
	}
	ew.printf("\n")
	if r.probe {
		if r.probeOK {
			ew.printf("%s the configured settings answer.\n", m.OK)
		} else {
			ew.printf("%s the configured settings do not answer.\n", m.Fail)
		}
	} else if n := r.Failed(); n > 0 {
		ew.printf("%s %d of %d checks failed.\n", m.Fail, n, len(r.Checks))
	} else {
		ew.printf("%s all %d checks passed.\n", m.OK, countNot(r.Checks, Skip))
	}
	return ew.err
}

func countNot(checks []Check, s Status) int {
	n := 0
	for _, c := range checks {
		if c.Status != s {
			n++
		}
	}
	return n
}

// jsonReport is the --json shape: one object per check.
type jsonReport struct {
	Email      string      `json:"email"`
	Profile    string      `json:"profile,omitempty"`
	OK         bool        `json:"ok"`
	Checks     []jsonCheck `json:"checks"`
	Suggestion string      `json:"suggestion,omitempty"`
}

type jsonCheck struct {
	Name       string         `json:"name"`
	Server     string         `json:"server"`
	Status     Status         `json:"status"`
	DurationMS int64          `json:"duration_ms"`
	Detail     string         `json:"detail"`
	Lines      []string       `json:"lines,omitempty"`
	Diagnosis  *jsonDiagnosis `json:"diagnosis"`
}

type jsonDiagnosis struct {
	Code    string `json:"code"`
	Problem string `json:"problem"`
	Cause   string `json:"cause"`
	Fix     string `json:"fix"`
}

// WriteJSON prints the report for scripts.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Email: r.Email, Profile: r.Profile, OK: r.OK(), Suggestion: r.Suggestion, Checks: []jsonCheck{}}
	for _, c := range r.Checks {
		jc := jsonCheck{Name: c.Name, Server: c.Server, Status: c.Status, DurationMS: c.Duration.Milliseconds(),
			Detail: c.Detail, Lines: c.Lines}
		if d := c.Diagnosis; d != nil {
			jc.Diagnosis = &jsonDiagnosis{d.Code, d.Problem, d.Cause, d.Fix}
		}
		out.Checks = append(out.Checks, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// redact replaces the secret wherever a server or library may have echoed
// it, so no output, log or error of verify ever holds the password.
func (r *Report) redact(secret string) {
	if secret == "" {
		return
	}
	hide := func(s string) string { return strings.ReplaceAll(s, secret, "********") }
	r.Suggestion = hide(r.Suggestion)
	for i := range r.Checks {
		c := &r.Checks[i]
		c.Detail = hide(c.Detail)
		for j := range c.Lines {
			c.Lines[j] = hide(c.Lines[j])
		}
		if d := c.Diagnosis; d != nil {
			d.Problem, d.Cause, d.Fix = hide(d.Problem), hide(d.Cause), hide(d.Fix)
		}
	}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
