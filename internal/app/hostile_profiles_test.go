package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

// TestHostileProfiles runs every profiles file in testdata/hostile-profiles
// through `spectrumgen profiles --profiles FILE` and through a whole
// generate run with it. Each one named ok-* must load, print no control
// byte and generate every client; every other one must fail both commands
// with exactly the errors in its .want file (rewrite them with -update and
// read the diff), and the run must write nothing at all.
func TestHostileProfiles(t *testing.T) {
	dir := filepath.Join(fixture.Root(), "testdata", "hostile-profiles")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) < 30 {
		t.Fatalf("want at least 30 hostile profiles files, found %d (%v)", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			s := &IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}
			listErr := Profiles([]string{file}, false, s)
			out := filepath.Join(t.TempDir(), "kits")
			genErr := Generate(context.Background(), GenerateOptions{
				Input: Input{Manifest: fixture.ExamplePath(), ProfilesFiles: []string{file}, Clients: []string{"all"}},
				Out:   out,
				Quiet: true,
			}, s)
			if strings.HasPrefix(name, "ok-") {
				if listErr != nil || genErr != nil {
					t.Fatalf("a valid profiles file failed: %v / %v", listErr, genErr)
				}
				if i := bytes.IndexFunc(stdout.Bytes(), func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 }); i >= 0 {
					t.Errorf("the profiles list holds a control byte at %d: %q", i, stdout.Bytes())
				}
				return
			}
			if listErr == nil || genErr == nil {
				t.Fatalf("accepted: profiles %v, generate %v", listErr, genErr)
			}
			for _, err := range []error{listErr, genErr} {
				if code := ExitCode(err); code != 1 {
					t.Errorf("exit code %d, want 1", code)
				}
			}
			if _, statErr := os.Stat(out); statErr == nil {
				t.Errorf("an invalid profiles file let the run create the output folder")
			}
			msg := strings.ReplaceAll(FormatError(listErr), dir+string(filepath.Separator), "")
			if gen := strings.ReplaceAll(FormatError(genErr), dir+string(filepath.Separator), ""); gen != msg {
				t.Errorf("generate reports\n%s\nbut profiles reports\n%s", gen, msg)
			}
			// One line per error and no control byte: input cannot fake
			// a line of the report or reach the terminal.
			lines := strings.Split(msg, "\n")
			var n int
			if _, err := fmt.Sscanf(lines[len(lines)-1], "%d error", &n); err != nil || n != len(lines)-1 {
				t.Errorf("%d lines for %q errors:\n%s", len(lines)-1, lines[len(lines)-1], msg)
			}
			if strings.ContainsAny(msg, "\x1b\x07\r\x00\u009b\u202e") {
				t.Errorf("the error message carries a control character: %q", msg)
			}
			golden.Assert(t, filepath.Join(dir, name+".want"), []byte(msg+"\n"))
		})
	}
}
