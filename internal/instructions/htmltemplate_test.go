package instructions

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/templates"
)

// Readme renders the pages through templates.Cache from data computed in
// Go, with README.html's values escaped in Go (escape.go). sameTemplateHTML
// executes this package's own readme.html.tmpl and client blocks with
// html/template instead, on data of the same fields holding the values
// unescaped, and the tests require the same bytes. That shows each value is
// escaped exactly as html/template escapes it where the template prints it,
// and keeps showing it when the templates change: a value printed in a new
// context (a URL, a script) comes out differently and fails the test.
//
// (When Readme moved to templates.Cache, the same tests also compared it
// with the implementation before, kept verbatim in the test; every page was
// byte-identical. That comparison was retired once it had shown so.)

// sameAsHTMLTemplate fails t unless Readme(a)'s README.html equals
// html/template's rendering of the same templates.
func sameAsHTMLTemplate(t *testing.T, a account.Account) {
	t.Helper()
	_, page, err := Readme(a)
	if err != nil {
		t.Fatal(err)
	}
	same, err := sameTemplateHTML(a)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(page, same) {
		t.Errorf("README.html differs from html/template on the same templates:\n%s", firstDiff(same, page))
	}
}

func firstDiff(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\nwant …%q\n got …%q", i, want[lo:min(len(want), i+80)], got[lo:min(len(got), i+80)])
}

// TestReadmeMatchesHTMLTemplate covers the example accounts (with every
// client, and with the clients the manifest gives them), the hostile ones,
// and accounts with values no manifest would accept.
func TestReadmeMatchesHTMLTemplate(t *testing.T) {
	var accounts []account.Account
	accounts = append(accounts, example(t)...)
	accounts = append(accounts, fixture.Example(t, Clients...)...)
	accounts = append(accounts, fixture.Example(t)...)
	accounts = append(accounts, fixture.Hostile(t, Clients...)...)
	accounts = append(accounts, fixture.Hostile(t)...)
	accounts = append(accounts, fixture.Hostile(t, "outlook", "mutt")...)
	for _, a := range fixture.Hostile(t, Clients...) {
		for _, c := range Clients {
			a.Clients = []string{c}
			accounts = append(accounts, a)
		}
	}
	odd := fixture.Hostile(t, Clients...)[0]
	odd.Email = `x"'<&>+ %41%zz@é/?#[]\x00.` + "\x00\xff"
	odd.ProfileName = `<b>"Profile"</b> & 'co' +1`
	odd.Incoming.Host, odd.Outgoing.Host = "<in>", `"out"`
	odd.Incoming.Username, odd.Outgoing.Username = "Zoë & 山田", "\xc0\x80+"
	odd.Incoming.Security, odd.Outgoing.Security = "weird<sec>", account.SSL
	odd.Incoming.Auth, odd.Outgoing.Auth = account.NoAuth, "odd&auth"
	odd.Incoming.Port, odd.Outgoing.Port = -1, 0
	odd.Options.OutlookFolder = `C:\a&b "c" <d> +e`
	odd.Clients = append(append([]string{}, Clients...), `"><script>x</script>`, "a b#c?d%41&e", "", "thunderbird")
	accounts = append(accounts, odd)
	for i, a := range accounts {
		t.Run(fmt.Sprint(i, a.Email), func(t *testing.T) { sameAsHTMLTemplate(t, a) })
	}
}

