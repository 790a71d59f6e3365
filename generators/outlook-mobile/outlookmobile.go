// Package outlookmobile has the steps to add an IMAP account to Outlook for iPhone and Android, which reads no settings file. It says that Microsoft syncs such accounts through its cloud.
package outlookmobile

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetext"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the outlook-mobile client: steps in the kit's pages, no file.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "outlook-mobile" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "Outlook for iPhone and Android: step-by-step pages; it syncs IMAP through Microsoft's cloud (no file)"
}

// Title implements generators.Guide.
func (Generator) Title() string { return "Outlook for iPhone and Android" }

// Labels are the app's words for each kind of security.
var Labels = guidetext.Labels{
	account.SSL:      "SSL/TLS",
	account.STARTTLS: "STARTTLS",
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
