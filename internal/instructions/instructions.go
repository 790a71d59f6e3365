// Package instructions renders the pages of a kit that people read: each
// person's README.txt and README.html (steps per client, the Technical
// Settings Reference generated from the resolved account, why IMAP, what to
// do when signing in fails), the kit index (index.html) and server/README.txt.
// The texts are templates in templates/instructions; html/template escapes
// every value in the HTML pages.
package instructions

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/templates"
)

// Clients are the clients these instructions have steps for, in the order
// of the generator registry. A client missing here gets a general section
// that points at the settings table.
var Clients = []string{"thunderbird", "apple", "mutt", "aerc", "msmtp", "mbsync", "outlook"}

// titles are the section headings of the clients.
var titles = map[string]string{
	"thunderbird": "Thunderbird",
	"apple":       "iPhone, iPad and Mac (Apple Mail)",
	"mutt":        "mutt and NeoMutt",
	"aerc":        "aerc",
	"msmtp":       "msmtp (sending from the terminal)",
	"mbsync":      "mbsync / isync (a local copy of your mail)",
	"outlook":     "Outlook for Windows (classic)",
}

// terminal are the clients that run in a terminal and share a password note.
var terminal = map[string]bool{"mutt": true, "aerc": true, "msmtp": true, "mbsync": true}

// Title returns the heading of client's section.
func Title(client string) string {
	if t, ok := titles[client]; ok {
		return t
	}
	return client
}

var (
	textT = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"join": strings.Join, "wrap": wrap}).ParseFS(templates.Instructions, "instructions/*.txt.tmpl"))
	htmlT = htmltemplate.Must(htmltemplate.New("").ParseFS(templates.Instructions, "instructions/*.html.tmpl"))
)

// Page is what the README templates and the client blocks see.
type Page struct {
	account.Account
	// Sections are the clients' blocks, in the account's client order.
	Sections []Section
	// Table is the Technical Settings Reference, one row per setting.
	Table []Row
	// TableText is Table laid out in aligned columns for README.txt.
	TableText string
	// Verify is the command that checks the settings against the servers.
	Verify string
}

// Section is one client's block of steps.
type Section struct {
	Client, Title string
	Text          string
	HTML          htmltemplate.HTML // the output of html/template: already escaped
}

// Underline returns a line of dashes as long as the title.
func (s Section) Underline() string { return underline(s.Title, '-') }

// Row is one line of the settings table.
type Row struct{ Label, In, Out string }

// DisplayName is the name, or the address when there is none.
func (p Page) DisplayName() string { return p.Account.DisplayName() }

// Underline returns a line of equal signs as long as the page title.
func (p Page) Underline() string { return underline("Email setup kit for "+p.DisplayName(), '=') }

// OutlookFolder is the Windows folder the Outlook files are copied to.
func (p Page) OutlookFolder() string { return p.Options.OutlookFolder }

