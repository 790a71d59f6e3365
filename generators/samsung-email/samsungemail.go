// Package samsungemail has the steps to add an account to Samsung Email by hand (Manual setup, IMAP account), with the person's own values. Samsung Email calls implicit TLS "SSL" and STARTTLS "TLS"; the labels map the profile's security to those words.
package samsungemail

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetext"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the samsung-email client: steps in the kit's pages, no file.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "samsung-email" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "Samsung Email on Android: step-by-step pages with the person's values (no file)"
}

// Title implements generators.Guide.
func (Generator) Title() string { return "Samsung Email on Android" }

// Labels are the app's words for each kind of security.
var Labels = guidetext.Labels{
	account.SSL:      "SSL",
	account.STARTTLS: "TLS",
	account.None:     "None",
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
