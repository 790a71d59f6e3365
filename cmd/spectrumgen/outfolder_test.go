//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The output folder belongs to its owner: these tests run the real binary
// against folders holding someone's files, and check afterwards that every
// one of them is byte for byte (and type for type) as it was.

const twoPeople = `version: 1
defaults:
  clients: [thunderbird, mutt]
accounts:
  - email: ann@spectrum.net
    name: Ann
  - email: bob@spectrum.net
    name: Bob
`

// spectrumgen runs the binary with a deadline, so a run that blocks on a
// FIFO fails the test instead of hanging it.
func spectrumgen(t *testing.T, dir string, args ...string) (code int, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, buildBinary(t), args...)
	cmd.Dir = dir
	var eb bytes.Buffer
	cmd.Stderr = &eb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("spectrumgen %s hung (killed after 30 s); stderr:\n%s", strings.Join(args, " "), eb.String())
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, eb.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), eb.String()
	}
	t.Fatal(err)
	return 0, ""
}

// snapshot describes every entry below root: type, mode and, for regular
// files, the bytes; for links, the target.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		desc := fi.Mode().String()
		switch {
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += " " + string(data)
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			desc += " -> " + target
		}
		got[rel] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameTree reports every difference between two snapshots.
func sameTree(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	var diffs []string
	for p, v := range before {
		if w, ok := after[p]; !ok {
			diffs = append(diffs, "removed "+p)
		} else if w != v {
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "added "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s: %s", what, strings.Join(diffs, "; "))
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Finding 7, first half: a folder spectrumgen did not make, holding
// someone's index.html, SHA256SUMS, server/README.txt and more, is refused
// before anything is written into it: not even the lock or the marker.
func TestFolderNotMadeBySpectrumgen(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m.yaml"), twoPeople)
	out := filepath.Join(dir, "share")
	for p, data := range map[string]string{
		"index.html":                          "<h1>our intranet</h1>",
		"SHA256SUMS":                          "0000  our-release.tar\n",
		"server/README.txt":                   "the server team's notes",
		"people/ann@spectrum.net/notes.txt":   "Ann's own notes",
		"people/ann@spectrum.net/README.html": "Ann's page",
		".spectrumgen.lock":                   "a file that happens to have this name",
	} {
		writeFile(t, filepath.Join(out, p), data)
	}
	before := snapshot(t, out)
	code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "share", "--zip")
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"output folder share is not empty and was not made by spectrumgen", "index.html", "people/", "nothing was written", "move it aside"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	sameTree(t, "the user's folder", before, snapshot(t, out))
	// An empty folder is fine, and is then spectrumgen's.
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "empty"); code != 0 {
		t.Fatalf("empty folder: exit %d\n%s", code, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(empty, ".spectrumgen")); err != nil || !strings.HasPrefix(string(data), "spectrumgen output folder\nformat 1\n") {
		t.Errorf("marker: %q, %v", data, err)
	}
}

// Finding 7, second half: a file someone added inside a kit stops the run
// that would replace (or prune) that kit; the run names it and writes
// nothing, and the file stays.
func TestFileAddedInsideKit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m.yaml"), twoPeople)
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--zip"); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	writeFile(t, filepath.Join(dir, "kits/people/ann@spectrum.net/my-notes.txt"), "Ann's password hint")
	writeFile(t, filepath.Join(dir, "kits/people/bob@spectrum.net/mutt/extra.rc"), "set bob = 1")
	before := snapshot(t, filepath.Join(dir, "kits"))
	// Ann's name changes, so her kit would be replaced.
	writeFile(t, filepath.Join(dir, "m.yaml"), strings.Replace(twoPeople, "name: Ann", "name: Annabel", 1))
	code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits")
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"people/ann@spectrum.net/my-notes.txt", "people/bob@spectrum.net/mutt/extra.rc", "nothing was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %q:\n%s", want, stderr)
		}
	}
	sameTree(t, "kits with added files", before, snapshot(t, filepath.Join(dir, "kits")))
	// --prune of a person whose kit holds an added file: refused too.
	writeFile(t, filepath.Join(dir, "m.yaml"), strings.Replace(twoPeople, "  - email: ann@spectrum.net\n    name: Ann\n", "", 1))
	if err := os.Remove(filepath.Join(dir, "kits/people/bob@spectrum.net/mutt/extra.rc")); err != nil {
		t.Fatal(err)
	}
	before = snapshot(t, filepath.Join(dir, "kits"))
	code, stderr = spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--prune")
	if code != 1 || !strings.Contains(stderr, "people/ann@spectrum.net/my-notes.txt") {
		t.Errorf("--prune over an added file: exit %d\n%s", code, stderr)
	}
	sameTree(t, "--prune over an added file", before, snapshot(t, filepath.Join(dir, "kits")))
	// Once the file is moved out, the run goes through.
	if err := os.Remove(filepath.Join(dir, "kits/people/ann@spectrum.net/my-notes.txt")); err != nil {
		t.Fatal(err)
	}
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--prune"); code != 0 || !strings.Contains(stderr, "ann@spectrum.net") {
		t.Errorf("after moving the file out: exit %d\n%s", code, stderr)
	}
	if _, err := os.Lstat(filepath.Join(dir, "kits/people/ann@spectrum.net")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("pruned kit still there: %v", err)
	}
}

