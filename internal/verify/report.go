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
	} else {
		ew.printf("%s\n", r.closing(m))
	}
	return ew.err
}

// closing is the last line of a run: what passed, failed and did not run.
func (r *Report) closing(m Marks) string {
	failed, notRun := r.Failed(), r.NotRun()
	switch {
	case failed > 0 && notRun > 0:
		return fmt.Sprintf("%s %d of %d checks failed, %d not run.", m.Fail, failed, len(r.Checks), notRun)
	case failed > 0:
		return fmt.Sprintf("%s %d of %d checks failed.", m.Fail, failed, len(r.Checks))
	case notRun > 0:
		var which []string
		for _, c := range r.Checks {
			if c.Status == Skip {
				proto, _, _ := strings.Cut(c.Name, ".")
				which = append(which, strings.ToUpper(proto)+" "+c.Label)
			}
		}
		return fmt.Sprintf("%s not verified: %d of %d checks passed, %d not run (%s): %s.", m.Skip, r.Passed(), len(r.Checks),
			notRun, strings.Join(which, ", "), clean(r.NotRunReason()))
	}
	return fmt.Sprintf("%s all %d checks passed.", m.OK, len(r.Checks))
}

// jsonSummary is the last line of --json: the run as a whole.
type jsonSummary struct {
	Name       string `json:"name"` // always "summary"
	Email      string `json:"email"`
	Profile    string `json:"profile,omitempty"`
	Status     Status `json:"status"`
	OK         bool   `json:"ok"`
	Passed     int    `json:"passed"`
	Failed     int    `json:"failed"`
	NotRun     int    `json:"not_run"`
	Suggestion string `json:"suggestion,omitempty"`
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

// WriteJSON prints the report for scripts as JSON Lines: one object per
// check, in order, then one summary object (name "summary"), each on its
// own line.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w) // Encode ends each object with a newline
	enc.SetEscapeHTML(false)
	for _, c := range r.Checks {
		jc := jsonCheck{Name: c.Name, Server: c.Server, Status: c.Status, DurationMS: c.Duration.Milliseconds(),
			Detail: c.Detail, Lines: c.Lines}
		if d := c.Diagnosis; d != nil {
			jc.Diagnosis = &jsonDiagnosis{d.Code, d.Problem, d.Cause, d.Fix}
		}
		if err := enc.Encode(jc); err != nil {
			return err
		}
	}
	sum := jsonSummary{Name: "summary", Email: r.Email, Profile: r.Profile, OK: r.OK(), Passed: r.Passed(),
		Failed: r.Failed(), NotRun: r.NotRun(), Suggestion: r.Suggestion}
	switch {
	case r.OK():
		sum.Status = OK
	case r.probe || sum.Failed > 0:
		sum.Status = Fail
	default:
		sum.Status = Skip
	}
	return enc.Encode(sum)
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
