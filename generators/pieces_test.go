package generators

import (
	"bytes"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	texttemplate "text/template"
)

type pieceProfile struct {
	Host string
	TLS  bool
	Rows [2]pieceRow
}

type pieceRow struct{ Label string }

type pieceData struct {
	Email, Name string
	Host        string
	TLS         bool
	Rows        [2]pieceRow
}

// pieceHTML puts person values and profile values next to each other in
// every kind of place html/template escapes differently: text, a quoted
// and an unquoted attribute, a URL, a script, a style, a title (RCDATA).
const pieceHTML = `<title>Kit for {{.Name}} at {{.Host}}</title>
<p>Server <code>{{.Host}}</code>{{if .TLS}} (TLS){{end}}, address <code>{{.Email}}</code>.</p>
<a href="mailto:{{.Email}}?subject={{.Host}}" title="{{.Host}} {{.Name}}">{{.Name}}</a>
<img alt={{.Host}} src="{{.Host}}/{{.Email}}">
<script>var host = {{.Host}}, who = {{.Name}};</script>
<style>p { font-family: {{.Host}}; }</style>
<table>{{range .Rows}}<tr><td title="{{.Label}}">{{.Label}}</td></tr>{{end}}</table>
<p>{{.Host}}</p>{{template "tail"}}`

const pieceText = `Kit for {{.Name}} at {{.Host}}{{if .TLS}} (TLS){{end}}
address: {{.Email}} {{.Host}}
`

var pieceFS = fstest.MapFS{
	"page.html.tmpl": {Data: []byte(pieceHTML)},
	"tail.html.tmpl": {Data: []byte(`{{define "tail"}}<footer>end</footer>{{end}}`)},
	"page.txt.tmpl":  {Data: []byte(pieceText)},
}

var (
	htmlPieces = MustParseHTMLPieces[pieceProfile](pieceFS, "page.html.tmpl", "tail.html.tmpl")
	textPieces = MustParseTextPieces[pieceProfile](pieceFS, "page.txt.tmpl")
	htmlWhole  = htmltemplate.Must(htmltemplate.ParseFS(pieceFS, "page.html.tmpl", "tail.html.tmpl"))
	textWhole  = texttemplate.Must(texttemplate.ParseFS(pieceFS, "page.txt.tmpl"))
)

// checkPieces compares the pieces' output with the whole template's.
func checkPieces(t *testing.T, d pieceData) {
	t.Helper()
	d.Rows = [2]pieceRow{{d.Host}, {"<" + d.Host}}
	p := pieceProfile{Host: d.Host, TLS: d.TLS, Rows: d.Rows}
	var got, want bytes.Buffer
	if err := htmlPieces.Execute(&got, d, p); err != nil {
		t.Fatal(err)
	}
	if err := htmlWhole.Execute(&want, d); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("HTML pieces for %+v:\n%s\nwhole template:\n%s", d, got.String(), want.String())
	}
	got.Reset()
	want.Reset()
	if err := textPieces.Execute(&got, d, p); err != nil {
		t.Fatal(err)
	}
	if err := textWhole.Execute(&want, d); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("text pieces for %+v:\n%s\nwhole template:\n%s", d, got.String(), want.String())
	}
}

// TestPiecesSameAsWhole: the pieces print what the whole template prints,
// for hostile values, and the profile pieces are cached by profile.
func TestPiecesSameAsWhole(t *testing.T) {
	for _, d := range []pieceData{
		{Email: "a@b.example", Name: "Zoë", Host: "mail.example", TLS: true},
		{Email: "x+y@b.example", Name: `"<b>'&</b>" </script> javascript:alert(1)`, Host: `</style><script>`, TLS: false},
		{Email: "a@b.example", Name: "}} {{.Email}} ${x} `", Host: `" onload="x`, TLS: true},
	} {
		checkPieces(t, d)
	}
	// Two people of one profile share the profile pieces' output.
	if n := len(htmlPieces.cache); n != 3 {
		t.Errorf("the HTML pieces cache %d profiles, want 3", n)
	}
}