// FuzzReadmeMatchesHTMLTemplate requires byte equality with html/template
// for any value of every string the pages print (valid UTF-8 or not), any
// port, and one more client of any name.
func FuzzReadmeMatchesHTMLTemplate(f *testing.F) {
	for i, n := range fixture.HostileNames {
		f.Add(n, fixture.HostileNames[(i+5)%len(fixture.HostileNames)], `pass show "x" | head -n1 # it's $ok`, "usera.x+tag@spectrum.net", `C:\SpectrumMail`, "secure.imap.example", "imap.example", "ssl", "mutt", 993)
	}
	f.Add("</h1><script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "", `"><a href=x>%41@x`, "\x00+&", "<h>", "\xff\xfe 山", "none", `"><b>`, -7)
	base := fixture.Hostile(f, Clients...)[1]
	f.Fuzz(func(t *testing.T, name, org, command, email, folder, host, inHost, security, client string, port int) {
		a := base
		a.Name, a.Organization, a.PasswordCommand, a.Email = name, org, command, email
		a.Options.OutlookFolder = folder
		a.Outgoing.Host, a.Incoming.Host, a.Incoming.Username = host, inHost, email
		a.Outgoing.Security, a.Outgoing.Port = account.Security(security), port
		a.Clients = append(append([]string{}, Clients...), client)
		sameAsHTMLTemplate(t, a)
		a.Clients = []string{client}
		sameAsHTMLTemplate(t, a)
	})
}

// --- sameTemplateHTML: this package's templates, executed by html/template.

var sameT = htmltemplate.Must(htmltemplate.New("").ParseFS(templates.Instructions,
	"instructions/readme.html.tmpl", "instructions/steps.html.tmpl", "instructions/client-*.html.tmpl", "instructions/style.html.tmpl"))

// rawPage, rawSection and rawBlock have the fields of htmlPage,
// htmlSection and htmlBlock, holding the values before escaping
// (TestRawFields checks the names agree).
type rawPage struct {
	DisplayName, Email, Name, Organization string
	ClientTitles, ProfileName              string
	Contents                               bool
	Sections                               []rawSection
	Table                                  []Row
	PasswordNeeded, Insecure, SameSecurity bool
	SameHost, HasTerminal                  bool
	NoneLabel                              string
	OutgoingHost, OutgoingPort             string
	OutgoingSecurity                       string
	IncomingPort, IncomingSecurity         string
	Verify, PasswordCommand                string
}

type rawSection struct {
	Fragment, ID, Title string
	Steps               steps
	Block               rawBlock
}

type rawBlock struct{ Email, EmailPath, PasswordCommand, OutlookFolder string }

func sameTemplateHTML(a account.Account) ([]byte, error) {
	in, out := a.Incoming, a.Outgoing
	p := rawPage{
		DisplayName:      a.DisplayName(),
		Email:            a.Email,
		Name:             a.Name,
		Organization:     a.Organization,
		ProfileName:      a.ProfileName,
		Contents:         len(a.Clients) > 1,
		Table:            Settings(a),
		PasswordNeeded:   in.Auth != account.NoAuth || out.Auth != account.NoAuth,
		Insecure:         in.Security == account.None || out.Security == account.None,
		SameSecurity:     in.Security == out.Security,
		SameHost:         strings.EqualFold(in.Host, out.Host),
		HasTerminal:      false,
		NoneLabel:        account.None.Describe(),
		OutgoingHost:     out.Host,
		OutgoingPort:     fmt.Sprint(out.Port),
		OutgoingSecurity: out.Security.Describe(),
		IncomingPort:     fmt.Sprint(in.Port),
		IncomingSecurity: in.Security.Describe(),
		Verify:           "spectrumgen verify --email " + a.Email,
		PasswordCommand:  a.PasswordCommand,
	}
	blk := rawBlock{Email: a.Email, EmailPath: a.Email, PasswordCommand: a.PasswordCommand, OutlookFolder: a.Options.OutlookFolder}
	var titles []string
	for _, c := range a.Clients {
		p.Sections = append(p.Sections, rawSection{Fragment: c, ID: c, Title: Title(c), Steps: stepsOf(c), Block: blk})
		titles = append(titles, Title(c))
		p.HasTerminal = p.HasTerminal || terminal[c]
	}
	p.ClientTitles = strings.Join(titles, "; ")
	if len(titles) == 0 {
		p.ClientTitles = "no mail program (see the Technical Settings Reference)"
	}
	var b bytes.Buffer
	if err := sameT.ExecuteTemplate(&b, "readme.html.tmpl", p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TestRawFields checks rawPage and friends mirror the types Readme renders.
func TestRawFields(t *testing.T) {
	for _, pair := range [][2]any{{htmlPage{}, rawPage{}}, {htmlSection{}, rawSection{}}, {htmlBlock{}, rawBlock{}}} {
		if got, want := fieldNames(pair[1]), fieldNames(pair[0]); got != want {
			t.Errorf("%T has fields %s, want those of %T: %s", pair[1], got, pair[0], want)
		}
	}
}

func fieldNames(v any) string {
	t := reflect.TypeOf(v)
	var names []string
	for i := range t.NumField() {
		names = append(names, t.Field(i).Name)
	}
	return strings.Join(names, " ")
}
