package app

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
)

// secretish matches what would put a password, or a way to get one, into a
// generated file: each client's password settings and the Apple profile's
// password keys.
var secretish = regexp.MustCompile(`(?i)(imap_pass|smtp_pass|passwordeval|passcmd|cred-cmd|<key>(incoming|outgoing)password</key>|^\s*password\s*[=:]|signon\.)`)

// TestNoSecretsWithoutPasswordCommand generates every client for a manifest
// without a password command, with a password in the environment (as for
// verify): no file may hold that password or any password setting, and no
// file needs to be private.
func TestNoSecretsWithoutPasswordCommand(t *testing.T) {
	const password = "S3ntinel-pa55word-x9"
	t.Setenv("SPECTRUMGEN_PASSWORD", password)
	dir := t.TempDir()
	m := filepath.Join(dir, "m.yaml")
	manifest := "version: 1\norganization: Secret Test\ndefaults:\n  clients: [all]\naccounts:\n" +
		"  - email: alice@spectrum.net\n    name: Alice\n  - email: bob@rr.com\n    profile: twc\n"
	if err := os.WriteFile(m, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "kits")
	var stderr bytes.Buffer
	err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: m}, Out: out, Zip: true},
		&IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	walkFiles(t, out, func(rel string, data []byte, mode fs.FileMode) {
		n++
		if bytes.Contains(data, []byte(password)) {
			t.Errorf("%s holds the password", rel)
		}
		if strings.HasSuffix(rel, ".zip") || strings.HasPrefix(filepath.Base(rel), "README") || rel == "index.html" {
			return // zips are checked by the sentinel; instructions talk about passwords
		}
		for _, line := range strings.Split(string(data), "\n") {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
				continue // comments may show how to add a command
			}
			if secretish.MatchString(line) && !strings.Contains(line, "OutgoingPasswordSameAsIncomingPassword") {
				t.Errorf("%s has a password setting without a password command: %q", rel, strings.TrimSpace(line))
			}
		}
	})
	if n < 10 {
		t.Fatalf("only %d files generated", n)
	}
	if strings.Contains(stderr.String(), password) {
		t.Error("the password is in the output")
	}
}

// TestPasswordCommandFilesArePrivate: with a password command, every file
// that holds it is mode 0600 (zips holding such a file too), and the run
// says how many files are private.
func TestPasswordCommandFilesArePrivate(t *testing.T) {
	const cmd = `pass show "spectrum/{email}"`
	dir := t.TempDir()
	m := filepath.Join(dir, "m.yaml")
	manifest := "version: 1\ndefaults:\n  clients: [all]\n  password_command: '" + cmd + "'\naccounts:\n  - email: alice@spectrum.net\n"
	if err := os.WriteFile(m, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "kits")
	var stderr bytes.Buffer
	err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: m}, Out: out, Zip: true},
		&IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	holders := 0
	walkFiles(t, out, func(rel string, data []byte, mode fs.FileMode) {
		if bytes.Contains(data, []byte("spectrum/alice@spectrum.net")) && !strings.HasPrefix(filepath.Base(rel), "README") {
			holders++
			if mode.Perm() != 0o600 && runtime.GOOS != "windows" { // Windows keeps no Unix modes
				t.Errorf("%s holds the password command but is mode %v", rel, mode.Perm())
			}
		}
	})
	wantHolders := 0
	for _, c := range registry.Names() {
		switch c {
		case "mutt", "aerc", "msmtp", "mbsync":
			wantHolders++
		}
	}
	if holders < wantHolders {
		t.Errorf("%d files hold the password command, want at least %d (one per terminal client)", holders, wantHolders)
	}
	said := regexp.MustCompile(`mode 0600: (it holds|they hold) a password command; keep (it|them) private`)
	if runtime.GOOS == "windows" {
		said = regexp.MustCompile(`(hold|holds) or can run a password command: keep the output folder private`)
	}
	if holders > 0 && !said.MatchString(stderr.String()) {
		t.Errorf("the run did not say files are private:\n%s", stderr.String())
	}
}

func walkFiles(t *testing.T, root string, fn func(rel string, data []byte, mode fs.FileMode)) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fn(rel, data, fi.Mode())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
