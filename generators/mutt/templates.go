package mutt

import (
	"bytes"
	"embed"
	"text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: muttrc.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed muttrc.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = template.Must(template.New("muttrc.tmpl").ParseFS(files, "muttrc.tmpl"))
	steps  = generators.MustParseSteps(files)
)

// render executes muttrc.tmpl with d.
func render(d any) ([]byte, error) {
	var b bytes.Buffer
	if err := format.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Title implements generators.Guide.
func (Generator) Title() string { return "mutt and NeoMutt" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }

// Terminal implements generators.Terminal: the client runs in a terminal.
func (Generator) Terminal() bool { return true }
