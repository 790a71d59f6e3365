package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLeftOut: one person's client that cannot be written (a name
// Windows-1252 cannot hold, with Outlook) does not stop a bulk run: every
// other kit is written, the left-out client is named with its person and
// reason, and the run exits 3. With --strict nothing is written (exit 1).
func TestLeftOut(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "staff.csv")
	if err := os.WriteFile(csv, []byte("email,name,clients\n"+
		"alice@spectrum.net,Alice,thunderbird outlook\n"+
		"taro@spectrum.net,山田太郎,thunderbird outlook\n"+
		"hana@spectrum.net,花子,outlook\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "kits")
	var errb bytes.Buffer
	err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: csv}, Out: out, Quiet: true},
		&IO{Out: &bytes.Buffer{}, Err: &errb})
	if ExitCode(err) != 3 {
		t.Fatalf("exit %d (%v), want 3", ExitCode(err), err)
	}
	for _, want := range []string{
		`warning: ` + csv + `:3:19: left out taro@spectrum.net's outlook kit: outlook: the display name "山田太郎"`,
		`warning: ` + csv + `:4:19: left out hana@spectrum.net's outlook kit (no other client: no kit for this person): outlook: the display name "花子"`,
	} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	if want := "left out 2 client kits of 2 people"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
	for path, want := range map[string]bool{
		"people/alice@spectrum.net/outlook/spectrum.prf": true,
		"people/taro@spectrum.net/thunderbird/user.js":   true,
		"people/taro@spectrum.net/outlook":               false,
		"people/hana@spectrum.net":                       false,
	} {
		if _, err := os.Stat(filepath.Join(out, path)); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", path, err == nil, want)
		}
	}

	strictOut := filepath.Join(dir, "strict")
	err = Generate(context.Background(), GenerateOptions{Input: Input{Manifest: csv, Strict: true}, Out: strictOut, Quiet: true},
		&IO{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "row 3, column name: outlook: the display name") {
		t.Errorf("--strict: exit %d, %v", ExitCode(err), err)
	}
	if _, err := os.Stat(strictOut); err == nil {
		t.Error("--strict wrote kits")
	}
}
