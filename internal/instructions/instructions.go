// Package instructions renders the pages of a kit that people read: each
// person's README.txt and README.html (steps per client, the Technical
// Settings Reference generated from the resolved account, why IMAP, what to
// do when signing in fails), the kit index (index.html) and server/README.txt.
// The texts are templates in templates/instructions. A bulk run renders the
// READMEs for every person, so they are rendered through templates.Cache
// from plain data computed here; README.html's values are escaped here
// exactly as html/template escapes them (escape.go), which a test checks by
// rendering the page with html/template as well. The kit index is
// html/template.
package instructions

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strconv"
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
	// textT holds README.txt and the client blocks of it. Its templates
	// only print and test fields (templates.Cache checks), of txtPage.
	textT = texttemplate.Must(texttemplate.New("").ParseFS(templates.Instructions,
		"instructions/readme.txt.tmpl", "instructions/steps.txt.tmpl", "instructions/client-*.txt.tmpl"))
	// pageT holds README.html and the client blocks of it: text/template,
	// printing and testing only fields of htmlPage, whose strings are all
	// escaped (see escape.go).
	pageT = texttemplate.Must(texttemplate.New("").ParseFS(templates.Instructions,
		"instructions/readme.html.tmpl", "instructions/steps.html.tmpl", "instructions/client-*.html.tmpl", "instructions/style.html.tmpl"))
	// htmlT holds the kit index: html/template escapes every value.
	htmlT = htmltemplate.Must(htmltemplate.New("").ParseFS(templates.Instructions,
		"instructions/index.html.tmpl", "instructions/style.html.tmpl"))
	// serverT holds server/README.txt.
	serverT = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"join": strings.Join}).ParseFS(templates.Instructions,
		"instructions/server-readme.txt.tmpl"))

	// The READMEs are rendered for every person: through a Cache, which
	// executes a template once per shape of data (which clients, which
	// flags, which strings are empty) and then only splices each person's
	// strings in.
	textCache = templates.MustCache(textT)
	pageCache = templates.MustCache(pageT)
)

// steps says which client's block a section shows (steps.{txt,html}.tmpl):
// the one flag set, or none for client-other.
type steps struct{ Thunderbird, Apple, Mutt, Aerc, Msmtp, Mbsync, Outlook bool }

// stepsOf returns the flags of client's block.
func stepsOf(client string) steps {
	var s steps
	switch client {
	case "thunderbird":
		s.Thunderbird = true
	case "apple":
		s.Apple = true
	case "mutt":
		s.Mutt = true
	case "aerc":
		s.Aerc = true
	case "msmtp":
		s.Msmtp = true
	case "mbsync":
		s.Mbsync = true
	case "outlook":
		s.Outlook = true
	}
	return s
}

// txtPage is the data of readme.txt.tmpl: every string is the final text.
type txtPage struct {
	DisplayName string
	Underline   string // "=" under "Email setup kit for " + DisplayName
	Intro       string // the first paragraph, wrapped
	ProfileName string
	Sections    []txtSection
	TableText   string // the settings table laid out in aligned columns
	// PasswordNeeded says a server asks for a login; Insecure, that one is
	// unencrypted; SameSecurity, that sending uses the security of
	// receiving; SameHost, that sending and receiving use one host (on
	// different ports); HasTerminal, that the kit holds a terminal client.
	PasswordNeeded, Insecure, SameSecurity, SameHost, HasTerminal bool
	NoneLabel                                                     string // how the table shows an unencrypted server
	OutgoingHost, OutgoingPort, OutgoingSecurity                  string
	IncomingPort, IncomingSecurity                                string
	Email, Verify, PasswordCommand                                string
}

// txtSection is one client's part of README.txt.
type txtSection struct {
	Title, Underline string
	Steps            steps
	Block            txtBlock
}

// txtBlock is the data of the client-*.txt.tmpl blocks.
type txtBlock struct{ Email, PasswordCommand, OutlookFolder string }

