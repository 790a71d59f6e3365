package kit

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/thunderbird"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// modes is a generator for tests of modes: a 0600 file and a 0644 one,
// like aerc's accounts.conf beside a README.
type modes struct{}

func (modes) Name() string     { return "modes" }
func (modes) Describe() string { return "files with modes" }
func (modes) Generate(a account.Account) ([]generators.File, error) {
	return []generators.File{
		{Path: "modes/secret.conf", Data: []byte("user = " + a.Email + "\n"), Secret: true},
		{Path: "modes/public.txt", Data: []byte("hello " + a.Name + "\n"), Mode: 0o644},
		{Path: "modes/script.sh", Data: []byte("#!/bin/sh\n"), Mode: 0o755},
	}, nil
}

var gens = map[string]generators.Generator{"thunderbird": thunderbird.Generator{}, "modes": modes{}}

func write(t *testing.T, out string, zip bool, accounts []account.Account) *Summary {
	t.Helper()
	sum, err := Write(context.Background(), Options{Out: out, Generators: gens, Zip: zip, Jobs: 2}, accounts)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestLayout(t *testing.T) {
	out := t.TempDir()
	accounts := fixture.Example(t, "thunderbird")
	sum := write(t, out, true, accounts)
	for _, a := range accounts {
		for _, p := range []string{"people/" + a.Email + "/README.html", "people/" + a.Email + "/README.txt",
			"people/" + a.Email + "/thunderbird/user.js", "zips/" + a.Email + ".zip"} {
			if _, err := os.Stat(filepath.Join(out, p)); err != nil {
				t.Error(err)
			}
		}
	}
	for _, p := range []string{IndexName, SumsName, ServerReadmeName, "server/autoconfig/spectrum.net/mail/config-v1.1.xml"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
	// Summary counts every file of the tree but the lock, the marker and the
	// state file.
	n := 0
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() != lockName && d.Name() != markerName && d.Name() != stateName {
			n++
		}
		return nil
	})
	if sum.Files != n {
		t.Errorf("summary says %d files, the tree holds %d", sum.Files, n)
	}
}