// ForWhom is " for NAME (ORGANIZATION)", each part only when known.
func (p Page) ForWhom() string {
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
func (p Page) ClientTitles() string {
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
func (p Page) SameSecurity() bool { return p.Incoming.Security == p.Outgoing.Security }

// Insecure reports whether a server is unencrypted.
func (p Page) Insecure() bool {
	return p.Incoming.Security == account.None || p.Outgoing.Security == account.None
}

// NoneLabel is how the table shows an unencrypted server.
func (p Page) NoneLabel() string { return account.None.Describe() }

// PasswordNeeded reports whether a server asks for a login.
func (p Page) PasswordNeeded() bool {
	return p.Incoming.Auth != account.NoAuth || p.Outgoing.Auth != account.NoAuth
}

// HasTerminal reports whether the kit holds a terminal client.
func (p Page) HasTerminal() bool {
	for _, s := range p.Sections {
		if terminal[s.Client] {
			return true
		}
	}
	return false
}

// Settings returns the Technical Settings Reference of a: the values every
// client's file is generated from.
func Settings(a account.Account) []Row {
	in, out := a.Incoming, a.Outgoing
	return []Row{
		{"Server", in.Host, out.Host},
		{"Port", fmt.Sprint(in.Port), fmt.Sprint(out.Port)},
		{"Security", in.Security.Describe(), out.Security.Describe()},
		{"User name", in.Username, out.Username},
		{"Authentication", in.Auth.Describe(), out.Auth.Describe()},
	}
}

// newPage renders a's client blocks and fills the page.
func newPage(a account.Account) (Page, error) {
	p := Page{Account: a, Table: Settings(a), Verify: "spectrumgen verify --email " + a.Email}
	p.TableText = textTable(p.Table)
	for _, c := range a.Clients {
		s := Section{Client: c, Title: Title(c)}
		name := "client-" + c
		if textT.Lookup(name+".txt.tmpl") == nil || htmlT.Lookup(name+".html.tmpl") == nil {
			name = "client-other"
		}
		var tb, hb bytes.Buffer
		if err := textT.ExecuteTemplate(&tb, name+".txt.tmpl", p); err != nil {
			return Page{}, fmt.Errorf("instructions: %s: %w", c, err)
		}
		if err := htmlT.ExecuteTemplate(&hb, name+".html.tmpl", p); err != nil {
			return Page{}, fmt.Errorf("instructions: %s: %w", c, err)
		}
		s.Text = strings.TrimRight(tb.String(), "\n")
		s.HTML = htmltemplate.HTML(hb.String()) // #nosec: produced by html/template above
		p.Sections = append(p.Sections, s)
	}
	return p, nil
}

// Readme returns a's README.txt and README.html.
func Readme(a account.Account) (txt, html []byte, err error) {
	p, err := newPage(a)
	if err != nil {
		return nil, nil, err
	}
	var tb, hb bytes.Buffer
	if err := textT.ExecuteTemplate(&tb, "readme.txt.tmpl", p); err != nil {
		return nil, nil, fmt.Errorf("instructions: README.txt: %w", err)
	}
	if err := htmlT.ExecuteTemplate(&hb, "readme.html.tmpl", p); err != nil {
		return nil, nil, fmt.Errorf("instructions: README.html: %w", err)
	}
	return append(bytes.TrimRight(tb.Bytes(), "\n"), '\n'), hb.Bytes(), nil
}

// Files returns a's README.txt and README.html as kit files, for the top
// of the person's folder.
func Files(a account.Account) ([]generators.File, error) {
	txt, html, err := Readme(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: "README.html", Data: html}, {Path: "README.txt", Data: txt}}, nil
}

// textTable lays rows out in columns under a header.
func textTable(rows []Row) string {
	all := append([]Row{{"", "Incoming mail (IMAP)", "Outgoing mail (SMTP)"}}, rows...)
	w0, w1 := 0, 0
	for _, r := range all {
		w0 = max(w0, runeLen(r.Label))
		w1 = max(w1, runeLen(r.In))
	}
	var b strings.Builder
	for i, r := range all {
		fmt.Fprintf(&b, "  %s  %s  %s\n", pad(r.Label, w0), pad(r.In, w1), r.Out)
		if i == 0 {
			fmt.Fprintf(&b, "  %s  %s  %s\n", strings.Repeat("-", w0), strings.Repeat("-", w1), strings.Repeat("-", max(runeLen(r.Out), 20)))
		}
	}
	return b.String()
}

func pad(s string, w int) string { return s + strings.Repeat(" ", w-runeLen(s)) }

func runeLen(s string) int { return len([]rune(s)) }

func underline(s string, c rune) string { return strings.Repeat(string(c), runeLen(s)) }

// wrapWidth is the width of README.txt's paragraphs: readable in Notepad
// without word wrap, and on paper.
const wrapWidth = 74

// wrap breaks s into lines of at most wrapWidth runes at spaces; a word
// longer than that stands on its own line.
func wrap(s string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		switch {
		case n == 0:
		case n+1+runeLen(w) > wrapWidth:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += runeLen(w)
	}
	return b.String()
}
