// Package applemanual has the steps to add an account to Apple Mail by hand, for people who cannot install a configuration profile (the apple client's file). Apple Mail has one "Use SSL" switch for implicit TLS and STARTTLS alike.
package applemanual

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetext"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the apple-manual client: steps in the kit's pages, no file.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "apple-manual" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "Apple Mail set up by hand on iPhone, iPad and Mac: step-by-step pages (no file; the apple client has the profile)"
}

// Title implements generators.Guide.
func (Generator) Title() string { return "Apple Mail set up by hand (iPhone, iPad, Mac)" }

// Labels are the app's words for each kind of security.
var Labels = guidetext.Labels{
	account.SSL:      "on",
	account.STARTTLS: "on",
	account.None:     "off",
}

//go:embed templates
var templates embed.FS

// steps are the app's README steps; it takes no file.
var steps = guidetext.MustStepsOnly(templates, Labels)

// Generate implements generators.Generator: the app takes no file, so the
// kit holds only its steps.
func (Generator) Generate(a account.Account) ([]generators.File, error) { return steps.Generate(a) }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Steps(a) }
