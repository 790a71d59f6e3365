package k9mail

import (
	"embed"
	htmltemplate "html/template"
	texttemplate "text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetext"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

//go:embed templates
var templates embed.FS

var (
	stepsTxt  = texttemplate.Must(texttemplate.ParseFS(templates, "templates/steps.txt.tmpl"))
	stepsHTML = htmltemplate.Must(htmltemplate.ParseFS(templates, "templates/steps.html.tmpl"))
)

// Title implements generators.Guide.
func (Generator) Title() string { return "K-9 Mail (settings file)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) {
	if _, err := build(a); err != nil {
		return generators.Steps{}, err
	}
	return guidetext.Render(stepsTxt, stepsHTML, struct{ Email, File string }{a.Email, FilePath(a)})
}
