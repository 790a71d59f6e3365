package outlook

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
)

// regText encodes lines joined by CRLF as a .reg file.
func regText(lines ...string) []byte { return utf16LE(strings.Join(lines, "\r\n") + "\r\n") }

func TestReadRegAcceptsEveryValueSyntax(t *testing.T) {
	data := regText(regHeader, "", "; comment",
		`[HKEY_CURRENT_USER\Software\A B\C]`,
		`"s"="C:\\x \"y\" ;#[z]"`,
		`@="default"`,
		`"d"=dword:000003e1`,
		`"h"=hex:01,02,\`,
		`  03,ff`,
		`"e"=hex(2):43,00,3a,00,00,00`,
		`"gone"=-`,
		"",
		`[-HKEY_CURRENT_USER\Software\Old]`,
		"")
	keys, err := readReg(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0].Path != `HKEY_CURRENT_USER\Software\A B\C` || !keys[1].Delete || keys[1].Path != `HKEY_CURRENT_USER\Software\Old` {
		t.Fatalf("keys = %+v", keys)
	}
	k := keys[0]
	checks := []struct {
		name string
		ok   func(readValue) bool
	}{
		{"s", func(v readValue) bool { return v.Kind == "sz" && v.Text == `C:\x "y" ;#[z]` }},
		{"", func(v readValue) bool { return v.Kind == "sz" && v.Text == "default" }},
		{"d", func(v readValue) bool { return v.Kind == "dword" && v.Dword == 0x3e1 }},
		{"h", func(v readValue) bool {
			return v.Kind == "hex" && v.HexTyp == -1 && bytes.Equal(v.Bytes, []byte{1, 2, 3, 0xff})
		}},
		{"e", func(v readValue) bool {
			s, err := utf16String(v.Bytes)
			return v.HexTyp == 2 && err == nil && s == "C:"
		}},
		{"gone", func(v readValue) bool { return v.Kind == "delete" }},
	}
	for _, c := range checks {
		v, ok := k.value(c.name)
		if !ok || !c.ok(v) {
			t.Errorf("value %q = %+v (found %v)", c.name, v, ok)
		}
	}
}

