package msmtp

import (
	"embed"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// files are the client's templates, embedded: msmtprc.tmpl (the file it
// writes) and its README steps (steps.txt.tmpl, steps.html.tmpl).
//
//go:embed msmtprc.tmpl steps.txt.tmpl steps.html.tmpl
var files embed.FS

var (
	format = generators.MustParseFormat(files, "msmtprc.tmpl")
	steps  = generators.MustParseSteps(files)
)

// Title implements generators.Guide.
func (Generator) Title() string { return "msmtp (sending from the terminal)" }

// Steps implements generators.Guide.
func (Generator) Steps(a account.Account) (generators.Steps, error) { return steps.Render(a) }

// Terminal implements generators.Terminal: the client runs in a terminal.
func (Generator) Terminal() bool { return true }
