// Package realtest helps tests that run real programs (Thunderbird, neomutt,
// Wine, Dovecot, Chromium...). Such a test skips when the program is missing
// on a developer's machine, and fails instead when SPECTRUMGEN_REAL=1, which
// .ci/run sets after installing the programs: CI never passes by skipping.
package realtest

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// Required reports whether real-program tests must run (SPECTRUMGEN_REAL=1).
func Required() bool { return os.Getenv("SPECTRUMGEN_REAL") == "1" }

// Need returns the path of each program, or skips (or fails, when
// required) the test when one is missing. It also skips under -short, and
// on Windows, where these tests do not run (CI runs the portable packages'
// tests as Windows binaries under Wine, with the real programs on Linux).
func Need(t testing.TB, programs ...string) []string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skipf("runs the real %s: real-program tests run on Linux (CI runs them there)", strings.Join(programs, ", "))
	}
	if testing.Short() && !Required() {
		t.Skip("real-program test skipped with -short")
	}
	var paths []string
	for _, p := range programs {
		path, err := exec.LookPath(p)
		if err != nil {
			if Required() {
				t.Fatalf("%s is not installed, and SPECTRUMGEN_REAL=1 requires it (.ci/run installs it)", p)
			}
			t.Skipf("%s is not installed; run .ci/run or install it to run this test", p)
		}
		paths = append(paths, path)
	}
	return paths
}

// NeedRoot skips (or fails, when required) unless the test runs as root,
// which network namespaces (unshare --net) need.
func NeedRoot(t testing.TB) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs Linux network namespaces (unshare --net)")
	}
	if os.Geteuid() != 0 {
		if Required() {
			t.Fatal("this test needs root for unshare --net, and SPECTRUMGEN_REAL=1 requires it")
		}
		t.Skip("needs root for unshare --net")
	}
}

// Isolated returns a command that runs name with args in a new, empty
// network namespace (only a down loopback), so the program cannot reach any
// server, whatever its configuration says.
func Isolated(name string, args ...string) *exec.Cmd {
	return exec.Command("unshare", append([]string{"--net", "--", name}, args...)...)
}

// Symlink makes a symbolic link or, where this Windows cannot (no
// privilege; Wine 8 reports success but makes none), skips the test.
func Symlink(t testing.TB, target, link string) {
	t.Helper()
	err := os.Symlink(target, link)
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Lstat(link); err == nil && fi.Mode()&os.ModeSymlink == 0 {
			err = fmt.Errorf("%s is not a link", link)
		}
	}
	if err != nil && runtime.GOOS == "windows" {
		t.Skipf("this Windows cannot make symbolic links: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
}