// htmlPage is the data of readme.html.tmpl, a text/template. Every string
// is escaped as html/template would escape it where the template prints it:
// in element text or a double-quoted attribute value (escapeHTML) unless
// the field says otherwise.
type htmlPage struct {
	DisplayName, Email, Name, Organization escaped
	ClientTitles, ProfileName              escaped
	Contents                               bool // more than one section: list them at the top
	Sections                               []htmlSection
	Table                                  []htmlRow
	PasswordNeeded, Insecure, SameSecurity bool
	SameHost, HasTerminal                  bool
	NoneLabel                              escaped
	OutgoingHost, OutgoingPort             escaped
	OutgoingSecurity                       escaped
	IncomingPort, IncomingSecurity         escaped
	Verify, PasswordCommand                escaped
}

// htmlSection is one client's part of README.html.
type htmlSection struct {
	Fragment escaped // the client, after "#" in a double-quoted URL attribute (escapeURLFragment)
	ID       escaped // the client, in a double-quoted attribute
	Title    escaped
	Steps    steps
	Block    htmlBlock
}

// htmlRow is a row of the settings table.
type htmlRow struct{ Label, In, Out escaped }

// htmlBlock is the data of the client-*.html.tmpl blocks.
type htmlBlock struct {
	Email                          escaped
	EmailPath                      escaped // the address, in the path of a double-quoted URL attribute (escapeURLPath)
	PasswordCommand, OutlookFolder escaped
}

// Row is one line of the settings table.
type Row struct{ Label, In, Out string }

// Settings returns the Technical Settings Reference of a: the values every
// client's file is generated from.
func Settings(a account.Account) []Row {
	in, out := a.Incoming, a.Outgoing
	return []Row{
		{"Server", in.Host, out.Host},
		{"Port", strconv.Itoa(in.Port), strconv.Itoa(out.Port)},
		{"Security", in.Security.Describe(), out.Security.Describe()},
		{"User name", in.Username, out.Username},
		{"Authentication", in.Auth.Describe(), out.Auth.Describe()},
	}
}

