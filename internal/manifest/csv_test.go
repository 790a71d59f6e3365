package manifest

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

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
		{"misspelt email column", "emial,name,client\n", []string{
			`people.csv:1:1: header: no address column (is "emial" meant to be email?); name the column of addresses email`,
		}},
		{"no email column", "name,Department\nAlice,Lab\n", []string{
			`people.csv:1: header: no address column; the first row must name the columns, e.g. email,name,clients (also read: "E-mail Address", "Email Address", "mail", "Primary Email", "Work Email", "User principal name")`,
		}},
		{"repeated column", "email,name,Name\n", []string{
			`people.csv:1:12: header: column "Name" appears twice; keep one of them`,
		}},
		{"bare quote", "email,name\na@spectrum.net,Pat \"X\"\n", []string{
			`people.csv:2:20: not valid CSV: bare " in non-quoted-field; ` + csvFix,
		}},
		{"too many cells", "email,name\na@spectrum.net,A,extra\n", []string{
			`people.csv:2:18: row 2 has 3 cells, the header names 2 columns; remove the extra cells, or name their column in the header (cells are separated by commas here)`,
		}},
		{"an unclosed quote is reported where it starts", "email,name\na@spectrum.net,A\nb@spectrum.net,\"B\nc@spectrum.net,C\nd@spectrum.net,D\n", []string{
			`people.csv:3:16: not valid CSV: a quoted cell starts here and is not closed before line 5; ` + csvFix,
		}},
		{"a long cell is quoted as an excerpt", "email,clients\n" + strings.Repeat("x", 5000) + "," + strings.Repeat("y", 5000) + "\n", []string{
			`people.csv:2:1: row 2, column email: "` + strings.Repeat("x", 100) + `… (5000 characters)": the address has no @; write the full address, e.g. alice@spectrum.net`,
			`people.csv:2:5002: row 2, column clients (item 1): unknown client "` + strings.Repeat("y", 100) + `… (5000 characters)"; ` + "`spectrumgen clients`" + ` lists the clients (or write all)`,
		}},
		{"header only", "email,name\n", []string{
			`people.csv:2: the file has a header but no people; add one row per person below the header`,
		}},
		{"empty", "", []string{`people.csv: file is empty; start with a header row: email,name,clients`}},
		{"utf-16 that is not", "\xff\xfe\x00\xd8", []string{`people.csv:1:1: file is UTF-16 text that does not decode; export it as "CSV UTF-8"`}},
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
	f.Add([]byte("sep=;\rE-mail Address;First Name;Last Name\ra@spectrum.net;A;\"B;C\"\r"))
	f.Add([]byte("#TYPE x\nmail\tdisplayName\tclients\na@spectrum.net\tA\tThunderbird\n"))
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

