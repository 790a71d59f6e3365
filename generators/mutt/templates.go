package mutt

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: muttrc.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed muttrc.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = generators.MustParseFormat(files, "muttrc.tmpl")
	steps  = generators.MustParseSteps(files)
)

// Title implements generators.Guide.
func (Generator) Title() string { return "mutt and NeoMutt" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }

// Terminal implements generators.Terminal: the client runs in a terminal.
func (Generator) Terminal() bool { return true }
