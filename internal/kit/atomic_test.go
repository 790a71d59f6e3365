package kit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// fakeGen writes two files whose content carries a version, so a test can
// tell an old kit from a new one, and can fail for one address.
type fakeGen struct {
	version string
	failFor string
}

// Check implements generators.Checker, failing where Generate would.
func (g fakeGen) Check(a account.Account) error {
	_, err := g.Generate(a)
	return err
}

func (fakeGen) Name() string     { return "fake" }
func (fakeGen) Describe() string { return "test generator" }
func (g fakeGen) Generate(a account.Account) ([]generators.File, error) {
	if a.Email == g.failFor {
		return nil, errors.New("boom")
	}
	return []generators.File{
		{Path: "fake/a.conf", Data: []byte(g.version + " a " + a.Email)},
		{Path: "fake/deep/b.conf", Data: []byte(g.version + " b " + a.Email), Secret: true},
	}, nil
}

func (g fakeGen) Shared(a account.Account) ([]generators.File, error) {
	return []generators.File{{Path: "shared/" + a.Domain() + ".xml", Data: []byte(g.version + " " + a.Domain())}}, nil
}

func people(n int) []account.Account {
	var out []account.Account
	for i := 0; i < n; i++ {
		out = append(out, account.Account{Email: fmt.Sprintf("p%02d@spectrum.net", i), Clients: []string{"fake"}})
	}
	return out
}

// options runs g; its value stands for the program (Options.Program), so a
// run with another version of fakeGen is another program's run.
func options(out string, g generators.Generator) Options {
	return Options{Out: out, Generators: map[string]generators.Generator{"fake": g}, Jobs: 3, Program: fmt.Sprintf("test %#v", g)}
}

// tree returns every file below dir with its content and mode.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == lockName || !strings.Contains(rel, "fake/") && !strings.Contains(rel, "shared/") {
			return nil // only the fake generator's files: instructions and sums are tested elsewhere
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		out[rel] = fmt.Sprintf("%v %s", fi.Mode().Perm(), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteLayoutAndModes(t *testing.T) {
	out := t.TempDir()
	sum, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(3))
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	want := onDisk(map[string]string{
		"people/p00@spectrum.net/fake/a.conf":      "-rw-r--r-- v1 a p00@spectrum.net",
		"people/p00@spectrum.net/fake/deep/b.conf": "-rw------- v1 b p00@spectrum.net",
		"people/p01@spectrum.net/fake/a.conf":      "-rw-r--r-- v1 a p01@spectrum.net",
		"people/p01@spectrum.net/fake/deep/b.conf": "-rw------- v1 b p01@spectrum.net",
		"people/p02@spectrum.net/fake/a.conf":      "-rw-r--r-- v1 a p02@spectrum.net",
		"people/p02@spectrum.net/fake/deep/b.conf": "-rw------- v1 b p02@spectrum.net",
		"server/shared/spectrum.net.xml":           "-rw-r--r-- v1 spectrum.net",
	})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tree:\n got %v\nwant %v", got, want)
	}
	if sum.People != 3 || len(sum.New) != 3 || sum.Written != sum.Files || sum.Files < 7 {
		t.Errorf("summary %+v", sum)
	}
	// The same input again: nothing is rewritten.
	before := modTimes(t, out)
	sum, err = Write(context.Background(), options(out, fakeGen{version: "v1"}), people(3))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Written != 0 || sum.Unchanged != 3 {
		t.Errorf("second run %+v, want all unchanged", sum)
	}
	if after := modTimes(t, out); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("unchanged run touched files")
	}
}

func modTimes(t *testing.T, dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fi, _ := d.Info()
			out = append(out, p+fi.ModTime().String())
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// CheckAccount, which validation runs for every account, finds what a
// generator cannot write; and a caller that skips it still cannot get that
// account written: Generate refuses it too, the run stops there, and that
// kit stays the old one.
func TestUncheckedAccountIsNeverWritten(t *testing.T) {
	out := t.TempDir()
	if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(6)); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	bad := options(out, fakeGen{version: "v2", failFor: "p05@spectrum.net"})
	var refused []string
	for _, a := range people(6) {
		if err := CheckAccount(bad.Generators, a, nil); err != nil {
			refused = append(refused, a.Email+": "+err.Error())
		}
	}
	if fmt.Sprint(refused) != "[p05@spectrum.net: boom]" {
		t.Errorf("CheckAccount refused %v, want only p05", refused)
	}
	_, err := Write(context.Background(), bad, people(6))
	if err == nil || !strings.Contains(err.Error(), "p05@spectrum.net: boom") {
		t.Fatalf("err = %v", err)
	}
	after := tree(t, out)
	for p, v := range before {
		if strings.Contains(p, "p05@") && after[p] != v {
			t.Errorf("%s changed: %q, was %q", p, after[p], v)
		}
	}
	if err := CheckAccount(bad.Generators, account.Account{Email: "../x@spectrum.net", Clients: []string{"fake"}}, nil); err == nil {
		t.Error("CheckAccount took an address that is no folder name")
	}
	if err := CheckAccount(bad.Generators, account.Account{Email: "x@spectrum.net", Clients: []string{"nope"}}, nil); err == nil {
		t.Error("CheckAccount took a client without a generator")
	}
}