// Readme returns a's README.txt and README.html.
func Readme(a account.Account) (txt, html []byte, err error) {
	in, out := a.Incoming, a.Outgoing
	name := a.DisplayName()
	table := Settings(a)
	tp := txtPage{
		DisplayName:      name,
		Underline:        strings.Repeat("=", runeLen("Email setup kit for ")+runeLen(name)),
		ProfileName:      a.ProfileName,
		Sections:         make([]txtSection, 0, len(a.Clients)),
		TableText:        textTable(table),
		PasswordNeeded:   in.Auth != account.NoAuth || out.Auth != account.NoAuth,
		Insecure:         in.Security == account.None || out.Security == account.None,
		SameSecurity:     in.Security == out.Security,
		SameHost:         strings.EqualFold(in.Host, out.Host),
		NoneLabel:        account.None.Describe(),
		OutgoingHost:     out.Host,
		OutgoingPort:     table[1].Out,
		OutgoingSecurity: table[2].Out,
		IncomingPort:     table[1].In,
		IncomingSecurity: table[2].In,
		Email:            a.Email,
		Verify:           "spectrumgen verify --email " + a.Email,
		PasswordCommand:  a.PasswordCommand,
	}
	hp := htmlPage{
		DisplayName:      escapeHTML(name),
		Email:            escapeHTML(a.Email),
		Name:             escapeHTML(a.Name),
		Organization:     escapeHTML(a.Organization),
		ProfileName:      escapeHTML(a.ProfileName),
		Contents:         len(a.Clients) > 1,
		Sections:         make([]htmlSection, 0, len(a.Clients)),
		Table:            make([]htmlRow, len(table)),
		PasswordNeeded:   tp.PasswordNeeded,
		Insecure:         tp.Insecure,
		SameSecurity:     tp.SameSecurity,
		SameHost:         tp.SameHost,
		NoneLabel:        escapeHTML(tp.NoneLabel),
		OutgoingHost:     escapeHTML(tp.OutgoingHost),
		OutgoingPort:     escapeHTML(tp.OutgoingPort),
		OutgoingSecurity: escapeHTML(tp.OutgoingSecurity),
		IncomingPort:     escapeHTML(tp.IncomingPort),
		IncomingSecurity: escapeHTML(tp.IncomingSecurity),
		Verify:           escapeHTML(tp.Verify),
		PasswordCommand:  escapeHTML(a.PasswordCommand),
	}
	for i, r := range table {
		hp.Table[i] = htmlRow{escapeHTML(r.Label), escapeHTML(r.In), escapeHTML(r.Out)}
	}

	tb := txtBlock{Email: a.Email, PasswordCommand: a.PasswordCommand, OutlookFolder: a.Options.OutlookFolder}
	hb := htmlBlock{Email: hp.Email, EmailPath: escapeURLPath(a.Email), PasswordCommand: hp.PasswordCommand, OutlookFolder: escapeHTML(a.Options.OutlookFolder)}
	var titles strings.Builder
	for i, c := range a.Clients {
		title, st := Title(c), stepsOf(c)
		if i > 0 {
			titles.WriteString("; ")
		}
		titles.WriteString(title)
		tp.Sections = append(tp.Sections, txtSection{Title: title, Underline: underline(title, '-'), Steps: st, Block: tb})
		hp.Sections = append(hp.Sections, htmlSection{Fragment: escapeURLFragment(c), ID: escapeHTML(c), Title: escapeHTML(title), Steps: st, Block: hb})
		tp.HasTerminal = tp.HasTerminal || terminal[c]
	}
	hp.HasTerminal = tp.HasTerminal
	clientTitles := titles.String()
	if len(a.Clients) == 0 {
		clientTitles = "no mail program (see the Technical Settings Reference)"
	}
	hp.ClientTitles = escapeHTML(clientTitles)
	forWhom := ""
	if a.Name != "" {
		forWhom = " for " + a.Name
	}
	if a.Organization != "" {
		forWhom += " (" + a.Organization + ")"
	}
	tp.Intro = wrap("This kit sets up the email address " + a.Email + forWhom + ". It holds ready-made settings for: " + clientTitles + ".")

	txt, err = textCache.Render("readme.txt.tmpl", tp)
	if err != nil {
		return nil, nil, fmt.Errorf("instructions: README.txt: %w", err)
	}
	html, err = pageCache.Render("readme.html.tmpl", hp)
	if err != nil {
		return nil, nil, fmt.Errorf("instructions: README.html: %w", err)
	}
	return append(bytes.TrimRight(txt, "\n"), '\n'), html, nil
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
	head := Row{"", "Incoming mail (IMAP)", "Outgoing mail (SMTP)"}
	w0, w1 := runeLen(head.Label), runeLen(head.In)
	for _, r := range rows {
		w0 = max(w0, runeLen(r.Label))
		w1 = max(w1, runeLen(r.In))
	}
	w2 := max(runeLen(head.Out), 20)
	var b strings.Builder
	b.Grow((len(rows) + 2) * (w0 + w1 + w2 + 8) * 2)
	line := func(label, in, out string) {
		b.WriteString("  ")
		b.WriteString(label)
		pad(&b, ' ', w0-runeLen(label))
		b.WriteString("  ")
		b.WriteString(in)
		pad(&b, ' ', w1-runeLen(in))
		b.WriteString("  ")
		b.WriteString(out)
		b.WriteByte('\n')
	}
	line(head.Label, head.In, head.Out)
	b.WriteString("  ")
	pad(&b, '-', w0)
	b.WriteString("  ")
	pad(&b, '-', w1)
	b.WriteString("  ")
	pad(&b, '-', w2)
	b.WriteByte('\n')
	for _, r := range rows {
		line(r.Label, r.In, r.Out)
	}
	return b.String()
}

// pad writes n times c (nothing when n <= 0).
func pad(b *strings.Builder, c byte, n int) {
	for range n {
		b.WriteByte(c)
	}
}

func runeLen(s string) int { return len([]rune(s)) }

func underline(s string, c rune) string { return strings.Repeat(string(c), runeLen(s)) }

// wrapWidth is the width of README.txt's paragraphs: readable in Notepad
// without word wrap, and on paper.
const wrapWidth = 74

// wrap breaks s into lines of at most wrapWidth runes at spaces; a word
// longer than that stands on its own line.
func wrap(s string) string {
	var b strings.Builder
	b.Grow(len(s)) // one byte per run of spaces, at most
	n := 0
	for w := range strings.FieldsSeq(s) {
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
