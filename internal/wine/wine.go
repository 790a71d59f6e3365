// Package wine runs Windows programs (reg.exe, cmd.exe) under Wine for
// tests: each test gets a throwaway Wine prefix, and every Wine process runs
// in an empty network namespace (realtest.Isolated), so nothing reaches
// any network. Wine is set up quietly: no debug output, no Mono or Gecko
// install prompts, no window (DISPLAY unset), no menu entries, and nothing
// written outside the test's temporary folder (HOME and TMPDIR are there).
package wine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// Prefix is a throwaway Wine prefix (a Windows installation in a folder).
type Prefix struct {
	// Dir is the prefix; Dir/drive_c is its C: drive.
	Dir string
	// Boot is how long creating the prefix (wineboot) took.
	Boot time.Duration
	env  []string
}

// New creates a prefix in a temporary folder, or skips the test (fails,
// when SPECTRUMGEN_REAL=1) when root, unshare or wine is missing. The
// prefix's wineserver is stopped when the test ends.
func New(t testing.TB) *Prefix {
	t.Helper()
	realtest.NeedRoot(t)
	realtest.Need(t, "unshare", "wine", "wineserver")
	tmp := t.TempDir()
	p := &Prefix{Dir: filepath.Join(tmp, "prefix")}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "DISPLAY", "WAYLAND_DISPLAY", "WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES", "WINEARCH", "TMPDIR", "HOME":
			continue
		}
		if strings.HasPrefix(name, "XDG_") {
			continue
		}
		p.env = append(p.env, kv)
	}
	// HOME and TMPDIR inside the test's folder: Wine's server socket
	// folder and anything it writes for the desktop go there and are
	// removed with it. winemenubuilder (desktop menu entries) is off.
	for _, d := range []string{"tmp", "home"} {
		if err := os.MkdirAll(filepath.Join(tmp, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	p.env = append(p.env, "WINEPREFIX="+p.Dir, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=;winemenubuilder.exe=d",
		"TMPDIR="+filepath.Join(tmp, "tmp"), "HOME="+filepath.Join(tmp, "home"))
	t.Cleanup(func() {
		for _, arg := range []string{"-k", "-w"} {
			cmd := exec.Command("wineserver", arg)
			cmd.Env = p.env
			_ = cmd.Run() // nothing to stop when the prefix never started
		}
	})
	start := time.Now()
	// A persistent wineserver (it forks into the background, inside the
	// empty network namespace) keeps Wine's services running between
	// commands; otherwise each command starts them again, which takes
	// seconds.
	if err := os.MkdirAll(p.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	server := realtest.Isolated("wineserver", "-p")
	server.Env = p.env
	// No pipes: the background server would hold them open, and Run
	// would wait for it.
	server.Stdout, server.Stderr = nil, nil
	if err := server.Run(); err != nil {
		t.Fatalf("wine: starting wineserver: %v", err)
	}
	if _, _, err := p.Run("", "wineboot", "--init"); err != nil {
		t.Fatalf("wine: creating the prefix: %v", err)
	}
	p.Boot = time.Since(start)
	return p
}

// Run runs `wine args...` in dir (the prefix's C:\ when empty) inside an
// empty network namespace and returns its output. err includes stderr.
func (p *Prefix) Run(dir string, args ...string) (stdout, stderr string, err error) {
	cmd := realtest.Isolated("wine", args...)
	cmd.Env = p.env
	cmd.Dir = dir
	if dir == "" {
		cmd.Dir = filepath.Dir(p.Dir)
	}
	// Output goes to files, not pipes: Wine's background services inherit
	// the descriptors and outlive the command, and a pipe would make Run
	// wait for them.
	outFile, err := os.CreateTemp("", "wine-out-*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(outFile.Name())
	defer outFile.Close()
	errFile, err := os.CreateTemp("", "wine-err-*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	cmd.Stdout, cmd.Stderr = outFile, errFile
	runErr := cmd.Run()
	out, _ := os.ReadFile(outFile.Name())
	errOut, _ := os.ReadFile(errFile.Name())
	if runErr != nil {
		runErr = fmt.Errorf("wine %s: %w\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), runErr, out, errOut)
	}
	return string(out), string(errOut), runErr
}

// C returns the Linux path of a path on the prefix's C: drive, e.g.
// C(`C:\SpectrumMail\x`) = Dir/drive_c/SpectrumMail/x.
func (p *Prefix) C(winPath string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(winPath, "C:"), "c:")
	return filepath.Join(p.Dir, "drive_c", filepath.FromSlash(strings.ReplaceAll(rest, `\`, "/")))
}

// Value is one registry value as `reg query` prints it.
type Value struct {
	Type string // REG_SZ, REG_DWORD, REG_BINARY...
	Data string // as printed: text, 0x1, 0102ff...
}

// Query runs `reg query key /s` and returns every value below key, by key
// path and value name.
func (p *Prefix) Query(key string) (map[string]map[string]Value, error) {
	out, _, err := p.Run("", "reg", "query", key, "/s")
	if err != nil {
		return nil, err
	}
	return ParseQuery(out)
}

// ParseQuery parses `reg query /s` output: a line per key path, then one
// line per value, "    name    TYPE    data", blank lines between keys.
func ParseQuery(out string) (map[string]map[string]Value, error) {
	keys := map[string]map[string]Value{}
	var cur map[string]Value
	for i, l := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(l) == "":
		case strings.HasPrefix(l, "HKEY_"):
			cur = map[string]Value{}
			keys[l] = cur
		case strings.HasPrefix(l, "    "):
			if cur == nil {
				return nil, fmt.Errorf("wine: reg query line %d: a value before any key: %q", i+1, l)
			}
			// The type is the first "    REG_" field; names here never
			// contain four spaces, data may.
			at := strings.Index(l[4:], "    REG_")
			if at < 0 {
				return nil, fmt.Errorf("wine: reg query line %d: no type: %q", i+1, l)
			}
			name, rest := l[4:4+at], l[4+at+4:]
			typ, data, _ := strings.Cut(rest, "    ")
			if name == "(Default)" {
				name = ""
			}
			cur[name] = Value{Type: typ, Data: data}
		default:
			return nil, fmt.Errorf("wine: reg query line %d: unexpected %q", i+1, l)
		}
	}
	return keys, nil
}