func TestReadRegRejects(t *testing.T) {
	good := []string{regHeader, "", `[HKEY_CURRENT_USER\Software\A]`, `"a"="b"`, ""}
	with := func(i int, line string) []byte {
		l := append([]string(nil), good...)
		l[i] = line
		return regText(l...)
	}
	cases := map[string][]byte{
		"no BOM":             []byte(strings.Join(good, "\r\n") + "\r\n")[0:],
		"UTF-8 BOM":          append([]byte{0xef, 0xbb, 0xbf}, []byte(strings.Join(good, "\r\n"))...),
		"LF line ends":       utf16LE(strings.Join(good, "\n") + "\n"),
		"odd byte":           append(regText(good...), 0),
		"old header":         with(0, "REGEDIT4"),
		"no blank line":      with(1, "; x"),
		"unknown escape":     with(3, `"a"="b\n"`),
		"unclosed string":    with(3, `"a"="b`),
		"text after string":  with(3, `"a"="b" x`),
		"short dword":        with(3, `"a"=dword:1`),
		"dword with 0x":      with(3, `"a"=dword:0x000001`),
		"bad hex":            with(3, `"a"=hex:1,02`),
		"hex no indent":      regText(regHeader, "", `[HKEY_CURRENT_USER\A]`, `"a"=hex:01,\`, `02`, ""),
		"value outside key":  regText(regHeader, "", `"a"="b"`, ""),
		"no = after name":    with(3, `"a" "b"`),
		"garbage line":       with(3, `a=b`),
		"bad key path":       with(2, `[Software\A]`),
		"duplicate value":    regText(regHeader, "", `[HKEY_CURRENT_USER\A]`, `"a"="b"`, `"A"="c"`, ""),
		"unpaired surrogate": append(regText(good...), 0x00, 0xd8),
	}
	for name, data := range cases {
		if keys, err := readReg(data); err == nil {
			t.Errorf("%s: accepted: %+v", name, keys)
		}
	}
}

func TestRegQuote(t *testing.T) {
	for in, want := range map[string]string{
		``:               `""`,
		`C:\a`:           `"C:\\a"`,
		`say "hi"`:       `"say \"hi\""`,
		`trailing \`:     `"trailing \\"`,
		`Zoë 山田 😀 ;#[]=`: `"Zoë 山田 😀 ;#[]="`,
	} {
		got, err := regQuote(in)
		if err != nil || got != want {
			t.Errorf("regQuote(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"a\nb", "a\r", "\x00", "a\tb", "\xff", "a\u2028"} {
		if got, err := regQuote(in); err == nil {
			t.Errorf("regQuote(%q) = %q, want an error", in, got)
		}
	}
}

// outlookValues reads the Setup and AutoDiscover keys of a generated .reg.
func outlookValues(t testing.TB, a account.Account, data []byte) (setup, auto readKey) {
	t.Helper()
	keys, err := readReg(data)
	if err != nil {
		t.Fatalf("reading the generated .reg: %v", err)
	}
	base := `HKEY_CURRENT_USER\Software\Microsoft\Office\` + a.Options.OfficeVersion + `\Outlook`
	if len(keys) != 2 || keys[0].Path != base+`\Setup` || keys[1].Path != base+`\AutoDiscover` {
		t.Fatalf("keys = %+v", keys)
	}
	return keys[0], keys[1]
}

// checkReg checks every value of a generated .reg against the account.
func checkReg(t testing.TB, a account.Account, data []byte) {
	t.Helper()
	setup, auto := outlookValues(t, a, data)
	want := map[string]readValue{
		"ImportPRF": {Kind: "sz", Text: a.Options.OutlookFolder + `\spectrum.prf`},
		"FirstRun":  {Kind: "delete"},
		"First-Run": {Kind: "delete"},
	}
	wantAuto := map[string]readValue{
		a.Domain():       {Kind: "sz", Text: a.Options.OutlookFolder + `\autodiscover.xml`},
		"PreferLocalXML": {Kind: "dword", Dword: 1},
	}
	for _, c := range []struct {
		k    readKey
		want map[string]readValue
	}{{setup, want}, {auto, wantAuto}} {
		if len(c.k.Values) != len(c.want) {
			t.Errorf("%s has %d values, want %d: %+v", c.k.Path, len(c.k.Values), len(c.want), c.k.Values)
		}
		for name, w := range c.want {
			got, ok := c.k.value(name)
			if !ok || got.Kind != w.Kind || got.Text != w.Text || got.Dword != w.Dword {
				t.Errorf("%s: %q = %+v (found %v), want %+v", c.k.Path, name, got, ok, w)
			}
		}
	}
}

func TestRegForEveryAccount(t *testing.T) {
	accounts := append(fixture.Example(t, "outlook"), fixture.Hostile(t, "outlook")...)
	for _, a := range accounts {
		for _, folder := range []string{manifest.DefaultOutlookFolder, hostileFolder} {
			a.Options.OutlookFolder = folder
			data, err := Reg(a)
			if err != nil {
				t.Fatalf("%s: %v", a.Email, err)
			}
			checkReg(t, a, data)
		}
	}
}

// hostileFolder holds every character the folder check lets through that
// means something to cmd.exe, INI readers or .reg files.
const hostileFolder = `C:\IT Setup (2024)\Spectrum Mail; Kit #1 =x, 'y' [z] {w} $HOME +@~`

func FuzzReg(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, manifest.DefaultOutlookFolder)
	}
	f.Add(`a"b\`, hostileFolder)
	f.Add("x", `C:\a\\b`)
	f.Add("x", `C:\a%b`)
	f.Add("x\r\ny", `C:\a\`)
	base := fixture.Hostile(f, "outlook")[0]
	f.Fuzz(func(t *testing.T, text, folder string) {
		// Any text through the one escaping function, as a value's data
		// and as its name, reads back unchanged, or is refused for a reason.
		rf := regFile{Comments: []string{"fuzz"}, Keys: []regKey{{Path: `HKEY_CURRENT_USER\Software\spectrumgen-fuzz`, Values: []regValue{
			{Name: "v", Kind: regSZ, Text: text},
			{Name: text + "!", Kind: regDword, Dword: 7},
		}}}}
		data, err := rf.Bytes()
		if err != nil {
			if utf8.ValidString(text) && !strings.ContainsFunc(text, func(r rune) bool {
				return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029
			}) {
				t.Fatalf("refused %q: %v", text, err)
			}
		} else {
			keys, err := readReg(data)
			if err != nil {
				t.Fatalf("the reader refuses what the writer wrote for %q: %v", text, err)
			}
			v, _ := keys[0].value("v")
			d, ok := keys[0].value(text + "!")
			if v.Text != text || !ok || d.Dword != 7 {
				t.Fatalf("wrote %q, read back %+v and %+v", text, v, d)
			}
		}

		// A folder either fails validation and generation, or makes a .reg
		// whose paths read back exactly.
		a := base
		a.Name = text
		a.Options.OutlookFolder = folder
		files, err := Generator{}.Generate(a)
		if why := account.CheckWindowsFolder(folder); why != "" {
			if err == nil {
				t.Fatalf("folder %q is invalid (%s) but Generate accepted it", folder, why)
			}
			return
		}
		if err != nil {
			if strings.Contains(err.Error(), "outlook_folder") {
				t.Fatalf("valid folder %q refused: %v", folder, err)
			}
			return // the name was refused for the PRF; FuzzPRF covers that
		}
		for _, file := range files {
			if file.Path == "outlook/spectrum.reg" {
				checkReg(t, a, file.Data)
			}
		}
	})
}
