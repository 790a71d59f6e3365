package instructions

import (
	"bytes"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// escapeContexts are the places README.html prints values, each with the
// escaping function Readme uses there, as html/template templates with the
// value between the markers.
var escapeContexts = []struct {
	name string
	t    *htmltemplate.Template
	esc  func(string) escaped
}{
	{"text", htmltemplate.Must(htmltemplate.New("").Parse(`<p>[{{.}}]</p>`)), escapeHTML},
	{"code", htmltemplate.Must(htmltemplate.New("").Parse(`<code>[{{.}}]</code>`)), escapeHTML},
	{"pre", htmltemplate.Must(htmltemplate.New("").Parse(`<pre>[{{.}}]</pre>`)), escapeHTML},
	{"title", htmltemplate.Must(htmltemplate.New("").Parse(`<title>[{{.}}]</title>`)), escapeHTML},
	{"attribute", htmltemplate.Must(htmltemplate.New("").Parse(`<section id="client-[{{.}}]">`)), escapeHTML},
	{"URL path", htmltemplate.Must(htmltemplate.New("").Parse(`<a href="apple/[{{.}}].mobileconfig">`)), escapeURLPath},
	{"URL fragment", htmltemplate.Must(htmltemplate.New("").Parse(`<a href="#client-[{{.}}]">`)), escapeURLFragment},
}

// checkEscape compares each escaping function with html/template's output
// for s in its context.
func checkEscape(t *testing.T, s string) {
	t.Helper()
	for _, c := range escapeContexts {
		var b bytes.Buffer
		if err := c.t.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(b.String(), "[")
		i := strings.LastIndex(rest, "]")
		if i < 0 {
			t.Fatalf("%s: no end marker in %q", c.name, b.String())
		}
		if want, got := rest[:i], string(c.esc(s)); got != want {
			t.Errorf("%s: escaping %q gives %q, html/template %q", c.name, s, got, want)
		}
	}
}

func TestEscapeMatchesHTMLTemplate(t *testing.T) {
	in := []string{"", "plain", "a+b@example.com", "\x00", "\xff\xfe", "\xc0\x80<", "%", "%4", "%41", "%4g", "%%41",
		`<>&'"+ =` + "`", "Zoë 山田 😀 \u2028 \ufeff", "\t\n\r\v\f", "#?/:;@!$&*,=[]~-._", "\x7f\x01\x1f"}
	in = append(in, fixture.HostileNames...)
	for b := range 256 {
		in = append(in, string(rune(b)), string([]byte{byte(b)}), "x"+string([]byte{byte(b)})+"y")
	}
	for _, s := range in {
		checkEscape(t, s)
	}
}

func FuzzEscapeMatchesHTMLTemplate(f *testing.F) {
	for _, s := range fixture.HostileNames {
		f.Add(s)
	}
	f.Add("%41%zz%4\x00\xff+&<>\"'")
	f.Fuzz(checkEscape)
}

// TestStepsCoverBlocks checks steps.{txt,html}.tmpl reach the block of
// every client that has one, and client-other for any other client.
func TestStepsCoverBlocks(t *testing.T) {
	a := fixture.Hostile(t)[0]
	block := txtBlock{Email: a.Email, PasswordCommand: a.PasswordCommand, OutlookFolder: a.Options.OutlookFolder}
	var clients []string
	for _, tt := range textT.Templates() {
		if c, ok := strings.CutPrefix(tt.Name(), "client-"); ok {
			clients = append(clients, strings.TrimSuffix(c, ".txt.tmpl"))
		}
	}
	if len(clients) < len(Clients)+1 {
		t.Fatalf("found the blocks of %q only", clients)
	}
	for _, c := range append(clients, "no-such-client") {
		name := "client-" + c
		if c == "no-such-client" {
			name = "client-other"
		} else if c != "other" && stepsOf(c) == (steps{}) {
			t.Errorf("client %s has blocks but no flag in steps", c)
		}
		if pageT.Lookup(name+".html.tmpl") == nil {
			t.Errorf("client %s has no %s.html.tmpl", c, name)
		}
		var b bytes.Buffer
		if err := textT.ExecuteTemplate(&b, name+".txt.tmpl", block); err != nil {
			t.Fatal(err)
		}
		a.Clients = []string{c}
		txt, _, err := Readme(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(txt, []byte(Title(c)+"\n"+underline(Title(c), '-')+"\n"+b.String()+"\n\n\n")) {
			t.Errorf("README.txt for %s does not hold the block %s", c, name)
		}
	}
}

// TestHTMLDataIsEscaped checks every string README.html's templates can
// reach is of type escaped: made by the functions of escape.go.
func TestHTMLDataIsEscaped(t *testing.T) {
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.String:
			if typ != reflect.TypeFor[escaped]() {
				t.Errorf("%s is a %s, not escaped", path, typ)
			}
		case reflect.Slice:
			check(path+"[]", typ.Elem())
		case reflect.Struct:
			for i := range typ.NumField() {
				check(path+"."+typ.Field(i).Name, typ.Field(i).Type)
			}
		case reflect.Bool:
		default:
			t.Errorf("%s is a %s", path, typ)
		}
	}
	check("htmlPage", reflect.TypeFor[htmlPage]())
}