// TestPiecesCut: person and profile pieces alternate, and no cut is made
// inside a tag, an attribute, a script, a style or a title.
func TestPiecesCut(t *testing.T) {
	var person, profile int
	for _, pc := range htmlPieces.pieces {
		if pc.profile {
			profile++
		} else {
			person++
		}
	}
	if person == 0 || profile < 2 {
		t.Errorf("%d person and %d profile pieces, want both kinds", person, profile)
	}
}

// TestReadsOnly: which nodes read only the profile's fields.
func TestReadsOnly(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"text", true},
		{"{{.Host}}", true},
		{`{{if and .TLS (eq .Host "x")}}{{.Host}}{{else}}no{{end}}`, true},
		{"{{range .Rows}}{{.Label}}{{else}}{{.Host}}{{end}}", true},
		{`{{template "x"}}`, true},
		{"{{.Email}}", false},
		{"{{if .TLS}}{{.Name}}{{end}}", false},
		{"{{range .Rows}}{{.Host}}{{end}}", false},
		{"{{range .Rows}}{{$}}{{end}}", false},
		{"{{range $i, $r := .Rows}}{{$r.Label}}{{end}}", false},
		{"{{.}}", false},
		{"{{with .Host}}{{.}}{{end}}", false},
		{`{{template "x" .}}`, false},
		{"{{$x := .Host}}{{$x}}", false},
	} {
		tree := texttemplate.Must(texttemplate.New("t").Parse(tc.src + `{{define "x"}}{{end}}`)).Tree
		got := true
		for _, n := range tree.Root.Nodes {
			got = got && readsOnly(n, reflect.TypeFor[pieceProfile]())
		}
		if got != tc.want {
			t.Errorf("readsOnly(%s) = %v, want %v", tc.src, got, tc.want)
		}
	}
	// The first line's values sit in a title: one piece up to </title>.
	if pc := htmlPieces.pieces[0]; pc.profile {
		t.Errorf("the first piece (a title with the person's name) counts as profile-level")
	}
}

// TestPiecesBoundCache: the cache never holds more than maxProfiles.
func TestPiecesBoundCache(t *testing.T) {
	for i := range 2*maxProfiles + 1 {
		checkPieces(t, pieceData{Email: "a@b.example", Host: strings.Repeat("h", i+1)})
		if n := len(textPieces.cache); n > maxProfiles {
			t.Fatalf("the cache holds %d profiles, more than %d", n, maxProfiles)
		}
	}
}

// FuzzPieces: for any values, the pieces print what the whole template
// prints.
func FuzzPieces(f *testing.F) {
	f.Add("a@b.example", "Zoë </title>", "mail.example", true)
	f.Add("\"'<>&", "\x00\u2028", "javascript:x", false)
	f.Fuzz(func(t *testing.T, email, name, host string, tls bool) {
		checkPieces(t, pieceData{Email: email, Name: name, Host: host, TLS: tls})
	})
}

type typedData struct {
	Plain string
	Safe  htmltemplate.HTML
}

// TestPiecesValuesByType: a piece printing a template.HTML field is not
// taken for one printing a string of the same value (html/template
// escapes the one and not the other).
func TestPiecesValuesByType(t *testing.T) {
	fsys := fstest.MapFS{"t.html.tmpl": {Data: []byte(`<p>{{.Plain}}</p><p>{{.Safe}}</p><p>{{.Plain}}</p>`)}}
	p := MustParseHTMLPieces[struct{}](fsys, "t.html.tmpl")
	for _, d := range []typedData{{"<b>x</b>", "<b>x</b>"}, {"a&b", "<i>a&amp;b</i>"}} {
		var got bytes.Buffer
		if err := p.Execute(&got, d, struct{}{}); err != nil {
			t.Fatal(err)
		}
		want := "<p>" + htmltemplate.HTMLEscapeString(d.Plain) + "</p><p>" + string(d.Safe) + "</p><p>" + htmltemplate.HTMLEscapeString(d.Plain) + "</p>"
		if got.String() != want {
			t.Errorf("pieces print %q, want %q", got.String(), want)
		}
	}
}
