package outlook

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/wine"
)

// TestWine imports the generated files with Wine's own reg.exe and cmd.exe
// (a real implementation of the Windows registry and of batch files) and
// reads back everything. Wine skips a malformed .reg line without a word,
// so every value the file declares is compared with what Wine holds, in
// both directions.
func TestWine(t *testing.T) {
	start := time.Now()
	p := wine.New(t)
	t.Logf("wine prefix created in %v", p.Boot.Round(time.Millisecond))
	t.Cleanup(func() { t.Logf("wine test took %v in all", time.Since(start).Round(time.Millisecond)) })

	t.Run("reg import", func(t *testing.T) {
		a := fixture.Example(t, "outlook")[0]
		a.Options.OutlookFolder = hostileFolder
		data, err := Reg(a)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		write(t, filepath.Join(dir, "spectrum.reg"), data)
		setup := `HKCU\Software\Microsoft\Office\16.0\Outlook\Setup`
		// Values the import must delete: made first, and seen, so the
		// check that they are gone can fail.
		run(t, p, dir, "reg", "add", setup, "/v", "FirstRun", "/t", "REG_DWORD", "/d", "1", "/f")
		run(t, p, dir, "reg", "add", setup, "/v", "First-Run", "/t", "REG_SZ", "/d", "x", "/f")
		before := query(t, p, `HKCU\Software\Microsoft\Office\16.0\Outlook`)
		if _, ok := before[`HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Outlook\Setup`]["FirstRun"]; !ok {
			t.Fatalf("FirstRun was not created: %v", before)
		}
		t0 := time.Now()
		run(t, p, dir, "reg", "import", "spectrum.reg")
		t.Logf("reg import took %v", time.Since(t0).Round(time.Millisecond))
		compareWithWine(t, p, data, `HKCU\Software\Microsoft\Office\16.0\Outlook`)
		checkRegAgainstExport(t, p, dir, `HKCU\Software\Microsoft\Office\16.0\Outlook`, data)
	})

	t.Run("hostile strings", func(t *testing.T) {
		// Every hostile name through regQuote, as data and as a value
		// name, read back by Wine's reg export and this package's reader.
		var values []regValue
		for i, n := range append(fixture.HostileNames, `\\server\share\`, `"`, `\"`, "Zoë 山田 😀 \u00a0\u200b") {
			values = append(values, regValue{Name: fmt.Sprintf("v%02d", i), Kind: regSZ, Text: n},
				regValue{Name: n + "#name", Kind: regDword, Dword: uint32(i)})
		}
		key := `HKEY_CURRENT_USER\Software\spectrumgen-test\Escapes`
		data, err := regFile{Keys: []regKey{{Path: key, Values: values}}}.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		write(t, filepath.Join(dir, "escapes.reg"), data)
		run(t, p, dir, "reg", "import", "escapes.reg")
		checkRegAgainstExport(t, p, dir, `HKCU\Software\spectrumgen-test\Escapes`, data)
	})

	t.Run("hex continuation", func(t *testing.T) {
		// Wine's reg export wraps long hex data over lines ending in ",\";
		// the test reader must read it back byte for byte.
		var hexData strings.Builder
		var want []byte
		for i := 0; i < 200; i++ {
			fmt.Fprintf(&hexData, "%02x", byte(i*7))
			want = append(want, byte(i*7))
		}
		key := `HKCU\Software\spectrumgen-test\Hex`
		run(t, p, "", "reg", "add", key, "/v", "blob", "/t", "REG_BINARY", "/d", hexData.String(), "/f")
		run(t, p, "", "reg", "add", key, "/v", "expand", "/t", "REG_EXPAND_SZ", "/d", `%SystemRoot%\x`, "/f")
		dir := t.TempDir()
		run(t, p, dir, "reg", "export", key, "hex.reg", "/y")
		exported := read(t, filepath.Join(dir, "hex.reg"))
		keys, err := readReg(exported)
		if err != nil {
			t.Fatalf("reading Wine's export: %v\n%s", err, exported)
		}
		blob, _ := keys[0].value("blob")
		if !bytes.Equal(blob.Bytes, want) || blob.HexTyp != -1 {
			t.Errorf("blob read back as %x", blob.Bytes)
		}
		expand, _ := keys[0].value("expand")
		if s, err := utf16String(expand.Bytes); err != nil || expand.HexTyp != 2 || s != `%SystemRoot%\x` {
			t.Errorf("expand read back as %+v (%q, %v)", expand, s, err)
		}
		if !bytes.Contains(exported, utf16LE(",\\\r\n  ")[2:]) {
			t.Errorf("Wine's export has no continuation line, so the reader's were not exercised")
		}
	})

	t.Run("install.cmd", func(t *testing.T) {
		a := fixture.Example(t, "outlook")[2] // Zoë Müller
		a.Options.OutlookFolder = hostileFolder
		a.Options.OfficeVersion = "15.0"
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatal(err)
		}
		kit := filepath.Join(t.TempDir(), "kit (1) & more", "outlook")
		for _, f := range files {
			write(t, filepath.Join(kit, filepath.Base(f.Path)), f.Data)
		}
		run(t, p, "", "reg", "add", `HKCU\Software\Microsoft\Office\15.0\Outlook\Setup`, "/v", "FirstRun", "/t", "REG_DWORD", "/d", "1", "/f")
		t0 := time.Now()
		out := run(t, p, kit, "cmd", "/c", "install.cmd", "/nopause")
		t.Logf("install.cmd took %v; it said:\n%s", time.Since(t0).Round(time.Millisecond), out)
		if !strings.Contains(out, "Done. Now:") {
			t.Errorf("install.cmd did not finish")
		}
		dest := p.C(hostileFolder)
		for _, f := range files {
			name := filepath.Base(f.Path)
			if name == "install.cmd" {
				continue
			}
			if got := read(t, filepath.Join(dest, name)); !bytes.Equal(got, f.Data) {
				t.Errorf("%s in %s differs from the kit's", name, dest)
			}
		}
		reg := files[2].Data
		compareWithWine(t, p, reg, `HKCU\Software\Microsoft\Office\15.0\Outlook`)

		// Run again from the folder itself (the kit unpacked there): no
		// copy onto itself, still success.
		write(t, filepath.Join(dest, "install.cmd"), files[3].Data)
		if out := run(t, p, dest, "cmd", "/c", "install.cmd", "/nopause"); !strings.Contains(out, "Done. Now:") {
			t.Errorf("install.cmd run from its destination did not finish:\n%s", out)
		}

		// Without the other files: a clear message and a failure code.
		lone := t.TempDir()
		write(t, filepath.Join(lone, "install.cmd"), files[3].Data)
		out, _, err = p.Run(lone, "cmd", "/c", "install.cmd", "/nopause")
		if err == nil || !strings.Contains(out, "Unpack the whole kit") {
			t.Errorf("install.cmd without the kit: err %v, output:\n%s", err, out)
		}
	})
}

