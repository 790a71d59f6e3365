package instructions

import (
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// files are the templates of the kit's pages that belong to no one client:
// one person's README (readme.{txt,html}.tmpl), the section of a client
// without steps of its own (client-other.{txt,html}.tmpl), the kit index
// (index.html.tmpl, with style.html.tmpl) and server/README.txt
// (server-readme.txt.tmpl). Each client's steps are in its own package
// (generators.Guide).
//
//go:embed templates/*.tmpl
var files embed.FS

var (
	// textT holds README.txt and the general section's text: plain text,
	// nothing escaped.
	textT = texttemplate.Must(texttemplate.New("").ParseFS(files,
		"templates/readme.txt.tmpl", "templates/client-other.txt.tmpl"))
	// pageT holds README.html and the general section's HTML: html/template,
	// which escapes every value for the place it is printed.
	pageT = htmltemplate.Must(htmltemplate.New("").ParseFS(files,
		"templates/readme.html.tmpl", "templates/client-other.html.tmpl", "templates/style.html.tmpl"))
	// indexT holds the kit index: html/template too.
	indexT = htmltemplate.Must(htmltemplate.New("").ParseFS(files,
		"templates/index.html.tmpl", "templates/style.html.tmpl"))
	// serverT holds server/README.txt.
	serverT = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"join": strings.Join}).ParseFS(files,
		"templates/server-readme.txt.tmpl"))
)
