package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// addressOf returns an address of exactly n bytes (n >= 140).
func addressOf(n int) string {
	s := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", n-64-1-63-1-4) + ".net"
	if len(s) != n {
		panic(len(s))
	}
	return s
}

// Finding 5 of issue 14: an address of 238 bytes passed validation, then
// the kit writer failed mid-run ("file name too long") on the name of its
// temporary folder. Now an address at the limit writes a whole kit, every
// client and its zip included, and one byte more is refused before
// anything is written, with the reason.
func TestAddressAtKitLimit(t *testing.T) {
	longest := longestAddress()
	for _, tt := range []struct {
		email string
		want  string // "" = generates
	}{
		{longest, ""},
		{addressOf(account.MaxEmail + 1), "longer than the 200 bytes a kit can hold (the kit's files and folders are named after it, and a file name holds at most 255 bytes)"},
		{addressOf(238), "the address is 238 bytes long"},
	} {
		email := tt.email
		out := filepath.Join(t.TempDir(), "kits")
		var stderr bytes.Buffer
		err := Generate(context.Background(), GenerateOptions{
			// Every client but the QR code, which holds at most 800 bytes
			// (thunderbird-android refuses a 200-byte address, with the reason).
			Input: Input{Email: email, Name: "Long", PasswordCommand: "pass show {email}", Clients: allBut("thunderbird-android"), Profile: "spectrum"},
			Out:   out, Zip: true, Quiet: true,
		}, &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr})
		if tt.want == "" {
			if err != nil {
				t.Fatalf("%d-byte address: %s", len(email), FormatError(err))
			}
			if _, err := os.Stat(filepath.Join(out, "people", email, "apple", email+".mobileconfig")); err != nil {
				t.Errorf("%d-byte address: %v", len(email), err)
			}
			continue
		}
		// --email is typed on the command line: a wrong one is a usage error.
		if err == nil || !strings.Contains(FormatError(err), tt.want) || ExitCode(err) != 2 {
			t.Errorf("%d-byte address: %v, want %q", len(email), err, tt.want)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Errorf("%d-byte address: the refused run created the output folder", len(email))
		}
	}
}

// Finding 4 of issue 14: with password_command "gpg --decrypt {local}",
// the address -version@spectrum.net made the command gpg --decrypt
// --version. An address whose local part starts with - is refused, on the
// command line and in a manifest (testdata/hostile/
// address-local-starts-with-dash.yaml).
func TestAddressStartingWithDash(t *testing.T) {
	for _, email := range []string{"-version@spectrum.net", "--help@spectrum.net", "-@spectrum.net"} {
		out := filepath.Join(t.TempDir(), "kits")
		err := Generate(context.Background(), GenerateOptions{
			Input: Input{Email: email, PasswordCommand: "gpg --decrypt {local}"}, Out: out, Quiet: true,
		}, &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
		if err == nil || !strings.Contains(err.Error(), "starts with -, which a password command would read as an option") {
			t.Errorf("%s: %v", email, err)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Errorf("%s: the refused run created the output folder", email)
		}
	}
}

// Finding 6 of issue 14: `spectrumgen profiles` printed a profile's
// source with its terminal escapes. Such a file is refused now
// (testdata/hostile-profiles/source-*.yaml), and no error or list printed
// from any input holds a control byte: here a manifest whose name, key and
// organization carry escape sequences, through the error printer.
func TestNoControlBytesReachTheTerminal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a Windows file name cannot hold the escape this test names its manifest with")
	}
	manifest := filepath.Join(t.TempDir(), "m\x1b[2J.yaml")
	data := "version: 1\norganization: \"Acme\\e]0;title\\a\"\naccounts:\n  - email: alice@spectrum.net\n    name: \"\\e[2JAlice\\u202e\"\n    \"\\e[31mkey\": x\n"
	if err := os.WriteFile(manifest, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Validate(context.Background(), Input{Manifest: manifest}, &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	if err == nil {
		t.Fatal("accepted")
	}
	msg := FormatError(err)
	if strings.ContainsAny(msg, "\x1b\x07\u202e\r") {
		t.Errorf("control bytes reach the terminal: %q", msg)
	}
	for _, want := range []string{`m\x1b[2J.yaml:2:15: organization:`, "m\\x1b[2J.yaml:5:11: accounts[0].name: the name contains the control character U+001B", `accounts[0].\x1b[31mkey: unknown key`} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in\n%s", want, msg)
		}
	}
}

// A CSV manifest's cells pass the same checks as YAML's, with their
// row and column.
func TestCSVCellsAreChecked(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "people.csv")
	data := "email,name,password_command\n" +
		"-version@spectrum.net,Alice,gpg --decrypt {local}\n" +
		"bob@spectrum.net,\"Bob\x1b[2J\",\n" +
		longestAddress() + ",Carol,pass show {email}/{email}/{email}\n"
	if err := os.WriteFile(csv, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Validate(context.Background(), Input{Manifest: csv, Profile: "spectrum"}, &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	msg := strings.ReplaceAll(FormatError(err), filepath.Dir(csv)+string(filepath.Separator), "")
	for _, want := range []string{
		`people.csv:2:1: row 2, column email: "-version@spectrum.net": the part before the @ starts with -`,
		`people.csv:3:18: row 3, column name: the name contains the control character U+001B`,
		`people.csv:4:1: row 4, column password_command: the command is 612 bytes long, longer than the 400 bytes allowed`,
		"3 errors",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "\x1b") {
		t.Errorf("an escape byte reaches the terminal: %q", msg)
	}
}

// A password command that fits as written but not once {email} is filled
// in is refused on the command line too, naming the flag's key.
func TestPasswordCommandCapAfterExpansion(t *testing.T) {
	cmd := "pass show {email}/{email}/" + strings.Repeat("x", 100)
	err := Generate(context.Background(), GenerateOptions{
		Input: Input{Email: longestAddress(), PasswordCommand: cmd, Clients: []string{"msmtp"}, Profile: "spectrum"}, Out: "-",
	}, &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	want := "command line: password_command: the command is 512 bytes long, longer than the 400 bytes allowed; this is the command with {email}"
	if err == nil || !strings.Contains(FormatError(err), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

// allBut returns every client's name except those given.
func allBut(except ...string) []string {
	var out []string
	for _, n := range registry.Names() {
		if !slices.Contains(except, n) {
			out = append(out, n)
		}
	}
	return out
}
