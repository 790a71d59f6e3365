package instructions

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"os"
	"reflect"
	"strings"
	"testing"
	texttemplate "text/template"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/templates"
)

// Readme renders the pages through templates.Cache from data computed in
// Go, with README.html's values escaped in Go (escape.go). The tests here
// render the same pages two other ways and require the same bytes:
//
//   - refReadme is the implementation before that: text/template and
//     html/template executing the templates in testdata/reference (the
//     templates/instructions of then) on refPage and its methods. It shows the
//     change kept every page byte-identical, for any account.
//   - sameTemplateHTML executes this package's own readme.html.tmpl and
//     client blocks with html/template, on data of the same fields holding
//     the values unescaped. It shows each value is escaped exactly as
//     html/template escapes it where the template prints it, and keeps
//     showing it when the templates change: a value printed in a new
//     context (a URL, a script) comes out differently and fails the test.
//
// When the pages' text changes on purpose, the golden files change, and
// testdata/reference must get the same change (or be retired with
// refReadme); sameTemplateHTML needs nothing.

// equalToReference fails t unless Readme(a) equals both references.
func equalToReference(t *testing.T, a account.Account) {
	t.Helper()
	txt, page, err := Readme(a)
	if err != nil {
		t.Fatal(err)
	}
	refTxt, refPg, err := refReadme(a)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(txt, refTxt) {
		t.Errorf("README.txt differs from the reference:\n%s", firstDiff(refTxt, txt))
	}
	if !bytes.Equal(page, refPg) {
		t.Errorf("README.html differs from the reference:\n%s", firstDiff(refPg, page))
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

// TestReadmeMatchesReference covers the example accounts (with every
// client, and with the clients the manifest gives them), the hostile ones,
// and accounts with values no manifest would accept.
func TestReadmeMatchesReference(t *testing.T) {
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
		t.Run(fmt.Sprint(i, a.Email), func(t *testing.T) { equalToReference(t, a) })
	}
}

// FuzzReadmeMatchesReference requires byte equality with both references
// for any value of every string the pages print (valid UTF-8 or not), any
// port, and one more client of any name.
func FuzzReadmeMatchesReference(f *testing.F) {
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
		equalToReference(t, a)
		a.Clients = []string{client}
		equalToReference(t, a)
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
	HasTerminal                            bool
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
		Table:            refSettings(a),
		PasswordNeeded:   in.Auth != account.NoAuth || out.Auth != account.NoAuth,
		Insecure:         in.Security == account.None || out.Security == account.None,
		SameSecurity:     in.Security == out.Security,
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

// --- refReadme: the implementation before templates.Cache, verbatim.

var (
	refText = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"join": strings.Join, "wrap": refWrap}).ParseFS(os.DirFS("testdata/reference"), "*.txt.tmpl"))
	refHTML = htmltemplate.Must(htmltemplate.New("").ParseFS(os.DirFS("testdata/reference"), "*.html.tmpl"))
)

// refPage is what the README templates and the client blocks see.
type refPage struct {
	account.Account
	// Sections are the clients' blocks, in the account's client order.
	Sections []refSection
	// Table is the Technical Settings Reference, one row per setting.
	Table []Row
	// TableText is Table laid out in aligned columns for README.txt.
	TableText string
	// Verify is the command that checks the settings against the servers.
	Verify string
}

// refSection is one client's block of steps.
type refSection struct {
	Client, Title string
	Text          string
	HTML          htmltemplate.HTML // the output of html/template: already escaped
}

// Underline returns a line of dashes as long as the title.
func (s refSection) Underline() string { return refUnderline(s.Title, '-') }

// DisplayName is the name, or the address when there is none.
func (p refPage) DisplayName() string { return p.Account.DisplayName() }

// Underline returns a line of equal signs as long as the page title.
func (p refPage) Underline() string { return refUnderline("Email setup kit for "+p.DisplayName(), '=') }

// OutlookFolder is the Windows folder the Outlook files are copied to.
func (p refPage) OutlookFolder() string { return p.Options.OutlookFolder }

// ForWhom is " for NAME (ORGANIZATION)", each part only when known.
func (p refPage) ForWhom() string {
	s := ""
	if p.Name != "" {
		s = " for " + p.Name
	}
	if p.Organization != "" {
		s += " (" + p.Organization + ")"
	}
	return s
}

// ClientTitles lists the section titles in one phrase.
func (p refPage) ClientTitles() string {
	var t []string
	for _, s := range p.Sections {
		t = append(t, s.Title)
	}
	if len(t) == 0 {
		return "no mail program (see the Technical Settings Reference)"
	}
	return strings.Join(t, "; ")
}

