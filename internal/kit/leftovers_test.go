package kit

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestIsLeftover(t *testing.T) {
	for name, want := range map[string]bool{
		".tmp-a@spectrum.net-0123456789ab":     true,
		".tmp-index.html-deadbeef0123":         true,
		".tmp-sums-123456789":                  true,
		".tmp-.spectrumgen-state-0123456789ab": true,
		".tmp-a@spectrum.net.zip-0123456789ab": true,
		".tmp-notes":                           false,
		".tmp-notes-2024":                      false,
		".tmp-x-0123456789AB":                  false, // upper case: not ours
		".tmp--0123456789ab":                   false,
		".tmp-sums-":                           false,
		"tmp-a-0123456789ab":                   false,
		"README.txt":                           false,
	} {
		if got := isLeftover(name); got != want {
			t.Errorf("isLeftover(%q) = %v, want %v", name, got, want)
		}
	}
}

// A killed run's temporary files go; someone's file with a similar name
// stays.
func TestLeftoversCleared(t *testing.T) {
	out := t.TempDir()
	if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1)); err != nil {
		t.Fatal(err)
	}
	ours := []string{"people/.tmp-p00@spectrum.net-0123456789ab/fake/a.conf", ".tmp-SHA256SUMS-0123456789ab",
		"zips/.tmp-p00@spectrum.net.zip-0123456789ab", "server/shared/.tmp-spectrum.net.xml-0123456789ab", ".tmp-sums-42"}
	theirs := []string{"people/.tmp-notes", ".tmp-mine", "server/shared/.tmp-draft"}
	for _, p := range append(append([]string{}, ours...), theirs...) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(out, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1)); err != nil {
		t.Fatal(err)
	}
	for _, p := range ours {
		if _, err := os.Lstat(filepath.Join(out, p)); !os.IsNotExist(err) {
			t.Errorf("leftover %s kept: %v", p, err)
		}
	}
	for _, p := range theirs {
		if data, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(data) != "x" {
			t.Errorf("someone's %s: %q, %v", p, data, err)
		}
	}
}
