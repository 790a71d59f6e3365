// Package instructions renders the pages of a kit that people read: each
// person's README.txt and README.html (a section per client, the Technical
// Settings Reference generated from the resolved account, why IMAP, what to
// do when signing in fails), the kit index (index.html) and server/README.txt.
//
// The page skeletons are templates in templates/; each client's section
// comes from the client itself (generators.Guide, looked up in the
// registry), and a client without one gets the general section, which
// points at the settings table. README.html and the index are
// html/template, which escapes every value; README.txt is text/template.
package instructions

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// clients are what the pages know of each registered client, by name.
var clients = func() map[string]client {
	m := map[string]client{}
	for _, g := range registry.All() {
		var c client
		c.guide, _ = g.(generators.Guide)
		if t, ok := g.(generators.Terminal); ok {
			c.terminal = t.Terminal()
		}
		c.heads = headsOf(g.Name(), titleOf(g.Name(), c.guide))
		m[g.Name()] = c
	}
	return m
}()

// client is a registered client as the pages see it.
type client struct {
	guide    generators.Guide // nil: the general section
	terminal bool             // runs in a terminal: the pages add a note on passwords
	heads    heads
}

// heads are a client's lines around its steps in the pages, from
// section.{txt,html}.tmpl: the same for every person, so executed once per
// client.
type heads struct {
	contentsHTML, sectionHTML, sectionText string
}

// headsOf executes section.{txt,html}.tmpl for the client name titled
// title; it panics if they fail, which every test of the pages shows.
func headsOf(name, title string) heads {
	s := section{Client: name, Title: title, Underline: underline(title, '-')}
	var contents, head, text strings.Builder
	if err := sectionT.ExecuteTemplate(&contents, "contents-item", s); err != nil {
		panic(err)
	}
	if err := sectionT.ExecuteTemplate(&head, "section-head", s); err != nil {
		panic(err)
	}
	if err := sectionTextT.ExecuteTemplate(&text, "section-head", s); err != nil {
		panic(err)
	}
	return heads{contentsHTML: contents.String(), sectionHTML: head.String(), sectionText: text.String()}
}

// Title returns the heading of name's section: the client's own title, or
// its name when it has no Guide.
func Title(name string) string { return titleOf(name, clients[name].guide) }

func titleOf(name string, g generators.Guide) string {
	if g != nil {
		return g.Title()
	}
	return name
}

// steps returns the section of name for a: the client's own steps, or the
// general section.
func steps(name string, a account.Account) (generators.Steps, error) {
	if g := clients[name].guide; g != nil {
		st, err := g.Steps(a)
		if err != nil {
			return generators.Steps{}, fmt.Errorf("%s: %w", name, err)
		}
		return st, nil
	}
	var txt, page bytes.Buffer
	if err := textT.ExecuteTemplate(&txt, "client-other.txt.tmpl", nil); err != nil {
		return generators.Steps{}, err
	}
	if err := pageT.ExecuteTemplate(&page, "client-other.html.tmpl", nil); err != nil {
		return generators.Steps{}, err
	}
	return generators.Steps{Text: txt.String(), HTML: htmltemplate.HTML(page.String())}, nil
}

// page is the data of readme.txt.tmpl and readme.html.tmpl. README.txt
// prints the strings as they are; html/template escapes them in README.html.
type page struct {
	DisplayName, Email, Name, Organization string
	// ClientTitles lists the sections' titles, for README.html's first
	// paragraph; Intro is README.txt's, wrapped.
	ClientTitles, Intro string
	Underline           string // "=" under "Email setup kit for " + DisplayName
	Contents            bool   // more than one section: README.html lists them at the top
	// ContentsHTML is README.html's list of the sections, SectionsHTML and
	// SectionsText the sections: each client's lines from
	// section.{txt,html}.tmpl and its steps.
	ContentsHTML, SectionsHTML htmltemplate.HTML
	SectionsText               string
	// HasTerminal says the kit holds a terminal client.
	HasTerminal             bool
	Verify, PasswordCommand string
	// Table and TableText (the table laid out in aligned columns) hold
	// the person's user name.
	Table     []Row
	TableText string
	pageProfile
}

