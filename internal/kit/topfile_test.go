package kit

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// TestTopFile: a file at the top is compared with the one it replaces as
// it is written. Only the very same bytes and mode leave the old file
// (its inode and time); anything else replaces it whole, never through a
// link; no temporary file stays.
func TestTopFile(t *testing.T) {
	// head bytes are reserved first and filled in last; the body takes
	// several 64 kB reads.
	const head = 12
	body := strings.Repeat("0123456789abcdef line of the body\n", 5000)
	content := "head-1234567" + body
	cases := []struct {
		name string
		old  func(t *testing.T, path string) // nil: no old file
		same bool
	}{
		{"missing", nil, false},
		{"same", func(t *testing.T, p string) { mustWrite(t, p, content) }, true},
		{"another head", func(t *testing.T, p string) { mustWrite(t, p, "head-7654321"+body) }, false},
		{"a byte in the body", func(t *testing.T, p string) {
			b := []byte(content)
			b[len(b)-70000] ^= 1
			mustWrite(t, p, string(b))
		}, false},
		{"longer", func(t *testing.T, p string) { mustWrite(t, p, content+"x") }, false},
		{"shorter", func(t *testing.T, p string) { mustWrite(t, p, content[:len(content)-1]) }, false},
		{"only the head", func(t *testing.T, p string) { mustWrite(t, p, content[:head]) }, false},
		{"empty", func(t *testing.T, p string) { mustWrite(t, p, "") }, false},
		{"another mode", func(t *testing.T, p string) {
			if runtime.GOOS == "windows" {
				t.Skip("Windows keeps only read-only or not: 0600 is 0644 there")
			}
			mustWrite(t, p, content)
			if err := os.Chmod(p, 0o600); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := &outDir{root: t.TempDir()}
			path := filepath.Join(o.root, "F")
			var before os.FileInfo
			if c.old != nil {
				c.old(t, path)
				past := time.Now().Add(-time.Hour)
				if err := os.Chtimes(path, past, past); err != nil {
					t.Fatal(err)
				}
				before, _ = os.Stat(path)
			}
			tf, err := o.createTop("F", 0o644)
			if err != nil {
				t.Fatal(err)
			}
			defer tf.discard()
			if err := tf.reserve(head); err != nil {
				t.Fatal(err)
			}
			w := bufio.NewWriterSize(tf, 4096)
			for rest := body; rest != ""; { // in uneven pieces
				n := min(len(rest), 1+len(rest)%7919)
				w.WriteString(rest[:n])
				rest = rest[n:]
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if err := tf.writeAt([]byte(content[:head]), 0); err != nil {
				t.Fatal(err)
			}
			wrote, err := tf.commit()
			if err != nil {
				t.Fatal(err)
			}
			if wrote == c.same {
				t.Errorf("wrote = %v, want %v", wrote, !c.same)
			}
			if got := mustRead(t, path); got != content {
				t.Errorf("the file holds %d bytes, not the content written", len(got))
			}
			after, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if !after.Mode().IsRegular() || !samePerm(after.Mode().Perm(), 0o644) {
				t.Errorf("mode %v, want -rw-r--r-- (as the platform keeps it)", after.Mode())
			}
			if c.same && (!os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime())) {
				t.Error("the same content replaced the old file or changed its time")
			}
			if left, _ := filepath.Glob(filepath.Join(o.root, ".tmp-*")); len(left) != 0 {
				t.Errorf("left %v", left)
			}
		})
	}
}

// TestTopFileNeverReplacesALink: a link (or anything but a regular file)
// found where the file goes is refused, and left, with what it points to.
func TestTopFileNeverReplacesALink(t *testing.T) {
	for _, same := range []bool{true, false} {
		o := &outDir{root: t.TempDir()}
		target := filepath.Join(t.TempDir(), "theirs")
		mustWrite(t, target, "data")
		path := filepath.Join(o.root, "F")
		symlink(t, target, path)
		tf, err := o.createTop("F", 0o644)
		if err != nil {
			t.Fatal(err)
		}
		content := "other"
		if same {
			content = "data"
		}
		if _, err := tf.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
		_, err = tf.commit()
		var nr *errNotRegular
		if !errors.As(err, &nr) {
			t.Errorf("same %v: commit over a link: err = %v, want a refusal", same, err)
		}
		if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("same %v: the link is gone: %v", same, err)
		}
		if got := mustRead(t, target); got != "data" {
			t.Errorf("same %v: wrote through the link: %q", same, got)
		}
		if left, _ := filepath.Glob(filepath.Join(o.root, ".tmp-*")); len(left) != 0 {
			t.Errorf("same %v: left %v", same, left)
		}
	}
}

