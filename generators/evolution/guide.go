package evolution

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
func (Generator) Title() string { return "GNOME Evolution" }

// stepsData is what the step templates print.
type stepsData struct {
	Email                        string
	Account, Identity, Transport string // the files' paths in the kit
}

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) {
	if err := (Generator{}).Check(a); err != nil {
		return generators.Steps{}, err
	}
	u := UIDsOf(a)
	return steps.Render(stepsData{
		Email:     a.Email,
		Account:   Dir + u.Account + ".source",
		Identity:  Dir + u.Identity + ".source",
		Transport: Dir + u.Transport + ".source",
	})
}
