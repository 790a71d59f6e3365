package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

// TestHostileManifests runs every manifest in testdata/hostile through the
// whole generate command. Each one named ok-* must generate; every other one
// must fail with exactly the errors in its .want file (rewrite them with
// -update and read the diff) and must write nothing at all.
func TestHostileManifests(t *testing.T) {
	dir := filepath.Join(fixture.Root(), "testdata", "hostile")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) < 60 {
		t.Fatalf("want at least 60 hostile manifests, found %d (%v)", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "kits")
			var stderr bytes.Buffer
			s := &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr}
			err := Generate(context.Background(), GenerateOptions{
				Input: Input{Manifest: file, Strict: true}, // every problem an error (TestLeftOut: without --strict)
				Out:   out,
				Quiet: true,
			}, s)
			if strings.HasPrefix(name, "ok-") {
				if err != nil {
					t.Fatalf("a valid manifest failed: %v", err)
				}
				if _, err := os.Stat(filepath.Join(out, "people")); err != nil {
					t.Errorf("no kits written: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if code := ExitCode(err); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if _, statErr := os.Stat(out); statErr == nil {
				t.Errorf("an invalid manifest created the output folder")
			}
			msg := strings.ReplaceAll(FormatError(err), dir+string(filepath.Separator), "")
			golden.Assert(t, filepath.Join(dir, name+".want"), []byte(msg+"\n"))
		})
	}
}

// A 50 MB manifest is refused as too large before it is parsed, and one
// just under the limit but not YAML is refused as such, quickly.
func TestHugeManifest(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.yaml")
	data := bytes.Repeat([]byte("# padding padding padding padding padding padding\n"), 70<<20/50)
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s := &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	err := Validate(context.Background(), Input{Manifest: big}, s)
	if err == nil || !strings.Contains(err.Error(), "larger than the 64 MB limit") {
		t.Errorf("70 MB manifest: %v", err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.yaml")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("{[:"), 50<<20/3), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Validate(context.Background(), Input{Manifest: garbage}, s)
	if err == nil || !strings.Contains(err.Error(), "not valid YAML") {
		t.Errorf("50 MB of garbage: %v", err)
	}
}