// TestRerunLeavesTopFiles: a re-run that changes nothing leaves index.html,
// SHA256SUMS and the state file as they were (the same files, the same
// times); one that changes a person replaces them, and SHA256SUMS is
// then the record a fresh run writes.
func TestRerunLeavesTopFiles(t *testing.T) {
	r := newRerun(t, true)
	r.mustRun("v1", named(40, nil))
	top := []string{IndexName, SumsName, stateName}
	stats := func() []os.FileInfo {
		var out []os.FileInfo
		for _, name := range top {
			fi, err := os.Stat(filepath.Join(r.out, name))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fi)
		}
		return out
	}
	before := stats()
	if sum, calls := r.mustRun("v1", named(40, nil)); calls != 0 || sum.Written != 0 {
		t.Fatalf("nothing changed: %d generated, %d written", calls, sum.Written)
	}
	for i, fi := range stats() {
		if !os.SameFile(before[i], fi) || !fi.ModTime().Equal(before[i].ModTime()) {
			t.Errorf("an unchanged re-run replaced or touched %s", top[i])
		}
	}
	changed := named(40, map[int]string{33: "Someone Else"})
	sum, _ := r.mustRun("v1", changed)
	if fmt.Sprint(sum.Changed) != "[p33@spectrum.net]" {
		t.Fatalf("changed %v, want p33", sum.Changed)
	}
	for i, fi := range stats() { // the index names him, the state has his kit's stat
		if os.SameFile(before[i], fi) {
			t.Errorf("%s was not replaced", top[i])
		}
	}
	r.sameAsFresh("v1", changed)
	if left, _ := filepath.Glob(filepath.Join(r.out, ".tmp-*")); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}

// TestRerunSumsKeepFormerKits: the kits of people no longer listed, kept
// (no --prune), keep their lines in SHA256SUMS, in their place among the
// kits', as the new kits' lines stream past them.
func TestRerunSumsKeepFormerKits(t *testing.T) {
	for _, gone := range [][]int{{0}, {2, 5}, {7}, {0, 1, 2, 3, 4, 5, 6, 7}} {
		t.Run(fmt.Sprint(gone), func(t *testing.T) {
			r := newRerun(t, true)
			all := named(8, nil)
			r.mustRun("v1", all)
			first := mustRead(t, filepath.Join(r.out, SumsName))
			var kept []string
			var now []int
			for i := range all {
				if !slices.Contains(gone, i) {
					now = append(now, i)
				}
			}
			changed := map[int]string{}
			if len(now) > 0 {
				changed[now[len(now)/2]] = "Changed"
			}
			accounts := named(8, changed)
			var listed []account.Account
			for _, i := range now {
				listed = append(listed, accounts[i])
			}
			sum, _ := r.mustRun("v1", listed)
			for _, i := range gone {
				kept = append(kept, all[i].Email)
			}
			if fmt.Sprint(sum.Removed) != fmt.Sprint(kept) || sum.Pruned {
				t.Fatalf("removed %v (pruned %v), want %v kept", sum.Removed, sum.Pruned, kept)
			}
			// The lines a fresh run writes for the people listed, with the
			// first run's lines of the kits kept, in the kits' order.
			fresh := t.TempDir()
			if _, err := Write(context.Background(), r.opt(fresh, "v1"), listed); err != nil {
				t.Fatal(err)
			}
			byKit := map[string]string{}
			var rest string
			for _, rec := range []string{mustRead(t, filepath.Join(fresh, SumsName)), first} {
				for _, line := range strings.SplitAfter(rec, "\n") {
					email := kitOfLine(line)
					switch {
					case email == "" && rec != first && !strings.HasSuffix(line, "  "+IndexName+"\n"):
						rest += line
					case email != "" && (rec != first) == !slices.Contains(kept, email):
						byKit[email] += line
					}
				}
			}
			var emails []string
			for e := range byKit {
				emails = append(emails, e+"/")
			}
			sort.Strings(emails)
			want := sumLine(sha256Hex(t, filepath.Join(r.out, IndexName)), IndexName)
			for _, e := range emails {
				want += byKit[strings.TrimSuffix(e, "/")]
			}
			want += rest
			if got := mustRead(t, filepath.Join(r.out, SumsName)); got != want {
				t.Errorf("SHA256SUMS:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// kitOfLine returns the address of the kit (or zip) a SHA256SUMS line is
// of, or "".
func kitOfLine(line string) string {
	_, p, ok := sumPath(line)
	switch {
	case !ok:
		return ""
	case strings.HasPrefix(p, "people/"):
		email, _, _ := strings.Cut(strings.TrimPrefix(p, "people/"), "/")
		return email
	case strings.HasPrefix(p, "zips/"):
		return strings.TrimSuffix(strings.TrimPrefix(p, "zips/"), ".zip")
	}
	return ""
}

func sha256Hex(t *testing.T, path string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(mustRead(t, path)))
	return hex.EncodeToString(sum[:])
}
