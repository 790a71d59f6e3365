package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestKilledRunsLeaveWholeKits kills a real spectrumgen process (SIGKILL) at
// random points while it rewrites a few thousand kits, and checks that every
// person's kit is then exactly the complete old kit or the complete new one.
func TestKilledRunsLeaveWholeKits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes thousands of kits")
	}
	if runtime.GOOS != "linux" {
		t.Skip("checks kits right after a kill, which only Linux's one-step swap promises; internal/kit's TestKilledSwapAsideRepaired checks the next run's repair elsewhere")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	const people = 1000
	oldM, newM := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	writeManifest(t, oldM, people, "Old")
	writeManifest(t, newM, people, "New")
	// The complete old and new trees, for comparison.
	oldTree, newTree := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	runBin(t, bin, "-q", "-m", oldM, "-o", oldTree)
	start := time.Now()
	runBin(t, bin, "-q", "-m", newM, "-o", newTree)
	full := time.Since(start)

	oldDigest, newDigest := make([]string, people), make([]string, people)
	for i := range people {
		oldDigest[i] = digest(t, filepath.Join(oldTree, kitPath(i)))
		newDigest[i] = digest(t, filepath.Join(newTree, kitPath(i)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for try := 0; try < 6; try++ {
		out := filepath.Join(dir, fmt.Sprintf("out%d", try))
		runBin(t, bin, "-q", "-m", oldM, "-o", out)
		delay := time.Duration(rng.Int64N(int64(full)))
		cmd := exec.Command(bin, "-q", "-m", newM, "-o", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		err := cmd.Wait()
		if err != nil {
			kills++
		}
		olds, news := 0, 0
		for i := 0; i < people; i++ {
			switch digest(t, filepath.Join(out, kitPath(i))) {
			case oldDigest[i]:
				olds++
			case newDigest[i]:
				news++
			default:
				t.Fatalf("kill after %v: %s is neither the whole old kit nor the whole new one", delay, kitPath(i))
			}
		}
		t.Logf("killed after %v (full run %v): %d old kits, %d new", delay.Round(time.Millisecond), full.Round(time.Millisecond), olds, news)
		// The next run over the killed output finishes the job.
		runBin(t, bin, "-q", "-m", newM, "-o", out)
		for i := 0; i < people; i += 97 {
			if digest(t, filepath.Join(out, kitPath(i))) != newDigest[i] {
				t.Fatalf("rerun after a kill left %s stale", kitPath(i))
			}
		}
		if left, _ := filepath.Glob(filepath.Join(out, "people", ".tmp-*")); len(left) != 0 {
			t.Fatalf("rerun left temporary folders: %v", left[:1])
		}
	}
	if kills == 0 {
		t.Fatal("no run was actually interrupted")
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildBinary builds spectrumgen once per test run and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil && runtime.GOOS == "windows" {
		t.Skip("needs the go command to build spectrumgen (there is none under Wine)")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "spectrumgen-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "spectrumgen")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func kitPath(i int) string {
	return filepath.Join("people", fmt.Sprintf("person%04d@spectrum.net", i))
}

func writeManifest(t *testing.T, path string, n int, label string) {
	writeManifestFrom(t, path, 0, n, label)
}

// writeManifestFrom writes people number from to from+n-1, all clients.
func writeManifestFrom(t *testing.T, path string, from, n int, label string) {
	var b strings.Builder
	b.WriteString("version: 1\ndefaults:\n  clients: [all]\n  password_command: \"pass show {email}\"\naccounts:\n")
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, "  - email: person%04d@spectrum.net\n    name: \"%s Person %d\"\n", i, label, i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runBin(t *testing.T, bin string, args ...string) {
	t.Helper()
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("spectrumgen %v: %v\n%s", args, err, out)
	}
}

// digest hashes a folder's files (paths, modes, bytes); "" when it is missing.
func digest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v %d\n", rel, fi.Mode(), len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "missing: " + err.Error()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}
