package generators

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"sync"
	"sync/atomic"
	texttemplate "text/template"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Terminal is implemented by a client that runs in a terminal (mutt,
// msmtp...). A README that has such a client adds a note on how the
// terminal programs get the password.
type Terminal interface {
	// Terminal reports whether the client runs in a terminal.
	Terminal() bool
}

// StepTemplates are a client's README steps as two templates, both
// executed with the account: steps.txt.tmpl (text/template, for
// README.txt) and steps.html.tmpl (html/template, which escapes every
// value for the place it is printed). A client package embeds the two files
// and implements Guide.Steps with Render. They are cut into Pieces: the
// text between the person's values is executed once, not for each person.
type StepTemplates struct {
	text, html *Pieces[struct{}]
}

// MustParseSteps parses steps.txt.tmpl and steps.html.tmpl of fsys, a
// client's embedded files; it panics if either is missing or does not
// parse, which every test of the client then shows.
func MustParseSteps(fsys fs.FS) StepTemplates {
	return StepTemplates{
		text: MustParseTextPieces[struct{}](fsys, "steps.txt.tmpl"),
		html: MustParseHTMLPieces[struct{}](fsys, "steps.html.tmpl"),
	}
}

// Render executes both templates with a.
func (s StepTemplates) Render(a account.Account) (Steps, error) {
	txt, page := buffers.Get().(*bytes.Buffer), buffers.Get().(*bytes.Buffer)
	defer putBuffer(txt)
	defer putBuffer(page)
	if err := s.text.Execute(txt, &a, struct{}{}); err != nil {
		return Steps{}, fmt.Errorf("README.txt steps: %w", err)
	}
	if err := s.html.Execute(page, &a, struct{}{}); err != nil {
		return Steps{}, fmt.Errorf("README.html steps: %w", err)
	}
	// The HTML is html/template's output: every value in it is escaped.
	return Steps{Text: txt.String(), HTML: htmltemplate.HTML(page.String())}, nil
}

// buffers are reused for every person's steps: a few KB each, which would
// otherwise be allocated and grown for every client of every person.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	b.Reset()
	buffers.Put(b)
}

// FormatTemplate is the template of a line-oriented file a client writes
// (muttrc.tmpl...), executed with data whose values the client has already
// escaped for the format.
type FormatTemplate struct {
	t *texttemplate.Template
	// size is the length of the last file rendered: the next one, for
	// the next person, is about as long, so its buffer is made that size
	// at once instead of growing (and copying) several times.
	size *atomic.Int64
}

// MustParseFormat parses the template name of fsys, a client's embedded
// files; it panics if it is missing or does not parse.
func MustParseFormat(fsys fs.FS, name string) FormatTemplate {
	return FormatTemplate{texttemplate.Must(texttemplate.New(name).ParseFS(fsys, name)), new(atomic.Int64)}
}

// Render executes the template with d.
func (f FormatTemplate) Render(d any) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(f.size.Load()) + 256)
	if err := f.t.Execute(&b, d); err != nil {
		return nil, err
	}
	f.size.Store(int64(b.Len()))
	return b.Bytes(), nil
}
