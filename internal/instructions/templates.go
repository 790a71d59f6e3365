package templates

import "embed"

// Instructions holds the templates of the kit's pages for people:
// instructions/readme.{txt,html}.tmpl (one person's README), one block per
// client in instructions/client-<name>.{txt,html}.tmpl (steps.{txt,html}.tmpl
// picks a section's block), the kit index (index.html.tmpl, with
// style.html.tmpl) and server/README.txt (server-readme.txt.tmpl).
//
// Package instructions renders the README pages and blocks for every person
// through a Cache, so they only print and test fields. README.html and its
// blocks are text/template too: their data holds only strings that package
// instructions has escaped exactly as html/template would in the place each
// is printed (its tests render them with html/template as well and compare).
// The kit index, rendered once per run, is html/template, which escapes
// every value.
//
//go:embed instructions/*.tmpl
var Instructions embed.FS