// Finding 8 and the rest of its kind: at every path a run reads or
// replaces, a FIFO, a socket, a link to a FIFO elsewhere, a link to a
// device or to a file elsewhere is refused with its path and kind, without
// blocking, and is left as it was, as is what it points to.
func TestSpecialFilesRefused(t *testing.T) {
	paths := []string{"index.html", "SHA256SUMS", "server/README.txt", ".spectrumgen", ".spectrumgen.lock",
		".spectrumgen-journal", ".spectrumgen-state", "zips/ann@spectrum.net.zip", "people/ann@spectrum.net/README.txt",
		"people/ann@spectrum.net/mutt/muttrc", "people/ann@spectrum.net", "zips",
		"server/autoconfig/spectrum.net/mail/config-v1.1.xml", "server/autoconfig", "people", "server"}
	kinds := []string{"fifo", "socket", "link-to-fifo", "link-to-device", "link-to-file"}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m.yaml"), twoPeople)
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--zip"); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	// Each case starts from a copy of this kit folder.
	if err := exec.Command("cp", "-a", filepath.Join(dir, "kits"), filepath.Join(dir, "pristine")).Run(); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		for _, kind := range kinds {
			t.Run(strings.ReplaceAll(p, "/", "_")+"/"+kind, func(t *testing.T) {
				out := filepath.Join(dir, "kits")
				if err := os.RemoveAll(out); err != nil {
					t.Fatal(err)
				}
				if err := exec.Command("cp", "-a", filepath.Join(dir, "pristine"), out).Run(); err != nil {
					t.Fatal(err)
				}
				elsewhere := t.TempDir()
				writeFile(t, filepath.Join(elsewhere, "file"), "someone else's file")
				if err := syscall.Mkfifo(filepath.Join(elsewhere, "fifo"), 0o644); err != nil {
					t.Fatal(err)
				}
				target := filepath.Join(out, p)
				if err := os.RemoveAll(target); err != nil {
					t.Fatal(err)
				}
				switch kind {
				case "fifo":
					err := syscall.Mkfifo(target, 0o644)
					if err != nil {
						t.Fatal(err)
					}
				case "socket":
					l, err := net.Listen("unix", target)
					if err != nil {
						t.Skipf("socket: %v", err) // a path too long for a socket address
					}
					l.(*net.UnixListener).SetUnlinkOnClose(false)
					defer l.Close()
				case "link-to-fifo":
					must(t, os.Symlink(filepath.Join(elsewhere, "fifo"), target))
				case "link-to-device":
					must(t, os.Symlink("/dev/zero", target))
				case "link-to-file":
					must(t, os.Symlink(filepath.Join(elsewhere, "file"), target))
				}
				before, beforeElsewhere := snapshot(t, out), snapshot(t, elsewhere)
				// Ann's name changes, so her kit and zip would be replaced
				// and every top file rewritten.
				writeFile(t, filepath.Join(dir, "m2.yaml"), strings.Replace(twoPeople, "name: Ann", "name: Annabel", 1))
				code, stderr := spectrumgen(t, dir, "-m", "m2.yaml", "-o", "kits")
				if code != 1 {
					t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
				}
				wantKind := map[string]string{"fifo": "a named pipe (FIFO)", "socket": "a socket", "link-to-fifo": "a symbolic link",
					"link-to-device": "a symbolic link", "link-to-file": "a symbolic link"}[kind]
				if p == "people" || p == "server" {
					wantKind = map[bool]string{true: "symbolic link", false: "where a folder should be"}[strings.HasPrefix(kind, "link")]
				}
				if !strings.Contains(stderr, wantKind) {
					t.Errorf("stderr does not say %q:\n%s", wantKind, stderr)
				}
				if !strings.Contains(stderr, strings.TrimSuffix(p, "/")) && !strings.Contains(stderr, filepath.Base(p)) {
					t.Errorf("stderr does not name %s:\n%s", p, stderr)
				}
				after := snapshot(t, out)
				if before[p] != after[p] {
					t.Errorf("%s was changed: %q, was %q", p, after[p], before[p])
				}
				sameTree(t, "what the link points to", beforeElsewhere, snapshot(t, elsewhere))
				// Nothing else may change either: the refusal comes first.
				sameTree(t, "the kit folder", before, after)
			})
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Finding 9: a person whose address is another's zip name does not touch
// the zip already handed out; both kits and zips are written, and
// SHA256SUMS checks.
func TestZipNamesCannotCollide(t *testing.T) {
	dir := t.TempDir()
	one := "version: 1\ndefaults:\n  clients: [thunderbird]\n  profile: spectrum\naccounts:\n  - email: x@spectrum.net\n    name: X\n"
	writeFile(t, filepath.Join(dir, "m.yaml"), one)
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--zip"); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	handedOut, err := os.ReadFile(filepath.Join(dir, "kits/zips/x@spectrum.net.zip"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "m.yaml"), one+"  - email: x@spectrum.net.zip\n    name: X Zip\n")
	code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--zip")
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "kits/zips/x@spectrum.net.zip")); !bytes.Equal(now, handedOut) {
		t.Error("the zip handed out was replaced")
	}
	for _, p := range []string{"people/x@spectrum.net/README.txt", "people/x@spectrum.net.zip/README.txt", "zips/x@spectrum.net.zip.zip"} {
		if fi, err := os.Lstat(filepath.Join(dir, "kits", p)); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s: %v", p, err)
		}
	}
	cmd := exec.Command("sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS")
	cmd.Dir = filepath.Join(dir, "kits")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
	if !strings.Contains(stderr, "new: x@spectrum.net.zip") {
		t.Errorf("summary:\n%s", stderr)
	}
}

