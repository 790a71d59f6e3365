package app

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// listFiles returns every regular file under dir, slash-separated.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// TestOutlookOneAccount is `spectrumgen --client outlook --email a@spectrum.net --out x`.
func TestOutlookOneAccount(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := Generate(context.Background(), GenerateOptions{
		Input: Input{Email: "a@spectrum.net", Clients: []string{"outlook"}},
		Out:   out,
	}, &IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr})
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	want := []string{
		".spectrumgen",
		".spectrumgen-state",
		".spectrumgen.lock",
		"SHA256SUMS",
		"index.html",
		"people/a@spectrum.net/README.html",
		"people/a@spectrum.net/README.txt",
		"people/a@spectrum.net/outlook/autodiscover.xml",
		"people/a@spectrum.net/outlook/install.cmd",
		"people/a@spectrum.net/outlook/spectrum.prf",
		"people/a@spectrum.net/outlook/spectrum.reg",
		"server/README.txt",
		"server/autodiscover/spectrum.net/autodiscover.xml",
	}
	if got := listFiles(t, out); !reflect.DeepEqual(got, want) {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOutlookExample checks that the example's front desk gets Outlook.
func TestOutlookExample(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: fixture.ExamplePath()}, Out: out},
		&IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr})
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	files := strings.Join(listFiles(t, out), "\n")
	for _, want := range []string{"people/front-desk@spectrum.net/outlook/spectrum.reg", "people/it+admin@spectrum.net/outlook/spectrum.prf", "server/autodiscover/spectrum.net/autodiscover.xml"} {
		if !strings.Contains(files, want+"\n") && !strings.HasSuffix(files, want) {
			t.Errorf("no %s in:\n%s", want, files)
		}
	}
	if strings.Contains(files, "people/alice@spectrum.net/outlook/") {
		t.Errorf("alice's clients do not include outlook, yet her kit has Outlook files")
	}
}
