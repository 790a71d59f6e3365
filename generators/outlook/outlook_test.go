package outlook

import (
	"bytes"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

// goldenFiles compares every file of every account with testdata/<set>/,
// or the generation error with error.txt.
func goldenFiles(t *testing.T, set string, accounts []account.Account) {
	for _, a := range accounts {
		dir := path.Join("testdata", set, a.Email)
		files, err := Generator{}.Generate(a)
		if err != nil {
			golden.Assert(t, path.Join(dir, "error.txt"), []byte(err.Error()+"\n"))
			continue
		}
		again, _ := Generator{}.Generate(a)
		if !reflect.DeepEqual(files, again) {
			t.Errorf("%s: two runs differ: the generator is not pure", a.Email)
		}
		shared, err := Generator{}.Shared(a)
		if err != nil {
			t.Fatal(err)
		}
		for i := range shared {
			shared[i].Path = "server/" + shared[i].Path
		}
		var paths []string
		for _, f := range append(files, shared...) {
			p := f.Path
			paths = append(paths, p)
			golden.Assert(t, path.Join(dir, p), f.Data)
			switch f.Path {
			case "outlook/spectrum.prf":
				checkPRF(t, a, f.Data)
			case "outlook/spectrum.reg":
				checkReg(t, a, f.Data)
			case "outlook/autodiscover.xml":
				checkAutodiscover(t, a, f.Data, true)
			case "outlook/install.cmd":
				checkInstallCmd(t, a, f.Data)
			default:
				checkAutodiscover(t, a, f.Data, false)
			}
		}
		want := []string{"outlook/spectrum.prf", "outlook/autodiscover.xml", "outlook/spectrum.reg", "outlook/install.cmd",
			"server/autodiscover/" + a.Domain() + "/autodiscover.xml"}
		if !reflect.DeepEqual(paths, want) {
			t.Errorf("%s: files %v, want %v", a.Email, paths, want)
		}
	}
}

func TestGoldenExample(t *testing.T) { goldenFiles(t, "example", fixture.Example(t, "outlook")) }

func TestGoldenHostile(t *testing.T) {
	accounts := fixture.Hostile(t, "outlook")
	for i := range accounts {
		if i%2 == 1 {
			accounts[i].Options.OutlookFolder = hostileFolder
			accounts[i].Options.OfficeVersion = "15.0"
		}
	}
	goldenFiles(t, "hostile", accounts)
}

func checkInstallCmd(t testing.TB, a account.Account, data []byte) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) || !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("install.cmd: lines do not all end with CRLF")
	}
	for _, b := range data {
		if b > 0x7e || b < 0x20 && b != '\r' && b != '\n' {
			t.Fatalf("install.cmd: byte %#x is not printable ASCII", b)
		}
	}
	for _, want := range []string{
		`set "DEST=` + a.Options.OutlookFolder + `"`,
		`set "KEY=HKCU\Software\Microsoft\Office\` + a.Options.OfficeVersion + `\Outlook"`,
		`reg import "%DEST%\spectrum.reg"`,
	} {
		if !bytes.Contains(data, []byte(want+"\r\n")) {
			t.Errorf("install.cmd lacks the line %s", want)
		}
	}
	// Every use of a path variable is inside double quotes.
	for i, l := range strings.Split(string(data), "\r\n") {
		if strings.HasPrefix(l, "rem ") {
			continue
		}
		quoted := false
		for j := 0; j < len(l); j++ {
			if l[j] == '"' {
				quoted = !quoted
			}
			if !quoted && (strings.HasPrefix(l[j:], "%DEST%") || strings.HasPrefix(l[j:], "%SRC%")) {
				t.Errorf("install.cmd line %d: a path variable outside double quotes: %s", i+1, l)
			}
		}
	}
}
