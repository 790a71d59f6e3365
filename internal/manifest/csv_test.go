package manifest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

func csvOptions(t testing.TB) Options {
	t.Helper()
	profiles, err := profile.Load()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Profiles: profiles, Clients: []string{"thunderbird", "apple", "mutt"}}
}

// TestCSVMatchesYAML reads a spreadsheet export (BOM, CRLF, quoted cells
// with commas, doubled quotes and a formula-like name, columns in another
// order, an empty trailing column) and checks it resolves to exactly the
// accounts of the same people written in YAML.
func TestCSVMatchesYAML(t *testing.T) {
	csvData := "\xef\xbb\xbf" + strings.Join([]string{
		`Clients,EMAIL,Name,profile,password_command,`,
		`"thunderbird; mutt",alice@spectrum.net,"Doe, Jane",,,`,
		`,"bob@charter.net","Pat ""The Boss"" O'Brien, DDS",charter,pass show mail/{email},`,
		`apple mutt,carol@spectrum.net,=cmd|' /C calc'!A0,,,`,
		`,,,,,`,
		`all,dave@spectrum.net,Zoë 山田 #1; $HOME,,,`,
	}, "\r\n") + "\r\n"
	yamlData := `version: 1
accounts:
  - email: alice@spectrum.net
    name: "Doe, Jane"
    clients: [thunderbird, mutt]
  - email: bob@charter.net
    name: "Pat \"The Boss\" O'Brien, DDS"
    profile: charter
    password_command: "pass show mail/{email}"
  - email: carol@spectrum.net
    name: "=cmd|' /C calc'!A0"
    clients: [apple, mutt]
  - email: dave@spectrum.net
    name: "Zoë 山田 #1; $HOME"
    clients: [all]
`
	fromCSV, err := ParseCSV("people.csv", []byte(csvData), csvOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := Parse("people.yaml", []byte(yamlData), csvOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromCSV.Accounts, fromYAML.Accounts) {
		t.Errorf("CSV gives\n%+v\nYAML gives\n%+v", fromCSV.Accounts, fromYAML.Accounts)
	}
	if n := len(fromCSV.Accounts); n != 4 {
		t.Fatalf("%d accounts, want 4", n)
	}
	if got := fromCSV.Accounts[1].Name; got != `Pat "The Boss" O'Brien, DDS` {
		t.Errorf("quoted name read as %q", got)
	}
	if got := fromCSV.Accounts[2].Name; got != `=cmd|' /C calc'!A0` {
		t.Errorf("formula-like name read as %q", got)
	}
	if got := fromCSV.Accounts[1].PasswordCommand; got != "pass show mail/bob@charter.net" {
		t.Errorf("password command = %q", got)
	}
}

func TestCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"bad rows keep their lines", "email,name,clients,profile\n" +
			"alice@spectrum.net,Alice,thunderbird,\n" +
			"bob,\"Bob, B\",thunderbrd;apple,\n" +
			"carol@spectrum.net,Carol,,spectrm\n" +
			"alice@spectrum.net,Again,,\n", []string{
			`people.csv:3:1: row 3, column email: "bob": the address has no @; write the full address, e.g. alice@spectrum.net`,
			`people.csv:3:14: row 3, column clients (item 1): unknown client "thunderbrd" (did you mean "thunderbird"?); ` + "`spectrumgen clients`" + ` lists the clients (or write all)`,
			`people.csv:4:27: row 4, column profile: unknown profile "spectrm" (did you mean "spectrum"?); known profiles: spectrum, brighthouse, charter, twc (or add one with --profiles)`,
			`people.csv:5:1: row 5, column email: alice@spectrum.net is listed twice (first at line 2); keep one entry per person`,
		}},
		{"a quoted cell spans lines", "email,name\n\"a@spectrum.net\",\"Two\nLines\"\nb@spectrum.net,\n", []string{
			`people.csv:2:18: row 2, column name: the name contains the control character U+000A; write the name on one line`,
		}},
		{"row numbers count rows, not lines", "email,name\n\"a@spectrum.net\",\"Two\nLines\"\nb,\n", []string{
			`people.csv:2:18: row 2, column name: the name contains the control character U+000A; write the name on one line`,
			`people.csv:4:1: row 3, column email: "b": the address has no @; write the full address, e.g. alice@spectrum.net`,
		}},
		{"unknown column", "emial,name,client\n", []string{
			`people.csv:1:1: header: unknown column "emial" (did you mean "email"?); rename or remove it; known columns: email, name, profile, clients, password_command`,
			`people.csv:1:12: header: unknown column "client" (did you mean "clients"?); rename or remove it; known columns: email, name, profile, clients, password_command`,
		}},
		{"no email column", "name\nAlice\n", []string{
			`people.csv:1:1: header: no email column; the first row must name the columns, e.g. email,name,clients`,
		}},
		{"repeated column", "email,name,Name\n", []string{
			`people.csv:1:12: header: column "name" appears twice; keep one of them`,
		}},
		{"bare quote", "email,name\na@spectrum.net,Pat \"X\"\n", []string{
			`people.csv:2:20: not valid CSV: bare " in non-quoted-field; ` + csvFix,
		}},
		{"too many cells", "email,name\na@spectrum.net,A,extra\n", []string{
			`people.csv:2:18: row 2 has 3 cells, the header names 2 columns; remove the extra cells, or name their column in the header`,
		}},
		{"header only", "email,name\n", []string{
			`people.csv:2: the file has a header but no people; add one row per person below the header`,
		}},
		{"empty", "", []string{`people.csv: file is empty; start with a header row: email,name,clients`}},
		{"utf-16", "\xff\xfee\x00", []string{`people.csv:1:1: file is UTF-16 text; export it as "CSV UTF-8"`}},
		{"latin-1", "email,name\na@spectrum.net,Z\xf6e\n", []string{`people.csv: file is not UTF-8 text; export it as "CSV UTF-8" (is this the right file?)`}},
		{"bad password command", "email,password_command\na@spectrum.net,pass {user}\n", []string{
			`people.csv:2:16: row 2, column password_command: unknown placeholder {user}; write one command line using {email}, {local} or {domain}`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseCSV("people.csv", []byte(tc.in), csvOptions(t))
			if err == nil {
				t.Fatalf("no error; accounts %+v", m.Accounts)
			}
			want := strings.Join(tc.want, "\n")
			got := err.Error()
			if i := strings.LastIndex(got, "\n"); i >= 0 {
				got = got[:i] // drop the count
			}
			if got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// FuzzParseCSV: any input either fails with errors or yields accounts that
// passed every check.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("email,name,clients\nalice@spectrum.net,\"Doe, Jane\",thunderbird;mutt\n"))
	f.Add([]byte("\xef\xbb\xbfEMAIL,Name\n\"a@spectrum.net\",\"x \"\"y\"\"\"\n"))
	f.Add([]byte("email\na\n\"b\nc\""))
	opt := csvOptions(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseCSV("f.csv", data, opt)
		if err != nil {
			return
		}
		if len(m.Accounts) == 0 {
			t.Fatal("no error and no accounts")
		}
		for _, a := range m.Accounts {
			if account.CheckEmail(a.Email) != "" || account.CheckName(a.Name) != "" {
				t.Fatalf("invalid account accepted: %+v", a)
			}
		}
	})
}