// TestCSVRealExports reads files shaped like what directories, contact
// books and HR systems export (testdata/csv; each file says where its
// header comes from), and checks each person's address, name, profile
// and clients, and the one warning about the columns left unread.
func TestCSVRealExports(t *testing.T) {
	type person struct{ email, name, profile, clients string }
	all := "thunderbird apple mutt"
	for _, tc := range []struct {
		file   string
		people []person
		warn   string // the whole warning, after "FILE:LINE: header: "
	}{
		{"google-workspace.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", all},
			{"zoe.muller@spectrum.net", "Zoë Müller-Łukasz", "spectrum", all},
			{"pat.obrien@spectrum.net", `Pat "The Boss" O'Brien`, "spectrum", all},
		}, `ignoring 21 columns spectrumgen does not read: "Password [Required]", "Password Hash Function [UPLOAD ONLY]", "Org Unit Path [Required]", "New Primary Email [UPLOAD ONLY]", "Recovery Email", "Home Secondary Email", "Work Secondary Email", "Recovery Phone [MUST BE IN THE E.164 FORMAT]" and 13 more; reading the address from "Email Address [Required]" and the name from "First Name [Required]" + "Last Name [Required]"`},
		{"m365-admin-center.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", all},
			{"pat.obrien@spectrum.net", "O'Brien, Pat", "spectrum", all},
		}, `ignoring 27 columns spectrumgen does not read: "Block credential", "City", "Country/Region", "Department", "DirSyncEnabled", "Fax", "LastDirSyncTime", "LastPasswordChangeTimestamp" and 19 more; reading the address from "User principal name" and the name from "Display name" (or "First name" + "Last name" where it is empty)`},
		{"entra-download-users.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", all},
			{"dr.bob.nguyen@spectrum.net", "Dr. Bob Nguyen", "spectrum", all},
		}, `ignoring 28 columns spectrumgen does not read: "userPrincipalName", "objectId", "userType", "jobTitle", "department", "accountEnabled", "usageLocation", "streetAddress" and 20 more; reading the address from "mail" and the name from "displayName" (or "givenName" + "surname" where it is empty)`},
		{"active-directory-export-csv.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", all},
			{"front-desk@spectrum.net", "Front Desk", "spectrum", all},
		}, `ignoring 7 columns spectrumgen does not read: "DistinguishedName", "Enabled", "ObjectClass", "ObjectGUID", "SamAccountName", "SID", "UserPrincipalName"; reading the address from "EmailAddress" and the name from "Name" (or "GivenName" + "Surname" where it is empty)`},
		{"outlook-contacts.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", all},
			{"dr.bob.nguyen@spectrum.net", "Bob Van Nguyen", "spectrum", all},
		}, `ignoring 57 columns spectrumgen does not read: "Title", "Suffix", "Nickname", "Given Yomi", "Surname Yomi", "E-mail 2 Address", "E-mail 3 Address", "Home Phone" and 49 more; reading the address from "E-mail Address" and the name from "First Name" + "Middle Name" + "Last Name"`},
		{"google-contacts.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", all},
			{"taro.yamada@spectrum.net", "山田 太郎", "spectrum", all},
		}, `ignoring 19 columns spectrumgen does not read: "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name" and 11 more; reading the address from "E-mail 1 - Value" and the name from "First Name" + "Middle Name" + "Last Name"`},
		{"hr-semicolon.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", "thunderbird apple"},
			{"jose.garcia@charter.net", "José García Núñez", "charter", "mutt"},
		}, `ignoring 7 columns spectrumgen does not read: "Employee #", "Preferred Name", "Home Email", "Department", "Job Title", "Hire Date", "Salary"; reading the address from "Work Email" and the name from "First Name" + "Last Name"`},
		{"tab-separated.tsv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", "thunderbird"},
			{"pat.obrien@spectrum.net", "Pat O'Brien, DDS", "spectrum", all},
		}, `ignoring 1 column spectrumgen does not read: "Office"; reading the address from "Work Email" and the name from "Full Name"`},
		{"excel-sep-cr.csv", []person{
			{"alice@spectrum.net", "Alice Example", "spectrum", "thunderbird mutt"},
			{"carol@spectrum.net", `Carol "CJ" Smith`, "spectrum", "apple"},
		}, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "csv", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := ParseCSV(tc.file, data, csvOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			var got []person
			for _, a := range m.Accounts {
				got = append(got, person{a.Email, a.Name, a.Profile, strings.Join(a.Clients, " ")})
			}
			if !reflect.DeepEqual(got, tc.people) {
				t.Errorf("people:\n%q\nwant\n%q", got, tc.people)
			}
			var warns []string
			for _, w := range m.Warnings {
				if strings.Contains(w, "header: ") {
					warns = append(warns, w)
				}
			}
			switch {
			case tc.warn == "" && len(warns) > 0:
				t.Errorf("warnings %q, want none", warns)
			case tc.warn != "" && (len(warns) != 1 || !strings.HasSuffix(warns[0], "header: "+tc.warn)):
				t.Errorf("warnings:\n%q\nwant one ending in\n%q", warns, tc.warn)
			}
		})
	}
}

// TestCSVLineEnds: LF, CRLF and old-Mac CR line ends read the same, and a
// mistake in row 1,001 of 2,000 is reported at its line, once.
func TestCSVLineEnds(t *testing.T) {
	var rows []string
	rows = append(rows, "email,name")
	for i := 1; i <= 2000; i++ {
		rows = append(rows, fmt.Sprintf("p%d@spectrum.net,Person %d", i, i))
	}
	lf := strings.Join(rows, "\n") + "\n"
	var want []account.Account
	for _, end := range []string{"\n", "\r\n", "\r"} {
		m, err := ParseCSV("people.csv", []byte(strings.ReplaceAll(lf, "\n", end)), csvOptions(t))
		if err != nil {
			t.Fatalf("%q: %v", end, err)
		}
		if len(m.Accounts) != 2000 || len(m.Warnings) != 0 {
			t.Fatalf("%q: %d accounts, warnings %q", end, len(m.Accounts), m.Warnings)
		}
		if want == nil {
			want = m.Accounts
		} else if !reflect.DeepEqual(m.Accounts, want) {
			t.Errorf("%q: the accounts differ from LF's", end)
		}
		bad := strings.Replace(strings.ReplaceAll(lf, "\n", end), "p1000@spectrum.net", "p1000", 1)
		_, err = ParseCSV("people.csv", []byte(bad), csvOptions(t))
		wantErr := `people.csv:1001:1: row 1001, column email: "p1000": the address has no @; write the full address, e.g. alice@spectrum.net` + "\n1 error"
		if err == nil || err.Error() != wantErr {
			t.Errorf("%q: err = %v, want %s", end, err, wantErr)
		}
	}
}

