package templates

import "embed"

// Instructions holds the templates of the kit's pages for people:
// instructions/readme.{txt,html}.tmpl (one person's README), one block per
// client in instructions/client-<name>.{txt,html}.tmpl, the kit index
// (index.html.tmpl) and server/README.txt (server-readme.txt.tmpl). They are
// parsed by package instructions: html/template for .html.tmpl, so every
// value is escaped, and text/template for .txt.tmpl.
//
//go:embed instructions/*.tmpl
var Instructions embed.FS
