package guidetext

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"sync"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Templates are a client's two step templates, templates/steps.txt.tmpl
// and templates/steps.html.tmpl of its embedded files, cut into pieces
// (generators.Pieces): what prints no data is executed once, the rest for
// each person.
type Templates struct{ pieces[struct{}] }

// MustParse parses the step templates of fsys, a client's embedded files;
// it panics when they are missing or do not parse, which every test of the
// client then shows.
func MustParse(fsys fs.FS) Templates { return Templates{mustParsePieces[struct{}](fsys)} }

// Render executes both templates with data and returns the section's
// steps: the text wrapped to Width, neither with a trailing newline.
func (t Templates) Render(data any) (generators.Steps, error) { return t.render(data, struct{}{}) }

// StepsOnly is what the clients for apps that take no file share: their
// step templates and the app's words for each kind of security. Such a
// client's Generate and Steps are StepsOnly's.
type StepsOnly struct {
	steps  pieces[Profile]
	labels Labels
}

// MustStepsOnly parses the templates of fsys (see MustParse); the pieces
// that print only a Profile's values are executed once per profile.
func MustStepsOnly(fsys fs.FS, labels Labels) StepsOnly {
	return StepsOnly{steps: mustParsePieces[Profile](fsys), labels: labels}
}

// Generate writes no file (the app takes none); it refuses an account whose
// values the steps cannot show, as the client's Generate.
func (s StepsOnly) Generate(a account.Account) ([]generators.File, error) {
	if _, err := ValuesOf(a, s.labels); err != nil {
		return nil, err
	}
	return nil, nil
}

// Steps renders the steps with a's values.
func (s StepsOnly) Steps(a account.Account) (generators.Steps, error) {
	v, err := ValuesOf(a, s.labels)
	if err != nil {
		return generators.Steps{}, err
	}
	return s.steps.render(v, v.Profile())
}

// pieces are the two step templates cut into pieces whose profile-level
// data is P.
type pieces[P comparable] struct {
	txt, html *generators.Pieces[P]
}

func mustParsePieces[P comparable](fsys fs.FS) pieces[P] {
	return pieces[P]{
		txt:  generators.MustParseTextPieces[P](fsys, "templates/steps.txt.tmpl"),
		html: generators.MustParseHTMLPieces[P](fsys, "templates/steps.html.tmpl"),
	}
}

// render executes both with data, whose profile-level values are profile,
// and returns the steps as Templates.Render does.
func (p pieces[P]) render(data any, profile P) (generators.Steps, error) {
	tb, hb := getBuffer(), getBuffer()
	defer putBuffer(tb)
	defer putBuffer(hb)
	if err := p.txt.Execute(tb, data, profile); err != nil {
		return generators.Steps{}, fmt.Errorf("README.txt steps: %w", err)
	}
	if err := p.html.Execute(hb, data, profile); err != nil {
		return generators.Steps{}, fmt.Errorf("README.html steps: %w", err)
	}
	return generators.Steps{
		Text: Wrap(strings.TrimRight(tb.String(), "\n")),
		HTML: htmltemplate.HTML(bytes.TrimRight(hb.Bytes(), "\n")),
	}, nil
}

// buffers are reused for every person's steps: a few KB each, which would
// otherwise be allocated and grown for every client of every person.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	b.Reset()
	buffers.Put(b)
}