// TestSums checks SHA256SUMS with sha256sum itself, that it lists every
// file, sorted, and that sha256sum notices a changed file.
func TestSums(t *testing.T) {
	realtest.Need(t, "sha256sum")
	out := t.TempDir()
	write(t, out, true, append(fixture.Example(t, "thunderbird", "modes"), fixture.Hostile(t, "thunderbird")...))
	check := func() ([]byte, error) {
		cmd := exec.Command("sha256sum", "--strict", "-c", SumsName)
		cmd.Dir = out
		return cmd.CombinedOutput()
	}
	if msg, err := check(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, SumsName))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		_, p, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		listed = append(listed, p)
	}
	// Sorted by path, but for each person's zip, which follows their kit.
	var kitLines []string
	for i, p := range listed {
		if email, ok := strings.CutPrefix(p, "zips/"); ok {
			if !strings.HasPrefix(listed[i-1], "people/"+strings.TrimSuffix(email, ".zip")+"/") {
				t.Errorf("%s does not follow its kit (after %s)", p, listed[i-1])
			}
			continue
		}
		kitLines = append(kitLines, p)
	}
	if !sort.StringsAreSorted(kitLines) {
		t.Error("SHA256SUMS is not sorted by path")
	}
	sort.Strings(listed)
	var files []string
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() != lockName && d.Name() != SumsName && d.Name() != markerName && d.Name() != stateName {
			rel, _ := filepath.Rel(out, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	if strings.Join(files, "\n") != strings.Join(listed, "\n") {
		t.Errorf("SHA256SUMS lists\n%s\nthe tree holds\n%s", strings.Join(listed, "\n"), strings.Join(files, "\n"))
	}
	// Same inputs, same SHA256SUMS.
	out2 := t.TempDir()
	write(t, out2, true, append(fixture.Example(t, "thunderbird", "modes"), fixture.Hostile(t, "thunderbird")...))
	if data2, _ := os.ReadFile(filepath.Join(out2, SumsName)); !bytes.Equal(data, data2) {
		t.Error("two runs wrote different SHA256SUMS")
	}
	// A changed kit file must fail the check.
	victim := filepath.Join(out, "people", "alice@spectrum.net", "README.txt")
	if err := os.WriteFile(victim, []byte("tampered\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := check(); err == nil || !strings.Contains(string(msg), "README.txt: FAILED") {
		t.Errorf("sha256sum -c passed a tampered file: %v\n%s", err, msg)
	}
}

func TestSumLineEscapes(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"a/b.txt", "00  a/b.txt\n"},
		{`a\b`, `\00  a\\b` + "\n"},
		{"a\nb", `\00  a\nb` + "\n"},
	} {
		if got := sumLine("00", tc.path); got != tc.want {
			t.Errorf("sumLine(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestZipReproducible(t *testing.T) {
	accounts := append(fixture.Example(t, "thunderbird", "modes"), fixture.Hostile(t, "modes")...)
	a, b := t.TempDir(), t.TempDir()
	write(t, a, true, accounts)
	write(t, b, true, accounts)
	for _, acc := range accounts {
		name := filepath.Join("zips", acc.Email+".zip")
		za, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		zb, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(za, zb) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	// A second run into the same folder leaves each zip's bytes alone.
	before, _ := os.ReadFile(filepath.Join(a, "zips", accounts[0].Email+".zip"))
	write(t, a, true, accounts)
	after, _ := os.ReadFile(filepath.Join(a, "zips", accounts[0].Email+".zip"))
	if !bytes.Equal(before, after) {
		t.Error("rewriting the same kit changed its zip")
	}
}

// TestZipReaders reads every zip with Python's zipfile and with unzip, and
// checks names and modes; unzip's extraction must restore 0600.
func TestZipReaders(t *testing.T) {
	realtest.Need(t, "python3", "unzip")
	out := t.TempDir()
	accounts := fixture.Example(t, "thunderbird", "modes")[:2]
	write(t, out, true, accounts)
	for _, a := range accounts {
		zipPath := filepath.Join(out, "zips", a.Email+".zip")
		fi, err := os.Stat(zipPath)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s holds a 0600 file but is %o", zipPath, fi.Mode().Perm())
		}
		want := map[string]string{
			a.Email + "/README.html":         "644",
			a.Email + "/README.txt":          "644",
			a.Email + "/modes/public.txt":    "644",
			a.Email + "/modes/script.sh":     "755",
			a.Email + "/modes/secret.conf":   "600",
			a.Email + "/thunderbird/user.js": "644",
		}
		py := `import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    for i in z.infolist():
        assert i.compress_type == zipfile.ZIP_DEFLATED, (i.filename, i.compress_type)
        print(i.filename, oct((i.external_attr >> 16) & 0o777)[2:], i.date_time[0])`
		got, err := exec.Command("python3", "-c", py, zipPath).CombinedOutput()
		if err != nil {
			t.Fatalf("python zipfile: %v\n%s", err, got)
		}
		var lines []string
		for name, mode := range want {
			lines = append(lines, name+" "+mode+" 2000")
		}
		sort.Strings(lines)
		if strings.TrimSpace(string(got)) != strings.Join(lines, "\n") {
			t.Errorf("python zipfile read\n%s\nwant\n%s", got, strings.Join(lines, "\n"))
		}
		list, err := exec.Command("unzip", "-l", zipPath).CombinedOutput()
		if err != nil {
			t.Fatalf("unzip -l: %v\n%s", err, list)
		}
		for name := range want {
			if !strings.Contains(string(list), name) {
				t.Errorf("unzip -l does not list %s:\n%s", name, list)
			}
		}
		dest := t.TempDir()
		if msg, err := exec.Command("unzip", "-q", zipPath, "-d", dest).CombinedOutput(); err != nil {
			t.Fatalf("unzip: %v\n%s", err, msg)
		}
		for name, mode := range want {
			fi, err := os.Stat(filepath.Join(dest, name))
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%o", fi.Mode().Perm()); got != mode {
				t.Errorf("unzip extracted %s as %s, want %s", name, got, mode)
			}
			// Inflated, each file is the kit's file byte for byte.
			got, kitFile := readFile(t, filepath.Join(dest, name)), readFile(t, filepath.Join(out, "people", name))
			if !bytes.Equal(got, kitFile) {
				t.Errorf("%s: the zip's copy differs from the kit's", name)
			}
		}
	}
}

func TestZipModeOpenKit(t *testing.T) {
	out := t.TempDir()
	a := fixture.Example(t, "thunderbird")[0]
	write(t, out, true, []account.Account{a})
	fi, err := os.Stat(filepath.Join(out, "zips", a.Email+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != onDiskPerm(0o644) {
		t.Errorf("a zip of 0644 files is %o, want %o", fi.Mode().Perm(), onDiskPerm(0o644))
	}
}

// TestIndex parses index.html and follows every link to a file.
func TestIndex(t *testing.T) {
	out := t.TempDir()
	accounts := append(fixture.Example(t, "thunderbird"), fixture.Hostile(t, "thunderbird", "modes")...)
	write(t, out, true, accounts)
	page, err := os.ReadFile(filepath.Join(out, IndexName))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	var links []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "tr":
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		case "a":
			for _, at := range n.Attr {
				if at.Key == "href" {
					links = append(links, at.Val)
				}
			}
		case "script", "img", "link", "iframe":
			t.Errorf("index.html has a <%s>", n.Data)
		}
	})
	if len(rows) != len(accounts)+1 {
		t.Fatalf("index.html has %d table rows, want a header and %d people", len(rows), len(accounts))
	}
	if h := strings.Join(rows[0], "|"); h != "Name|Address|Thunderbird|modes|Kit" {
		t.Errorf("header row = %q", h)
	}
	for i, a := range accounts {
		r := rows[i+1]
		wantModes := ""
		if len(a.Clients) > 1 {
			wantModes = "✓"
		}
		if r[0] != a.Name || r[1] != a.Email || r[2] != "✓" || r[3] != wantModes || r[4] != "instructions · zip" {
			t.Errorf("row %d = %q, want %s %s", i+1, r, a.Name, a.Email)
		}
	}
	for _, l := range links {
		u, err := url.Parse(l)
		if err != nil || u.Scheme != "" || u.Host != "" {
			t.Errorf("link %q is not relative", l)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(u.Path))); err != nil {
			t.Errorf("link %q: %v", l, err)
		}
	}
	if len(links) < 2*len(accounts)+3 {
		t.Errorf("only %d links", len(links))
	}
	if !bytes.Contains(page, []byte(`<span id="people">`+fmt.Sprint(len(accounts))+`</span>`)) {
		t.Error("index.html does not give the number of people")
	}
	if !strings.Contains(text(doc), accounts[0].Organization) {
		t.Error("index.html does not name the organization")
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

// pathGen returns the paths it is given, for own and shared files.
type pathGen struct{ own, shared string }

func (pathGen) Name() string     { return "paths" }
func (pathGen) Describe() string { return "test generator" }
func (g pathGen) Generate(account.Account) ([]generators.File, error) {
	return []generators.File{{Path: g.own, Data: []byte("x")}}, nil
}
func (g pathGen) Shared(account.Account) ([]generators.File, error) {
	return []generators.File{{Path: g.shared, Data: []byte("y")}}, nil
}

// TestGeneratedPathsStayInside: a generator's path that would leave the
// kit or server/ stops the run with the output untouched.
func TestGeneratedPathsStayInside(t *testing.T) {
	for _, tc := range []struct{ own, shared, want string }{
		{"../escape", "ok/a.xml", `"../escape" leaves its folder`},
		{"ok/a.conf", "../../etc/x", `"../../etc/x" leaves server/`},
		{"/abs", "ok/a.xml", `"/abs" leaves its folder`},
	} {
		out := filepath.Join(t.TempDir(), "out")
		accounts := []account.Account{{Email: "p@spectrum.net", Clients: []string{"paths"}}}
		_, err := Write(context.Background(), Options{Out: out, Generators: map[string]generators.Generator{"paths": pathGen{tc.own, tc.shared}}}, accounts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("own %q, shared %q: error %v, want one saying %s", tc.own, tc.shared, err, tc.want)
		}
		if _, serr := os.Stat(filepath.Join(out, "people", "p@spectrum.net")); serr == nil {
			t.Errorf("own %q, shared %q: a kit was written", tc.own, tc.shared)
		}
	}
}