// pageProfile is the part of page that is not the person's: the servers'
// settings, the same for everyone of one profile. The templates' pieces
// that print only these are executed once per pageProfile and reused
// (generators.Pieces); every field is part of the cache's key.
type pageProfile struct {
	ProfileName string
	// PasswordNeeded says a server asks for a login; Insecure, that one is
	// unencrypted; SameSecurity, that sending uses the security of
	// receiving; SameHost, that sending and receiving use one host (on
	// different ports).
	PasswordNeeded, Insecure, SameSecurity, SameHost bool
	NoneLabel                                        string // how the table shows an unencrypted server
	OutgoingHost, OutgoingPort, OutgoingSecurity     string
	IncomingPort, IncomingSecurity                   string
}

// section is the data of section.{txt,html}.tmpl: a client's name and
// the heading of its section.
type section struct {
	Client, Title, Underline string
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
	p := page{
		DisplayName:     name,
		Email:           a.Email,
		Name:            a.Name,
		Organization:    a.Organization,
		Underline:       strings.Repeat("=", runeLen("Email setup kit for ")+runeLen(name)),
		Contents:        len(a.Clients) > 1,
		Verify:          "spectrumgen verify --email " + a.Email,
		PasswordCommand: a.PasswordCommand,
		Table:           table,
		TableText:       textTable(table),
		pageProfile: pageProfile{
			ProfileName:      a.ProfileName,
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
		},
	}
	titles := make([]string, 0, len(a.Clients))
	var contents, sectionsHTML, sectionsText strings.Builder
	sectionsHTML.Grow(2 << 10 * len(a.Clients))
	sectionsText.Grow(1536 * len(a.Clients))
	for _, c := range a.Clients {
		st, err := steps(c, a)
		if err != nil {
			return nil, nil, fmt.Errorf("instructions: steps of %w", err)
		}
		cl, ok := clients[c]
		title := titleOf(c, cl.guide)
		if !ok {
			cl.heads = headsOf(c, title)
		}
		titles = append(titles, title)
		// html/template printed each part for a place in HTML text, where
		// it goes here; the page prints the HTML as it is (template.HTML).
		contents.WriteString(cl.heads.contentsHTML)
		sectionsHTML.WriteString(cl.heads.sectionHTML)
		sectionsHTML.WriteString(string(st.HTML))
		sectionsHTML.WriteString("\n</section>")
		sectionsText.WriteString(cl.heads.sectionText)
		sectionsText.WriteString(st.Text)
		p.HasTerminal = p.HasTerminal || cl.terminal
	}
	p.ContentsHTML = htmltemplate.HTML(contents.String())
	p.SectionsHTML = htmltemplate.HTML(sectionsHTML.String())
	p.SectionsText = sectionsText.String()
	p.ClientTitles = strings.Join(titles, "; ")
	if len(a.Clients) == 0 {
		p.ClientTitles = "no mail program (see the Technical Settings Reference)"
	}
	forWhom := ""
	if a.Name != "" {
		forWhom = " for " + a.Name
	}
	if a.Organization != "" {
		forWhom += " (" + a.Organization + ")"
	}
	p.Intro = wrap("This kit sets up the email address " + a.Email + forWhom + ". It holds ready-made settings for: " + p.ClientTitles + ".")

	var t, h bytes.Buffer
	// A page's size (about 4 KB of text and 8 KB of HTML, and 1.5 and 2 KB
	// more a section), so the buffers are not grown and copied as it is
	// written.
	t.Grow(4<<10 + 1536*len(a.Clients))
	h.Grow(8<<10 + 2<<10*len(a.Clients))
	if err := readmeText.Execute(&t, &p, p.pageProfile); err != nil {
		return nil, nil, fmt.Errorf("instructions: README.txt: %w", err)
	}
	if err := readmeHTML.Execute(&h, &p, p.pageProfile); err != nil {
		return nil, nil, fmt.Errorf("instructions: README.html: %w", err)
	}
	return append(bytes.TrimRight(t.Bytes(), "\n"), '\n'), h.Bytes(), nil
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

func runeLen(s string) int { return utf8.RuneCountInString(s) }

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
