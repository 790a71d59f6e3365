package tbandroid

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
func (Generator) Title() string { return "Thunderbird for Android (QR code)" }

// stepsData is what the step templates print.
type stepsData struct {
	Email, PNG string
	// Size is the code's width in README.html, in CSS pixels: 4 a module,
	// big enough for a phone camera held at arm's length from a screen.
	Size int
}

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) {
	p, err := Payload(a)
	if err != nil {
		return generators.Steps{}, err
	}
	size := (codeSize(len(p)) + 2*quietZone) * 4
	return steps.Render(stepsData{Email: a.Email, PNG: PNGPath, Size: size})
}