// SameSecurity reports whether sending uses the security of receiving.
func (p refPage) SameSecurity() bool { return p.Incoming.Security == p.Outgoing.Security }

// Insecure reports whether a server is unencrypted.
func (p refPage) Insecure() bool {
	return p.Incoming.Security == account.None || p.Outgoing.Security == account.None
}

// NoneLabel is how the table shows an unencrypted server.
func (p refPage) NoneLabel() string { return account.None.Describe() }

// PasswordNeeded reports whether a server asks for a login.
func (p refPage) PasswordNeeded() bool {
	return p.Incoming.Auth != account.NoAuth || p.Outgoing.Auth != account.NoAuth
}

// HasTerminal reports whether the kit holds a terminal client.
func (p refPage) HasTerminal() bool {
	for _, s := range p.Sections {
		if terminal[s.Client] {
			return true
		}
	}
	return false
}

// refSettings returns the Technical Settings Reference of a: the values every
// client's file is generated from.
func refSettings(a account.Account) []Row {
	in, out := a.Incoming, a.Outgoing
	return []Row{
		{"Server", in.Host, out.Host},
		{"Port", fmt.Sprint(in.Port), fmt.Sprint(out.Port)},
		{"Security", in.Security.Describe(), out.Security.Describe()},
		{"User name", in.Username, out.Username},
		{"Authentication", in.Auth.Describe(), out.Auth.Describe()},
	}
}

// refNewPage renders a's client blocks and fills the page.
func refNewPage(a account.Account) (refPage, error) {
	p := refPage{Account: a, Table: refSettings(a), Verify: "spectrumgen verify --email " + a.Email}
	p.TableText = refTextTable(p.Table)
	for _, c := range a.Clients {
		s := refSection{Client: c, Title: Title(c)}
		name := "client-" + c
		if refText.Lookup(name+".txt.tmpl") == nil || refHTML.Lookup(name+".html.tmpl") == nil {
			name = "client-other"
		}
		var tb, hb bytes.Buffer
		if err := refText.ExecuteTemplate(&tb, name+".txt.tmpl", p); err != nil {
			return refPage{}, fmt.Errorf("instructions: %s: %w", c, err)
		}
		if err := refHTML.ExecuteTemplate(&hb, name+".html.tmpl", p); err != nil {
			return refPage{}, fmt.Errorf("instructions: %s: %w", c, err)
		}
		s.Text = strings.TrimRight(tb.String(), "\n")
		s.HTML = htmltemplate.HTML(hb.String()) // #nosec: produced by html/template above
		p.Sections = append(p.Sections, s)
	}
	return p, nil
}

// refReadme returns a's README.txt and README.html.
func refReadme(a account.Account) (txt, html []byte, err error) {
	p, err := refNewPage(a)
	if err != nil {
		return nil, nil, err
	}
	var tb, hb bytes.Buffer
	if err := refText.ExecuteTemplate(&tb, "readme.txt.tmpl", p); err != nil {
		return nil, nil, fmt.Errorf("instructions: README.txt: %w", err)
	}
	if err := refHTML.ExecuteTemplate(&hb, "readme.html.tmpl", p); err != nil {
		return nil, nil, fmt.Errorf("instructions: README.html: %w", err)
	}
	return append(bytes.TrimRight(tb.Bytes(), "\n"), '\n'), hb.Bytes(), nil
}

// refTextTable lays rows out in columns under a header.
func refTextTable(rows []Row) string {
	all := append([]Row{{"", "Incoming mail (IMAP)", "Outgoing mail (SMTP)"}}, rows...)
	w0, w1 := 0, 0
	for _, r := range all {
		w0 = max(w0, refRuneLen(r.Label))
		w1 = max(w1, refRuneLen(r.In))
	}
	var b strings.Builder
	for i, r := range all {
		fmt.Fprintf(&b, "  %s  %s  %s\n", refPad(r.Label, w0), refPad(r.In, w1), r.Out)
		if i == 0 {
			fmt.Fprintf(&b, "  %s  %s  %s\n", strings.Repeat("-", w0), strings.Repeat("-", w1), strings.Repeat("-", max(refRuneLen(r.Out), 20)))
		}
	}
	return b.String()
}

func refPad(s string, w int) string { return s + strings.Repeat(" ", w-refRuneLen(s)) }

func refRuneLen(s string) int { return len([]rune(s)) }

func refUnderline(s string, c rune) string { return strings.Repeat(string(c), refRuneLen(s)) }

// refWrap breaks s into lines of at most wrapWidth runes at spaces; a word
// longer than that stands on its own line.
func refWrap(s string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		switch {
		case n == 0:
		case n+1+refRuneLen(w) > 74:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += refRuneLen(w)
	}
	return b.String()
}