// A failure in the write phase (injected in a step) stops the run; every
// kit is then either the whole old one or the whole new one.
func TestWriteFailureLeavesWholeKits(t *testing.T) {
	out := t.TempDir()
	accounts := people(20)
	if _, err := Write(context.Background(), options(out, fakeGen{version: "old"}), accounts); err != nil {
		t.Fatal(err)
	}
	opt := options(out, fakeGen{version: "new"})
	opt.Jobs = 2
	opt.Steps = []Step{func(a account.Account, files []generators.File) ([]generators.File, error) {
		if a.Email == "p11@spectrum.net" {
			return nil, errors.New("disk full (injected)")
		}
		return files, nil
	}}
	_, err := Write(context.Background(), opt, accounts)
	if err == nil || !strings.Contains(err.Error(), "disk full (injected)") {
		t.Fatalf("err = %v", err)
	}
	olds, news := 0, 0
	for _, a := range accounts {
		dir := filepath.Join(out, "people", a.Email)
		got := tree(t, dir)
		switch fmt.Sprint(got) {
		case fmt.Sprint(kitOf("old", a.Email)):
			olds++
		case fmt.Sprint(kitOf("new", a.Email)):
			news++
		default:
			t.Errorf("%s is neither the old nor the new kit: %v", a.Email, got)
		}
	}
	if olds == 0 {
		t.Errorf("expected some kits to stay old (new %d)", news)
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, "people", ".tmp-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary folders left: %v", leftovers)
	}
}

func kitOf(version, email string) map[string]string {
	return onDisk(map[string]string{
		"fake/a.conf":      "-rw-r--r-- " + version + " a " + email,
		"fake/deep/b.conf": "-rw------- " + version + " b " + email,
	})
}

func TestSymlinksAreNotFollowed(t *testing.T) {
	out, elsewhere := t.TempDir(), t.TempDir()
	if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1)); err != nil {
		t.Fatal(err)
	}
	// A link planted where a kit goes is refused, and kept: it is not
	// spectrumgen's to remove.
	kit := filepath.Join(out, "people", "p00@spectrum.net")
	if err := os.RemoveAll(kit); err != nil {
		t.Fatal(err)
	}
	symlink(t, elsewhere, kit)
	_, err := Write(context.Background(), options(out, fakeGen{version: "v2"}), people(1))
	if err == nil || !strings.Contains(err.Error(), "people/p00@spectrum.net (a symbolic link)") {
		t.Errorf("err = %v, want a refusal naming the link", err)
	}
	if fi, err := os.Lstat(kit); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the planted link is gone: %v", err)
	}
	if err := os.Remove(kit); err != nil {
		t.Fatal(err)
	}
	// A link planted in server/ is refused.
	if err := os.RemoveAll(filepath.Join(out, "server", "shared")); err != nil {
		t.Fatal(err)
	}
	symlink(t, elsewhere, filepath.Join(out, "server", "shared"))
	_, err = Write(context.Background(), options(out, fakeGen{version: "v2"}), people(1))
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("err = %v, want a refusal to write through server/shared", err)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("wrote through a link: %v", entries)
	}
	// The output folder itself may not be a link.
	link := filepath.Join(t.TempDir(), "out")
	symlink(t, elsewhere, link)
	if _, err := Write(context.Background(), options(link, fakeGen{version: "v1"}), people(1)); err == nil {
		t.Error("wrote into an output folder that is a link")
	}
}

func TestSecondRunIsLockedOut(t *testing.T) {
	out := t.TempDir()
	o, err := prepare(out)
	if err != nil {
		t.Fatal(err)
	}
	defer o.unlock()
	_, err = Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1))
	if err == nil || !strings.Contains(err.Error(), "another spectrumgen run is writing to") {
		t.Errorf("err = %v", err)
	}
}

func TestUnsafePathsRefused(t *testing.T) {
	for _, p := range []string{"../x", "/etc/passwd", "a/../../b", `a\b`, "", "a//b", "./a"} {
		if safeRel(p) {
			t.Errorf("safeRel(%q) = true", p)
		}
	}
	for _, e := range []string{"..", ".hidden@x.net", "a/b@x.net", "a\x00@x.net"} {
		if dirName(e) == "" {
			t.Errorf("dirName(%q) accepted", e)
		}
	}
}
