package instructions

import (
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/spectrumgen/spectrumgen/generators"
)

// files are the templates of the kit's pages that belong to no one client:
// one person's README (readme.{txt,html}.tmpl), a client's lines around its
// steps there (section.{txt,html}.tmpl), the section of a client without
// steps of its own (client-other.{txt,html}.tmpl), the kit index
// (index.html.tmpl, with style.html.tmpl) and server/README.txt
// (server-readme.txt.tmpl). Each client's steps are in its own package
// (generators.Guide).
//
//go:embed templates/*.tmpl
var files embed.FS

var (
	// readmeText is README.txt: plain text, nothing escaped. It and
	// readmeHTML are cut into pieces (generators.Pieces): those that print
	// only the profile's values are executed once per profile.
	readmeText = generators.MustParseTextPieces[pageProfile](files, "templates/readme.txt.tmpl")
	// readmeHTML is README.html: html/template, which escapes every value
	// for the place it is printed.
	readmeHTML = generators.MustParseHTMLPieces[pageProfile](files, "templates/readme.html.tmpl", "templates/style.html.tmpl")
	// sectionT and sectionTextT are a client's lines around its steps.
	sectionT     = htmltemplate.Must(htmltemplate.New("").ParseFS(files, "templates/section.html.tmpl"))
	sectionTextT = texttemplate.Must(texttemplate.New("").ParseFS(files, "templates/section.txt.tmpl"))
	// textT holds the general section's text.
	textT = texttemplate.Must(texttemplate.New("").ParseFS(files, "templates/client-other.txt.tmpl"))
	// pageT holds the general section's HTML.
	pageT = htmltemplate.Must(htmltemplate.New("").ParseFS(files, "templates/client-other.html.tmpl"))
	// indexT holds the kit index: html/template too.
	indexT = htmltemplate.Must(htmltemplate.New("").ParseFS(files,
		"templates/index.html.tmpl", "templates/style.html.tmpl"))
	// serverT holds server/README.txt.
	serverT = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"join": strings.Join}).ParseFS(files,
		"templates/server-readme.txt.tmpl"))
)
