// Package templates holds the embedded text templates of line-oriented
// formats and of the kit instructions. Every value a template prints has
// already been escaped for its format by the generator that fills it in.
package templates

import (
	"embed"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

// Text holds every *.tmpl file, parsed once at start.
var Text = template.Must(template.New("").ParseFS(files, "*.tmpl"))
