package kit

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// onDiskPerm is the permission Stat reports for a file written with perm:
// perm itself on Unix; on Windows, which keeps only "read-only or not",
// 0666 or 0444.
func onDiskPerm(perm fs.FileMode) fs.FileMode {
	if runtime.GOOS != "windows" {
		return perm
	}
	if perm&0o200 != 0 {
		return 0o666
	}
	return 0o444
}

// onDisk turns the wanted "<mode> <content>" values of tree into what this
// platform's disk reports (see onDiskPerm).
func onDisk(want map[string]string) map[string]string {
	if runtime.GOOS != "windows" {
		return want
	}
	out := make(map[string]string, len(want))
	for k, v := range want {
		mode, rest, _ := strings.Cut(v, " ")
		perm := fs.FileMode(0)
		for i, c := range mode[1:] { // "-rw-r--r--": bit 8 first
			if c != '-' {
				perm |= 1 << (8 - i)
			}
		}
		out[k] = onDiskPerm(perm).String() + " " + rest
	}
	return out
}

func symlink(t *testing.T, target, link string) { realtest.Symlink(t, target, link) }

// A run that writes every kit again with new content replaces each kit
// whole and leaves no temporary or aside folder: on Linux by exchange, on
// macOS and Windows (and under Wine in CI) by the two-rename swap.
func TestRerunChangedReplacesEveryKit(t *testing.T) {
	out := t.TempDir()
	accounts := people(8)
	if _, err := Write(context.Background(), options(out, fakeGen{version: "old"}), accounts); err != nil {
		t.Fatal(err)
	}
	sum, err := Write(context.Background(), options(out, fakeGen{version: "new"}), accounts)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Changed) != len(accounts) || sum.Unchanged != 0 {
		t.Errorf("summary %+v, want every kit written", sum)
	}
	for _, a := range accounts {
		if got, want := tree(t, filepath.Join(out, "people", a.Email)), kitOf("new", a.Email); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", a.Email, got, want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, "people", ".tmp-*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestSwapAside(t *testing.T) {
	dir := t.TempDir()
	final, next := filepath.Join(dir, "kit"), filepath.Join(dir, ".tmp-new")
	mustWrite(t, filepath.Join(final, "f"), "old")
	mustWrite(t, filepath.Join(next, "f"), "new")
	old, err := swapAside(next, final)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, filepath.Join(final, "f")); got != "new" {
		t.Errorf("kit holds %q after the swap", got)
	}
	if got := mustRead(t, filepath.Join(old, "f")); got != "old" || !strings.HasPrefix(filepath.Base(old), asidePrefix) {
		t.Errorf("old kit at %s holds %q", old, got)
	}
	// The second rename failing (here: nothing to move in) puts the old
	// kit back at once.
	_, err = swapAside(filepath.Join(dir, ".tmp-missing"), final)
	if err == nil {
		t.Fatal("swapping in a missing folder succeeded")
	}
	if got := mustRead(t, filepath.Join(final, "f")); got != "new" {
		t.Errorf("after a failed swap the kit holds %q", got)
	}
}

// TestKilledSwapAsideRepaired makes, by hand, each state a run killed
// inside swapAside can leave, and checks that the next run's prepare makes
// every kit wholly old or wholly new before it writes.
func TestKilledSwapAsideRepaired(t *testing.T) {
	out := t.TempDir()
	accounts := people(3)
	if _, err := Write(context.Background(), options(out, fakeGen{version: "old"}), accounts); err != nil {
		t.Fatal(err)
	}
	kit := func(i int) string { return filepath.Join(out, "people", accounts[i].Email) }
	// p00: killed between the two renames: the old kit aside, the new one
	// (maybe half written) under its temporary name, none at the address.
	if err := os.Rename(kit(0), asidePath(kit(0))); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(out, "people", ".tmp-"+accounts[0].Email+"-0123456789ab", "fake", "a.conf"), "half")
	// p01: killed while removing the old kit after the swap: the new kit
	// in place, part of the old one aside.
	aside := asidePath(kit(1))
	mustWrite(t, filepath.Join(aside, "fake", "a.conf"), "old remains")
	if err := os.RemoveAll(kit(1)); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(kit(1), "fake", "a.conf"), "new a "+accounts[1].Email)
	mustWrite(t, filepath.Join(kit(1), "fake", "deep", "b.conf"), "new b "+accounts[1].Email)
	// An aside name that is not ours is never moved into people/ (nor
	// removed: spectrumgen removes only what it wrote), and the
	// half-written kit of an address starting "aside-" (.tmp-aside-...),
	// which asidePrefix (.tmp-.aside-) keeps apart, is removed.
	planted := filepath.Join(out, "people", asidePrefix+"0123456789ab-.hidden")
	mustWrite(t, filepath.Join(planted, "f"), "planted")
	mustWrite(t, filepath.Join(out, "people", ".tmp-aside-0123456789ab-x@spectrum.net-0123456789ab", "f"), "half")

	o, err := prepare(out)
	if err != nil {
		t.Fatal(err)
	}
	o.unlock()
	if got, want := tree(t, kit(0)), kitOf("old", accounts[0].Email); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the kit moved aside was not put back whole: %v", got)
	}
	if got := mustRead(t, filepath.Join(kit(1), "fake", "a.conf")); got != "new a "+accounts[1].Email {
		t.Errorf("the new kit was replaced: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "people", ".tmp-*")); len(left) != 1 || left[0] != planted {
		t.Errorf("left behind: %v, want only the planted %s", left, planted)
	}
	entries, _ := os.ReadDir(filepath.Join(out, "people"))
	if len(entries) != len(accounts)+1 {
		t.Errorf("people/ holds %d entries, want %d and the planted one", len(entries), len(accounts))
	}
}

// lockHolderEnv makes the test binary, run again by TestLockHeldByAnotherProcess,
// take the lock of the folder it names and wait to be killed.
const lockHolderEnv = "SPECTRUMGEN_TEST_HOLD_LOCK"

var heldLock *outDir

func TestMain(m *testing.M) {
	if dir := os.Getenv(lockHolderEnv); dir != "" {
		var err error
		// Kept in a global: a lock file no longer referenced would be
		// closed by its finalizer, freeing the lock.
		if heldLock, err = prepare(dir); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		select {} // until killed
	}
	os.Exit(m.Run())
}

// Another process holding the lock (flock on Unix, LockFileEx on Windows)
// refuses a run; killing it frees the lock, as the system drops it.
func TestLockHeldByAnotherProcess(t *testing.T) {
	out := t.TempDir()
	holder := exec.Command(os.Args[0], "-test.run=^$")
	holder.Env = append(os.Environ(), lockHolderEnv+"="+out)
	stdout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("the lock holder said %q (%v)", line, err)
	}
	_, err = Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1))
	if err == nil || !strings.Contains(err.Error(), "another spectrumgen run is writing to") {
		t.Fatalf("err = %v, want the lock refused", err)
	}
	if err := holder.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = holder.Wait()
	// Windows frees the locks of a killed process soon after, not at once
	// ("depends upon available system resources", LockFileEx's manual).
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err = Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1))
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Errorf("10 s after the holder was killed: %v", err)
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
