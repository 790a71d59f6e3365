package aerc

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: accounts.conf.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed accounts.conf.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = generators.MustParseFormat(files, "accounts.conf.tmpl")
	steps  = generators.MustParseSteps(files)
)

// Title implements generators.Guide.
func (Generator) Title() string { return "aerc" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }

// Terminal implements generators.Terminal: the client runs in a terminal.
func (Generator) Terminal() bool { return true }
