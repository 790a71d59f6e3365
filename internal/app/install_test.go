package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/install"
)

func homeEnv(t *testing.T) (string, *install.Env) {
	home := t.TempDir()
	return home, &install.Env{GOOS: "linux", Home: home, Getenv: func(string) string { return "" }}
}

// TestInstallFromKit installs what a kit holds, and only what --client
// names; --dry-run and a missing --yes without a terminal write nothing.
func TestInstallFromKit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "kits")
	s, _, _ := testIO()
	err := Generate(context.Background(), GenerateOptions{Input: Input{Email: "kit.person@spectrum.net", Name: "Kit Person",
		Clients: []string{"mutt,msmtp,apple"}}, Out: out, Quiet: true}, s)
	if err != nil {
		t.Fatal(err)
	}
	kitDir := filepath.Join(out, "people", "kit.person@spectrum.net")
	home, env := homeEnv(t)

	s, _, errOut := testIO()
	err = Install(context.Background(), InstallOptions{Kit: kitDir, Env: env}, s)
	var u UsageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("without --yes and without a terminal: %v", err)
	}
	if err := Install(context.Background(), InstallOptions{Kit: kitDir, DryRun: true, Env: env}, s); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Fatalf("a refused or dry run wrote %v", entries)
	}
	if !strings.Contains(errOut.String(), "+ account kit.person@spectrum.net") {
		t.Errorf("the dry run did not show the lines it would add:\n%s", errOut)
	}

	err = Install(context.Background(), InstallOptions{Kit: kitDir, Input: Input{Clients: []string{"msmtp"}}, Yes: true, Env: env}, s)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := os.ReadFile(filepath.Join(home, ".config", "msmtp", "config"))
	if err != nil || !strings.Contains(string(rc), "account kit.person@spectrum.net") {
		t.Fatalf("msmtp config: %q, %v", rc, err)
	}
	if fi, _ := os.Stat(filepath.Join(home, ".config", "msmtp", "config")); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("msmtp config mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "mutt")); err == nil {
		t.Errorf("--client msmtp also installed mutt")
	}
	err = Install(context.Background(), InstallOptions{Kit: kitDir, Input: Input{Clients: []string{"apple"}}, Yes: true, Env: env}, s)
	if !errors.As(err, &u) {
		t.Errorf("--client apple: %v, want a usage error", err)
	}
}

// TestInstallAsksWhichProfile: with two Thunderbird profiles and no
// default, install asks at a terminal (asking again after a wrong answer)
// and installs into the one chosen; without a terminal it lists them and
// names --profile-dir.
func TestInstallAsksWhichProfile(t *testing.T) {
	home, env := homeEnv(t)
	root := filepath.Join(home, ".thunderbird")
	for _, p := range []string{"a.first", "b.second"} {
		if err := os.MkdirAll(filepath.Join(root, p), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	ini := "[Profile0]\nName=first\nIsRelative=1\nPath=a.first\n\n[Profile1]\nName=second\nIsRelative=1\nPath=b.second\n"
	if err := os.WriteFile(filepath.Join(root, "profiles.ini"), []byte(ini), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := InstallOptions{Input: Input{Email: "pick@spectrum.net", Name: "Pick", Clients: []string{"thunderbird"}}, Yes: true, Env: env}

	s, _, _ := testIO()
	if err := Install(context.Background(), opt, s); err == nil || !strings.Contains(err.Error(), "--profile-dir") ||
		!strings.Contains(err.Error(), "b.second") {
		t.Fatalf("without a terminal: %v, want the profiles listed and --profile-dir named", err)
	}

	var errOut strings.Builder
	s = &IO{In: strings.NewReader("7\n2\n"), Out: &strings.Builder{}, Err: &errOut, InTTY: true}
	if err := Install(context.Background(), opt, s); err != nil {
		t.Fatalf("install: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "type a number from 1 to 2; try again") {
		t.Errorf("a wrong answer was not asked again:\n%s", errOut.String())
	}
	if _, err := os.Stat(filepath.Join(root, "b.second", "prefs.js")); err != nil {
		t.Errorf("the chosen profile got no prefs.js: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "a.first", "prefs.js")); err == nil {
		t.Errorf("the other profile was changed")
	}
}