// FuzzCSVDelimiters writes one table with encoding/csv's own writer in
// each delimiter and line end people's exports use, and checks spectrumgen
// reads every version the same: the delimiter is detected and the line
// ends read, whatever the cells hold (delimiters, quotes, line breaks).
func FuzzCSVDelimiters(f *testing.F) {
	f.Add("E-mail Address", "Phone; mobile", "Doe, Jane", "alice@spectrum.net", "555; 1", "Thunderbird")
	f.Add("email", "x", "Pat \"The Boss\"\tO'Brien", "bob@charter.net", "a,b;c\td", "apple mutt")
	f.Add("mail", "Dept", "Zoë\n山田", "zoe@spectrum.net", "", "all")
	opt := csvOptions(f)
	f.Fuzz(func(t *testing.T, emailHeader, extraHeader, name, email, extra, clients string) {
		if strings.Contains(emailHeader+extraHeader+name+email+extra+clients, "\r") {
			// encoding/csv's writer drops a lone CR inside a quoted cell
			// when UseCRLF is set, so the versions would not hold the same
			// table (testdata/fuzz/FuzzCSVDelimiters/67bb56abbf4b04c2).
			return
		}
		table := [][]string{
			{emailHeader, "name", extraHeader, "clients"},
			{email, name, extra, clients},
			{"second@spectrum.net", "Second", extra, "mutt"},
		}
		type result struct {
			accounts []account.Account
			failed   bool
		}
		var first *result
		for _, comma := range []rune{',', ';', '\t'} {
			for _, end := range []string{"\n", "\r\n", "\r"} {
				var b strings.Builder
				w := csv.NewWriter(&b)
				w.Comma = comma
				w.UseCRLF = end == "\r\n"
				if err := w.WriteAll(table); err != nil {
					return // the writer refuses the table
				}
				data := b.String()
				if end == "\r" {
					if strings.ContainsAny(name+email+extra+clients+emailHeader+extraHeader, "\r\n") {
						continue // a CR inside a cell is a line end in a CR-only file
					}
					data = strings.ReplaceAll(data, "\n", "\r")
				}
				m, err := ParseCSV("f.csv", []byte(data), opt)
				r := &result{failed: err != nil}
				if err == nil {
					r.accounts = m.Accounts
				}
				if first == nil {
					first = r
					continue
				}
				if r.failed != first.failed || !reflect.DeepEqual(r.accounts, first.accounts) {
					t.Fatalf("delimiter %q, line end %q reads differently:\n%q\nerr %v\nfirst: failed %v, %+v\nnow: %+v",
						comma, end, data, err, first.failed, first.accounts, r.accounts)
				}
			}
		}
	})
}

// TestCSVUTF16 reads what Excel's "Unicode Text" writes: UTF-16 with a
// byte order mark, tab-separated, in either byte order.
func TestCSVUTF16(t *testing.T) {
	text := "E-mail Address\tDisplay Name\r\nzoe@spectrum.net\tZoë 山田\r\n"
	for _, order := range []string{"LE", "BE"} {
		var b []byte
		if order == "LE" {
			b = []byte{0xff, 0xfe}
		} else {
			b = []byte{0xfe, 0xff}
		}
		for _, u := range utf16.Encode([]rune(text)) {
			if order == "LE" {
				b = append(b, byte(u), byte(u>>8))
			} else {
				b = append(b, byte(u>>8), byte(u))
			}
		}
		m, err := ParseCSV("people.txt", b, csvOptions(t))
		if err != nil {
			t.Fatalf("%s: %v", order, err)
		}
		if a := m.Accounts[0]; len(m.Accounts) != 1 || a.Email != "zoe@spectrum.net" || a.Name != "Zoë 山田" {
			t.Errorf("%s: %+v", order, m.Accounts)
		}
	}
}
