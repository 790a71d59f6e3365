package evolution

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// TestGLibReadsFiles has GLib's own key-file parser (through Python's GI
// bindings) read every generated file, and GLib's writer escape a set of
// hostile values, which escapeValue must match byte for byte.
func TestGLibReadsFiles(t *testing.T) {
	py := realtest.Need(t, "/usr/bin/python3")[0]
	all := accounts(t)
	var req struct {
		Files  []string `json:"files"`
		Values []string `json:"values"`
	}
	var made [][]generators.File
	for _, a := range all {
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, files)
		for _, f := range files {
			req.Files = append(req.Files, string(f.Data))
		}
	}
	req.Values = append(req.Values, fixture.HostileNames...)
	req.Values = append(req.Values, " a", "  b ", "\tc", " \t d", `\ e`, "f\\", "g\nh", "\n i", "j\r\n", `\s`, "#k", "[l]", "m=n", "o;p,q")
	in, _ := json.Marshal(req)
	cmd := exec.Command(py, "testdata/glib-keyfile.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 GLib: %v\n%s", err, stderr.String())
	}
	var got struct {
		Files   []map[string]map[string]string `json:"files"`
		Escaped []string                       `json:"escaped"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	i := 0
	for n, a := range all {
		checkFiles(t, a, made[n], func(string) (map[string]map[string]string, error) {
			i++
			return got.Files[i-1], nil
		})
	}
	for k, v := range req.Values {
		if mine := escapeValue(v); mine != got.Escaped[k] {
			t.Errorf("escapeValue(%q) = %q, GLib writes %q", v, mine, got.Escaped[k])
		}
	}
	t.Logf("GLib read %d files and escaped %d values as escapeValue does", len(req.Files), len(req.Values))
}
