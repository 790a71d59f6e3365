package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// TestFullDisk runs spectrumgen in a mount namespace of its own over a
// 4 MiB tmpfs: a small manifest (10 people, every client) fits; a large one runs out of space and must
// fail with a clear error while every kit of the small run stays whole.
func TestFullDisk(t *testing.T) {
	realtest.NeedRoot(t)
	realtest.Need(t, "unshare", "sh")
	bin := buildBinary(t)
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small.yaml"), filepath.Join(dir, "large.yaml")
	writeManifest(t, small, 10, "Small")
	writeManifestFrom(t, large, 5000, 2000, "Large")
	// One shell inside one namespace: mount, run twice, report each result.
	script := `set -u
mount -t tmpfs -o size=4m tmpfs "$OUT"
"$BIN" -q -m "$SMALL" -o "$OUT/kits" || { echo "small run failed"; exit 3; }
(cd "$OUT/kits" && find people -type f | sort | xargs sha256sum) > "$DIR/before.sums"
"$BIN" -q -m "$LARGE" -o "$OUT/kits" 2> "$DIR/large.err"; echo "large status=$?"
(cd "$OUT/kits" && sha256sum -c --quiet "$DIR/before.sums") && echo "small kits intact"
ls "$OUT/kits/people" | grep -c '^\.tmp-' || true
`
	out := filepath.Join(dir, "mnt")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "OUT="+out, "SMALL="+small, "LARGE="+large, "DIR="+dir)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	got := stdout.String()
	errText, _ := os.ReadFile(filepath.Join(dir, "large.err"))
	if !strings.Contains(got, "large status=1") {
		t.Errorf("the run that filled the disk did not fail with status 1:\n%s", got)
	}
	if !strings.Contains(string(errText), "no space left on device") || !strings.Contains(string(errText), "the disk is full") || !strings.HasPrefix(string(errText), "spectrumgen: ") {
		t.Errorf("error does not say the disk is full: %q", errText)
	}
	if !strings.Contains(got, "small kits intact") {
		t.Errorf("kits written before the disk filled were damaged:\n%s", got)
	}
	if !strings.HasSuffix(strings.TrimSpace(got), "\n0") {
		t.Errorf("temporary folders left behind:\n%s", got)
	}
	t.Logf("error shown: %s", strings.TrimSpace(string(errText)))
}

// TestConcurrentRuns starts two real runs into the same output at once: one
// of them is refused with a clear message (the output is locked), the
// other completes, and the result is whole.
func TestConcurrentRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes thousands of kits; internal/kit's lock tests run under -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	m := filepath.Join(dir, "m.yaml")
	writeManifest(t, m, 1500, "Both")
	out := filepath.Join(dir, "kits")
	refused := 0
	for round := 0; round < 3; round++ {
		a := exec.Command(bin, "-q", "-m", m, "-o", out)
		b := exec.Command(bin, "-q", "-m", m, "-o", out)
		var ea, eb bytes.Buffer
		a.Stderr, b.Stderr = &ea, &eb
		if err := a.Start(); err != nil {
			t.Fatal(err)
		}
		if err := b.Start(); err != nil {
			t.Fatal(err)
		}
		errA, errB := a.Wait(), b.Wait()
		for _, r := range []struct {
			err    error
			stderr string
		}{{errA, ea.String()}, {errB, eb.String()}} {
			if r.err != nil {
				if !strings.Contains(r.stderr, "another spectrumgen run is writing to") {
					t.Fatalf("a run failed for another reason: %v\n%s", r.err, r.stderr)
				}
				refused++
			}
		}
		if errA != nil && errB != nil {
			t.Fatal("both runs were refused")
		}
	}
	runBin(t, bin, "-q", "-m", m, "-o", out) // completes the tree if a refused run raced ahead
	sums := exec.Command("sha256sum", "--strict", "-c", "--quiet", "SHA256SUMS")
	sums.Dir = out
	if b, err := sums.CombinedOutput(); err != nil {
		t.Fatalf("output not whole after concurrent runs: %v\n%s", err, b)
	}
	t.Logf("%d of 6 runs were refused by the lock", refused)
}
