package guidetext

import (
	htmltemplate "html/template"
	"io/fs"
	texttemplate "text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Templates are a client's two step templates, templates/steps.txt.tmpl
// and templates/steps.html.tmpl of its embedded files.
type Templates struct {
	txt  *texttemplate.Template
	html *htmltemplate.Template
}

// MustParse parses the step templates of fsys, a client's embedded files;
// it panics when they are missing or do not parse, which every test of the
// client then shows.
func MustParse(fsys fs.FS) Templates {
	return Templates{
		txt:  texttemplate.Must(texttemplate.ParseFS(fsys, "templates/steps.txt.tmpl")),
		html: htmltemplate.Must(htmltemplate.ParseFS(fsys, "templates/steps.html.tmpl")),
	}
}

// Render executes both templates with data (see the package's Render).
func (t Templates) Render(data any) (generators.Steps, error) { return Render(t.txt, t.html, data) }

// StepsOnly is what the clients for apps that take no file share: their
// step templates and the app's words for each kind of security. Such a
// client's Generate and Steps are StepsOnly's.
type StepsOnly struct {
	Templates
	labels Labels
}

// MustStepsOnly parses the templates of fsys (see MustParse).
func MustStepsOnly(fsys fs.FS, labels Labels) StepsOnly {
	return StepsOnly{Templates: MustParse(fsys), labels: labels}
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
	return s.Render(v)
}
