package outlook

import (
	"bytes"
	"embed"
	"text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: install.cmd.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed install.cmd.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = template.Must(template.New("install.cmd.tmpl").ParseFS(files, "install.cmd.tmpl"))
	steps  = generators.MustParseSteps(files)
)

// render executes install.cmd.tmpl with d.
func render(d any) ([]byte, error) {
	var b bytes.Buffer
	if err := format.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Title implements generators.Guide.
func (Generator) Title() string { return "Outlook for Windows (classic)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }
