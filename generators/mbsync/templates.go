package mbsync

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: mbsyncrc.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed mbsyncrc.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = generators.MustParseFormat(files, "mbsyncrc.tmpl")
	steps  = generators.MustParseSteps(files)
)

// Title implements generators.Guide.
func (Generator) Title() string { return "mbsync / isync (a local copy of your mail)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }

// Terminal implements generators.Terminal: the client runs in a terminal.
func (Generator) Terminal() bool { return true }
