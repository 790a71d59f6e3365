package thunderbird

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: user.js.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed user.js.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = generators.MustParseFormat(files, "user.js.tmpl")
	steps  = generators.MustParseSteps(files)
)

// Title implements generators.Guide.
func (Generator) Title() string { return "Thunderbird" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }
