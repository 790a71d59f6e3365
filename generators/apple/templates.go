package apple

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: its README steps
// (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed steps.txt.tmpl steps.html.tmpl
var files embed.FS

var steps = generators.MustParseSteps(files)

// Title implements generators.Guide.
func (Generator) Title() string { return "iPhone, iPad and Mac (Apple Mail)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }
