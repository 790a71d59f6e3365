package k9mail

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetext"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

//go:embed templates
var templates embed.FS

var steps = guidetext.MustParse(templates)

// Title implements generators.Guide.
func (Generator) Title() string { return "K-9 Mail (settings file)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) {
	if _, err := build(a); err != nil {
		return generators.Steps{}, err
	}
	return steps.Render(struct{ Email, File string }{a.Email, FilePath(a)})
}
