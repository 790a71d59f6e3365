package mbsync

import (
	"bytes"
	"embed"
	"text/template"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: mbsyncrc.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed mbsyncrc.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = template.Must(template.New("mbsyncrc.tmpl").ParseFS(files, "mbsyncrc.tmpl"))
	steps  = generators.MustParseSteps(files)
)

// render executes mbsyncrc.tmpl with d.
func render(d any) ([]byte, error) {
	var b bytes.Buffer
	if err := format.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Title implements generators.Guide.
func (Generator) Title() string { return "mbsync / isync (a local copy of your mail)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }

// Terminal implements generators.Terminal: the client runs in a terminal.
func (Generator) Terminal() bool { return true }