// A killed run leaves kits that no SHA256SUMS records yet (it is written
// last); the journal makes them spectrumgen's, so the next run, with fewer
// clients (each kit loses files), goes through instead of stopping at
// files it does not know.
func TestRunAfterAKilledRun(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and kills several runs of hundreds of kits")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	m := filepath.Join(dir, "m.yaml")
	writeManifest(t, m, 300, "Killed")
	start := time.Now()
	runBin(t, bin, "-q", "-m", m, "-o", filepath.Join(dir, "full"), "--zip")
	full := time.Since(start)
	fewer := filepath.Join(dir, "fewer.yaml")
	data, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, fewer, strings.Replace(string(data), "clients: [all]", "clients: [thunderbird]", 1))
	for try := 0; try < 4; try++ {
		out := filepath.Join(dir, fmt.Sprintf("out%d", try))
		cmd := exec.Command(bin, "-q", "-m", m, "-o", out, "--zip")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := full * time.Duration(try+1) / 5
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		code, stderr := spectrumgen(t, dir, "-m", "fewer.yaml", "-o", out)
		if code != 0 {
			t.Fatalf("after a kill at %v: exit %d\n%s", delay, code, stderr)
		}
		check := exec.Command("sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS")
		check.Dir = out
		if msg, err := check.CombinedOutput(); err != nil {
			t.Errorf("after a kill at %v: sha256sum -c: %v\n%s", delay, err, msg)
		}
		if _, err := os.Stat(filepath.Join(out, ".spectrumgen-journal")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("journal left after a run that ended well: %v", err)
		}
		if _, err := os.Stat(filepath.Join(out, "people/person0000@spectrum.net/mutt")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a client's folder outlived the client: %v", err)
		}
	}
}

// A file spectrumgen wrote and someone then edited is no longer what it
// wrote: the run stops and names it, and the edit stays. A file whose
// mode alone changed is spectrumgen's bytes: the kit is written again and
// the mode put back.
func TestFileEditedInsideKit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m.yaml"), twoPeople)
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits"); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	muttrc := filepath.Join(dir, "kits/people/bob@spectrum.net/mutt/muttrc")
	data, err := os.ReadFile(muttrc)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, muttrc, string(data)+"set editor = vim # Bob's own\n")
	before := snapshot(t, filepath.Join(dir, "kits"))
	code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits")
	if code != 1 || !strings.Contains(stderr, "people/bob@spectrum.net/mutt/muttrc (changed since spectrumgen wrote it)") {
		t.Errorf("exit %d, want 1 naming the edited file:\n%s", code, stderr)
	}
	sameTree(t, "a kit with an edited file", before, snapshot(t, filepath.Join(dir, "kits")))
	// A zip repacked by hand is no longer spectrumgen's either.
	must(t, os.WriteFile(muttrc, data, 0o644))
	writeFile(t, filepath.Join(dir, "m.yaml"), twoPeople)
	if code, stderr := spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits", "--zip"); code != 0 {
		t.Fatalf("zip run: exit %d\n%s", code, stderr)
	}
	zipPath := filepath.Join(dir, "kits/zips/ann@spectrum.net.zip")
	zipData, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(zipPath, append(zipData, 0), 0o644))
	before = snapshot(t, filepath.Join(dir, "kits"))
	code, stderr = spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits")
	if code != 1 || !strings.Contains(stderr, "zips/ann@spectrum.net.zip (changed since spectrumgen wrote it)") {
		t.Errorf("exit %d, want 1 naming the repacked zip:\n%s", code, stderr)
	}
	sameTree(t, "a repacked zip", before, snapshot(t, filepath.Join(dir, "kits")))
	must(t, os.WriteFile(zipPath, zipData, 0o644))
	// Put the bytes back, change only the mode.
	must(t, os.WriteFile(muttrc, data, 0o644))
	readme := filepath.Join(dir, "kits/people/ann@spectrum.net/README.txt")
	must(t, os.Chmod(readme, 0o600))
	code, stderr = spectrumgen(t, dir, "-m", "m.yaml", "-o", "kits")
	if code != 0 || !strings.Contains(stderr, "changed: ann@spectrum.net") {
		t.Errorf("exit %d, want ann's kit written again:\n%s", code, stderr)
	}
	if fi, err := os.Stat(readme); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o644 {
		t.Errorf("README.txt mode not restored: %v", fi.Mode())
	}
}
