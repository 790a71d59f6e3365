package wine

import (
	"reflect"
	"runtime"
	"testing"
)

// The output of Wine 8.0's `reg query ... /s`, as captured on Debian 12.
const sampleQuery = "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover\r\n" +
	"    H    REG_BINARY    010203\r\n" +
	"    PreferLocalXML    REG_DWORD    0x1\r\n" +
	"    spectrum.net    REG_SZ    C:\\x \"q\" ;#\\autodiscover.xml\r\n" +
	"    (Default)    REG_SZ    a    b\r\n" +
	"\r\n" +
	"HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Setup\r\n" +
	"    ImportPRF    REG_SZ    C:\\Spectrum Mail\\spectrum.prf\r\n\r\n"

func TestParseQuery(t *testing.T) {
	got, err := ParseQuery(sampleQuery)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]Value{
		`HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Outlook\AutoDiscover`: {
			"H":              {"REG_BINARY", "010203"},
			"PreferLocalXML": {"REG_DWORD", "0x1"},
			"spectrum.net":   {"REG_SZ", `C:\x "q" ;#\autodiscover.xml`},
			"":               {"REG_SZ", "a    b"},
		},
		`HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Outlook\Setup`: {
			"ImportPRF": {"REG_SZ", `C:\Spectrum Mail\spectrum.prf`},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	for _, bad := range []string{"    a    REG_SZ    b\r\n", "HKEY_X\r\n    no type here\r\n", "garbage\r\n"} {
		if _, err := ParseQuery(bad); err == nil {
			t.Errorf("ParseQuery(%q) accepted it", bad)
		}
	}
}

func TestPrefixC(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("maps a Windows path into a Wine prefix on Linux: Linux only")
	}
	p := &Prefix{Dir: "/tmp/pfx"}
	if got := p.C(`C:\IT Setup (2024)\a b`); got != "/tmp/pfx/drive_c/IT Setup (2024)/a b" {
		t.Errorf("C = %q", got)
	}
}