// compareWithWine checks that Wine holds exactly what the .reg declares
// below root: each string and dword with its data, each deleted value gone,
// and nothing else.
func compareWithWine(t *testing.T, p *wine.Prefix, data []byte, root string) {
	t.Helper()
	keys, err := readReg(data)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]wine.Value{}
	deleted := map[string][]string{}
	for _, k := range keys {
		want[k.Path] = map[string]wine.Value{}
		for _, v := range k.Values {
			switch v.Kind {
			case "sz":
				want[k.Path][v.Name] = wine.Value{Type: "REG_SZ", Data: v.Text}
			case "dword":
				want[k.Path][v.Name] = wine.Value{Type: "REG_DWORD", Data: fmt.Sprintf("0x%x", v.Dword)}
			case "delete":
				deleted[k.Path] = append(deleted[k.Path], v.Name)
			default:
				t.Fatalf("the generated .reg has a %s value; extend this check", v.Kind)
			}
		}
	}
	got := query(t, p, root)
	for path, vals := range want {
		for name, w := range vals {
			if g, ok := got[path][name]; !ok || g != w {
				t.Errorf("Wine holds %s\\%s = %+v (present %v), the file declares %+v", path, name, g, ok, w)
			}
		}
		for _, name := range deleted[path] {
			if g, ok := got[path][name]; ok {
				t.Errorf("%s\\%s = %+v is still there: the file deletes it", path, name, g)
			}
		}
	}
	for path, vals := range got {
		for name, g := range vals {
			if _, ok := want[path][name]; !ok {
				t.Errorf("Wine holds %s\\%s = %+v, which the file does not declare", path, name, g)
			}
		}
	}
}

// checkRegAgainstExport exports key with Wine and compares every value of
// the written .reg with the exported one, as read by readReg.
func checkRegAgainstExport(t *testing.T, p *wine.Prefix, dir, key string, written []byte) {
	t.Helper()
	run(t, p, dir, "reg", "export", key, "export.reg", "/y")
	exported := read(t, filepath.Join(dir, "export.reg"))
	got, err := readReg(exported)
	if err != nil {
		t.Fatalf("reading Wine's export: %v", err)
	}
	want, err := readReg(written)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]readKey{}
	for _, k := range got {
		byPath[k.Path] = k
	}
	for _, wk := range want {
		gk := byPath[wk.Path]
		n := 0
		for _, wv := range wk.Values {
			gv, ok := gk.value(wv.Name)
			if wv.Kind == "delete" {
				if ok {
					t.Errorf("export: %s\\%s is still there", wk.Path, wv.Name)
				}
				continue
			}
			n++
			if !ok || gv.Name != wv.Name || gv.Kind != wv.Kind || gv.Text != wv.Text || gv.Dword != wv.Dword {
				t.Errorf("export: %s\\%q = %+v (present %v), written %+v", wk.Path, wv.Name, gv, ok, wv)
			}
		}
		if len(gk.Values) != n {
			t.Errorf("export: %s has %d values, %d written", wk.Path, len(gk.Values), n)
		}
	}
}

func run(t *testing.T, p *wine.Prefix, dir string, args ...string) string {
	t.Helper()
	out, _, err := p.Run(dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func query(t *testing.T, p *wine.Prefix, key string) map[string]map[string]wine.Value {
	t.Helper()
	got, err := p.Query(key)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
