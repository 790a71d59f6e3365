package thunderbird

import (
	"bytes"
	"embed"
	"text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: user.js.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed user.js.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = template.Must(template.New("user.js.tmpl").ParseFS(files, "user.js.tmpl"))
	steps  = generators.MustParseSteps(files)
)

// render executes user.js.tmpl with d.
func render(d any) ([]byte, error) {
	var b bytes.Buffer
	if err := format.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Title implements generators.Guide.
func (Generator) Title() string { return "Thunderbird" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }
