package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// summaryRE matches a run's summary: its first line (the folder, people,
// new, changed, unchanged, and what was written) and the indented lines
// after it.
var summaryRE = regexp.MustCompile(`^(\S+): (\d+) (?:person|people)(?: \((?:(\d+) new)?(?:, )?(?:(\d+) changed)?(?:, )?(?:(\d+) unchanged)?\))?; ` +
	`(?:wrote (\d+) files?, \d+ (?:bytes|kB|MB), in [0-9.]+(?:µs|ms|s)|nothing changed, nothing written \([0-9.]+(?:µs|ms|s)\))\n(?:  [^\n\r\x1b]+\n)*$`)

func generate(t *testing.T, opt GenerateOptions, s *IO) {
	t.Helper()
	if err := Generate(context.Background(), opt, s); err != nil {
		t.Fatal(err)
	}
}

// TestNoProgressWithoutTerminal: when stderr is not a terminal, it gets the
// one-line summary and nothing else: no bar, no carriage returns, no escapes.
func TestNoProgressWithoutTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	dir := filepath.Join(t.TempDir(), "kits")
	generate(t, GenerateOptions{Input: Input{Manifest: fixture.ExamplePath()}, Out: dir, Zip: true, Jobs: 2},
		&IO{Out: &out, Err: &errb, ErrTTY: false})
	m := summaryRE.FindStringSubmatch(errb.String())
	if m == nil {
		t.Fatalf("stderr is not exactly the summary line:\n%q", errb.String())
	}
	if m[1] != dir || m[2] != "7" || m[3] != "7" || m[4] != "" || m[5] != "" || m[6] == "" {
		t.Errorf("summary = %q", errb.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout got %q", out.String())
	}
	// A second run changes nothing, and says so.
	errb.Reset()
	generate(t, GenerateOptions{Input: Input{Manifest: fixture.ExamplePath()}, Out: dir, Zip: true, Jobs: 2},
		&IO{Out: &out, Err: &errb})
	if m := summaryRE.FindStringSubmatch(errb.String()); m == nil || m[3] != "" || m[5] != "7" || m[6] != "" ||
		!strings.Contains(errb.String(), "nothing written") {
		t.Errorf("second run's summary = %q", errb.String())
	}
}

func TestQuiet(t *testing.T) {
	var out, errb bytes.Buffer
	generate(t, GenerateOptions{Input: Input{Manifest: fixture.ExamplePath()}, Out: t.TempDir(), Quiet: true},
		&IO{Out: &out, Err: &errb, ErrTTY: true})
	if errb.Len() != 0 || out.Len() != 0 {
		t.Errorf("--quiet wrote %q to stderr and %q to stdout", errb.String(), out.String())
	}
}

// TestProgressOnTerminal: with a terminal the bar is drawn, and without
// color (NO_COLOR) it holds no color escape sequences.
func TestProgressOnTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	generate(t, GenerateOptions{Input: Input{Manifest: fixture.ExamplePath()}, Out: t.TempDir()},
		&IO{Out: &out, Err: &errb, ErrTTY: true, NoColor: true})
	got := errb.String()
	if !strings.Contains(got, "writing kits") {
		t.Errorf("no progress bar on a terminal:\n%q", got)
	}
	if regexp.MustCompile("\x1b\\[[0-9;]*m").MatchString(got) {
		t.Errorf("color escapes without color:\n%q", got)
	}
	// The bar clears itself ("\r...\r"); the summary follows it.
	if last := got[strings.LastIndex(got, "\r")+1:]; !summaryRE.MatchString(last) {
		t.Errorf("the summary does not follow the bar:\n%q", got)
	}
}

// TestColorSetting: colour needs a terminal and no NO_COLOR, the one rule
// for every writer.
func TestColorSetting(t *testing.T) {
	env := func(v string, set bool) func(string) (string, bool) {
		return func(string) (string, bool) { return v, set }
	}
	for _, tc := range []struct {
		tty  bool
		v    string
		set  bool
		want bool
	}{
		{true, "", false, true},
		{true, "1", true, false},
		{true, "0", true, false}, // any non-empty value disables color
		{true, "", true, true},   // an empty NO_COLOR does not (no-color.org)
		{false, "", false, false},
	} {
		s := NewIO(nil, nil, nil, env(tc.v, tc.set))
		if got := s.colorOn(tc.tty); got != tc.want {
			t.Errorf("colorOn(tty=%v) with NO_COLOR=%q set=%v = %v", tc.tty, tc.v, tc.set, got)
		}
	}
}

// TestCSVManifest: --manifest people.csv is read as CSV and written as kits.
func TestCSVManifest(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "People.CSV")
	data := "\xef\xbb\xbfemail,name\r\nalice@spectrum.net,\"Doe, Jane\"\r\nbob@charter.net,\"Bob \"\"B\"\" Smith\"\r\n"
	if err := os.WriteFile(csvPath, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	kits := filepath.Join(dir, "kits")
	generate(t, GenerateOptions{Input: Input{Manifest: csvPath}, Out: kits}, &IO{Out: &out, Err: &errb})
	readme, err := os.ReadFile(filepath.Join(kits, "people", "bob@charter.net", "README.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(readme), `Email setup kit for Bob "B" Smith`) {
		t.Errorf("README.txt starts %q", strings.SplitN(string(readme), "\n", 2)[0])
	}
	// A bad row fails validation with its line, and writes nothing.
	if err := os.WriteFile(csvPath, []byte("email,name\ncarol@spectrum.net,C\nnot-an-address,X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Validate(context.Background(), Input{Manifest: csvPath}, &IO{Out: &out, Err: &errb})
	if err == nil || !strings.Contains(FormatError(err), "People.CSV:3:1: row 3, column email:") {
		t.Errorf("error = %v", err)
	}
}
