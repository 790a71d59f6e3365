package templates

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"text/template"
)

// execute is the reference: plain text/template execution.
func execute(t *template.Template, name string, data any) ([]byte, error) {
	var b bytes.Buffer
	err := t.ExecuteTemplate(&b, name, data)
	return b.Bytes(), err
}

// sameAsExecute reports how Cache.Render differs from ExecuteTemplate for
// data, or "" when both give the same bytes or both fail.
func sameAsExecute(c *Cache, t *template.Template, name string, data any) string {
	want, werr := execute(t, name, data)
	got, gerr := c.Render(name, data)
	switch {
	case werr != nil && gerr != nil:
		return ""
	case werr != nil:
		return fmt.Sprintf("Render(%s, %#v) = %q, nil; ExecuteTemplate fails: %v", name, data, got, werr)
	case gerr != nil:
		return fmt.Sprintf("Render(%s, %#v) fails: %v; ExecuteTemplate gives %q", name, data, gerr, want)
	case !bytes.Equal(got, want):
		return fmt.Sprintf("Render(%s, %#v)\n got %q\nwant %q", name, data, got, want)
	}
	return ""
}

// tricky holds non-empty strings that could confuse a renderer working with
// markers: NUL, SOH, marker-like text, non-ASCII, invalid UTF-8, template
// syntax, format verbs, whitespace that trim markers must leave alone.
var tricky = []string{
	"x", "\x00", "\x01", "\x000\x01", "\x001\x01", "\x00\x01", "\x0099\x01", "\x00-1\x01",
	"a\x00b\x01c", "ünïcødé ✓ 日本語", "\xff\xfe", "{{.A}}", "%s%v%!", " ", "\n", "  padded  \n",
	"<&>\"'", "0", "false", strings.Repeat("long ", 20),
}

// vary returns a deep copy of data with every non-empty string replaced by a
// random non-empty one: a value of the same shape.
func vary(data any, rng *rand.Rand) any {
	return varyValue(reflect.ValueOf(data), rng).Interface()
}

func varyValue(v reflect.Value, rng *rand.Rand) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.String:
		if v.String() != "" {
			c.SetString(tricky[rng.IntN(len(tricky))])
		}
	case reflect.Slice:
		if v.IsNil() {
			return c
		}
		c.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
		for i := range v.Len() {
			c.Index(i).Set(varyValue(v.Index(i), rng))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			c.Field(i).Set(varyValue(v.Field(i), rng))
		}
	default:
		c.Set(v)
	}
	return c
}

// Data types of the equivalence tests: plain data, no methods.
type (
	item struct {
		Key, Val string
		On, Stop bool
	}
	inner struct {
		A string
		L []string
	}
	Embedded struct{ E string }
	plainStr string
	plainInt int
	data     struct {
		A, B  string
		On    bool
		N     int
		U     uint
		I8    int8
		L     []string
		Items []item
		First item
		In    inner
		Bytes []byte
		PS    plainStr
		PI    plainInt
		Embedded
	}
)

func someItems() []item {
	return []item{{"k1", "v1", true, false}, {"k2", "", false, false}, {"", "v3", true, true}, {"k4", "v4", false, false}}
}

// full is a value with everything set; the others are the same with one
// thing changed, so that each differs from full only in its shape.
var (
	full = data{A: "a", B: "b", On: true, N: 3, U: 7, I8: -2, L: []string{"x", "", "z"},
		Items: someItems(), First: item{"fk", "fv", true, false}, In: inner{"ia", []string{"i1"}},
		Bytes: []byte{0, 1, 255}, PS: "ps", PI: 5, Embedded: Embedded{"e"}}
	shapes = func() []any {
		out := []any{full, data{}}
		mod := func(f func(*data)) {
			d := full
			d.L = append([]string(nil), full.L...)
			d.Items = append([]item(nil), full.Items...)
			f(&d)
			out = append(out, d)
		}
		mod(func(d *data) { d.A = "" })
		mod(func(d *data) { d.B = "" })
		mod(func(d *data) { d.A, d.B = "", "" })
		mod(func(d *data) { d.A, d.B = "", "b" })
		mod(func(d *data) { d.A, d.B = "a", "" })
		mod(func(d *data) { d.On = false })
		mod(func(d *data) { d.N = 0 })
		mod(func(d *data) { d.N = -12 })
		mod(func(d *data) { d.N = 1 })
		mod(func(d *data) { d.U = 0 })
		mod(func(d *data) { d.I8 = 0 })
		mod(func(d *data) { d.L = nil })
		mod(func(d *data) { d.L = []string{} })
		mod(func(d *data) { d.L = []string{""} })
		mod(func(d *data) { d.L = []string{"", "", "z"} })
		mod(func(d *data) { d.L = []string{"x", "y", "z", "w"} })
		mod(func(d *data) { d.L = d.L[:1] })
		mod(func(d *data) { d.Items = nil })
		mod(func(d *data) { d.Items = d.Items[:1] })
		mod(func(d *data) { d.Items[0].On = false })
		mod(func(d *data) { d.Items[0].Val = "" })
		mod(func(d *data) { d.Items[1].Val = "v2" })
		mod(func(d *data) { d.Items[2].Stop = false })
		mod(func(d *data) { d.Items[0].Stop = true })
		mod(func(d *data) { d.First = item{} })
		mod(func(d *data) { d.First.On = false })
		mod(func(d *data) { d.In = inner{} })
		mod(func(d *data) { d.Bytes = []byte{1} })
		mod(func(d *data) { d.PS, d.PI = "", 0 })
		mod(func(d *data) { d.E = "" })
		return out
	}()
)

var equivCases = []struct {
	name string
	text string // parsed as template "t"; may define others
	data []any
}{
	{"text only", "plain text\n\twith \x01 and ünïcødé", shapes},
	{"empty template", "", shapes},
	{"field", "A={{.A}};", shapes},
	{"same field twice", "{{.A}}-{{.A}}-{{.B}}{{.A}}{{.B}}{{.B}}", shapes},
	{"if string else", "{{if .A}}A={{.A}}{{else}}no A{{end}}|{{if .B}}B={{.B}}{{else if .A}}only A{{else}}none{{end}}", shapes},
	{"if bool", "{{if .On}}on {{.A}}{{else}}off {{.B}}{{end}}", shapes},
	{"ints", "{{if .N}}n={{.N}}{{else}}zero{{end}} u={{.U}} {{if .U}}U{{end}} i8={{.I8}} {{.PI}}{{if .PI}}!{{end}}", shapes},
	{"if slice", "{{if .L}}has {{.L}}{{else}}empty{{end}} {{if .Items}}items{{else}}no items{{end}} {{if .Bytes}}{{.Bytes}}{{end}}", shapes},
	{"range strings else", "{{range .L}}[{{.}}]{{if .}}+{{end}}{{else}}none{{end}}.", shapes},
	{"range structs else", "{{range .Items}}{{.Key}}={{.Val}}{{if .On}}!{{end}}{{if .Val}}{{else}}(no value){{end}}\n{{else}}no items\n{{end}}end", shapes},
	{"range int", "{{range .N}}{{.}},{{else}}none{{end}} {{range .U}}<{{.}}>{{end}}{{.A}}", []any{
		data{N: 0}, data{N: 3}, data{N: 1, U: 2, A: "a"}, data{U: 3}}},
	{"break continue", "{{range .Items}}{{if .On}}{{continue}}{{end}}{{.Key}}{{if .Stop}}{{break}}{{end}};{{end}}", shapes},
	{"template call", `{{define "item"}}<{{.Key}}:{{.Val}}{{if .On}}*{{end}}>{{end}}` +
		`{{define "list"}}{{range .}}{{template "item" .}}{{else}}(empty){{end}}{{end}}` +
		`{{define "const"}}constant{{end}}{{define "dot"}}[{{.}}]{{end}}{{define "dots"}}{{range .}}{{template "dot" .}}{{end}}{{end}}` +
		`{{template "list" .Items}}|{{template "item" .First}}|{{template "const"}}|{{template "dot" .A}}{{template "dot" .L}}|{{template "dots" .In.L}}{{template "dots" .L}}`,
		shapes},
	{"trim markers", "a  \n  {{- .A -}}  \n b {{- if .On}} x {{- else -}} y {{end -}} \n {{- range .L}} [ {{- . -}} ] {{end -}}\n\t{{- .B}}  {{- /* comment */ -}}  z", shapes},
	{"nested fields", "{{.In.A}}|{{.In.L}}|{{range .In.L}}{{.}}{{end}}|{{.First.Key}}{{.E}}{{.Embedded.E}}", shapes},
	{"print whole values", "{{.}}\n{{.First}}\n{{.Items}}\n{{.In}}\n{{.PS}}", shapes},
	{"top-level string", "[{{.}}]{{if .}} set{{end}}", []any{"", "s", "\x000\x01", plainStr("p"), plainStr("")}},
	{"top-level slice", "{{range .}}{{.}};{{else}}none{{end}} {{.}}", []any{[]string(nil), []string{}, []string{"a"}, []string{"", "b"}, []string{"a", ""}}},
	{"top-level scalars", "{{.}}{{if .}}!{{end}}", []any{true, false, 0, 1, -1, uint8(0), uint64(1 << 63)}},
	{"emptiness only", "{{.A}}|{{.B}}|{{.L}}", []any{
		data{A: "", B: "x"}, data{A: "x", B: ""}, data{A: "x", B: "x"}, data{},
		data{L: []string{"", "y"}}, data{L: []string{"y", ""}}, data{L: []string{"", ""}}}},
}

// TestCacheMatchesExecute: for every case, Render gives ExecuteTemplate's
// bytes, first while the forms are made and then for many other values of
// the same shapes, which must reuse the forms rather than make new ones.
func TestCacheMatchesExecute(t *testing.T) {
	for _, tc := range equivCases {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New("t").Parse(tc.text))
			c := MustCache(tmpl)
			for _, d := range tc.data {
				if _, err := execute(tmpl, "t", d); err != nil {
					t.Fatalf("bad case: ExecuteTemplate(%#v): %v", d, err)
				}
				if msg := sameAsExecute(c, tmpl, "t", d); msg != "" {
					t.Fatal(msg)
				}
			}
			built := c.built()
			if built == 0 {
				t.Fatal("Render cached no form")
			}
			rng := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			for range 10 {
				for _, i := range rng.Perm(len(tc.data)) {
					if msg := sameAsExecute(c, tmpl, "t", vary(tc.data[i], rng)); msg != "" {
						t.Fatal(msg)
					}
				}
			}
			if n := c.built(); n != built {
				t.Errorf("values of known shapes made %d new forms; want them served from the %d cached", n-built, built)
			}
		})
	}
}

// TestCacheErrorsLikeExecute: where ExecuteTemplate fails, so does Render,
// also when the form would come from the cache.
func TestCacheErrorsLikeExecute(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse(`{{.A}}{{if .On}}{{.Missing}}{{end}}`))
	template.Must(tmpl.New("calls").Parse(`{{template "nowhere" .}}`))
	c := MustCache(tmpl)
	for _, tc := range []struct {
		name string
		data any
	}{
		{"t", data{A: "a", On: true}},
		{"t", data{A: "b", On: true}},
		{"calls", data{}},
		{"undefined", data{}},
	} {
		if _, err := c.Render(tc.name, tc.data); err == nil {
			t.Errorf("Render(%s, %#v) succeeded; ExecuteTemplate fails", tc.name, tc.data)
		}
	}
	if msg := sameAsExecute(c, tmpl, "t", data{A: "a"}); msg != "" {
		t.Error(msg)
	}
}

// TestCacheTypesWithTheSameShape: values of different types whose shapes
// read the same are rendered as their own types say.
func TestCacheTypesWithTheSameShape(t *testing.T) {
	type xy struct{ X, Y string }
	type yx struct{ Y, X string }
	type zw struct{ Z, W string }
	tmpl := template.Must(template.New("t").Parse("{{.X}}-{{.Y}}"))
	c := MustCache(tmpl)
	for _, d := range []any{xy{"1", "2"}, yx{"2", "1"}, zw{"1", "2"}, xy{"3", "4"}, yx{"4", "3"}} {
		if msg := sameAsExecute(c, tmpl, "t", d); msg != "" {
			t.Error(msg)
		}
	}
}

// TestCacheIgnoresLaterChanges: templates added to or redefined in the set
// after MustCache do not reach the Cache, whose checks they never passed.
func TestCacheIgnoresLaterChanges(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse("{{.A}}!"))
	c := MustCache(tmpl)
	if msg := sameAsExecute(c, tmpl, "t", data{A: "a"}); msg != "" {
		t.Fatal(msg)
	}
	template.Must(tmpl.New("late").Parse(`{{if eq .A "a"}}A{{else}}B{{end}}`))
	template.Must(tmpl.New("t").Parse(`{{if eq .A "a"}}A{{else}}B{{end}}`))
	for _, a := range []string{"b", "a", "c"} {
		if out, err := c.Render("late", data{A: a}); err == nil {
			t.Errorf("Render(late, %q) = %q, nil; want an error: the template came after MustCache", a, out)
		}
		out, err := c.Render("t", data{A: a})
		if want := a + "!"; err != nil || string(out) != want {
			t.Errorf("Render(t, %q) = %q, %v; want %q from the template MustCache saw", a, out, err, want)
		}
	}
}

// TestCacheChecksFirstRender: the safety net behind MustCache's checks. A
// Cache built around them (white box) over templates that do more than
// print must fail or match ExecuteTemplate, never print the markers' result.
func TestCacheChecksFirstRender(t *testing.T) {
	for _, text := range []string{`{{len .A}}`, `{{printf "%q" .A}}`, `{{.A | html}}`, "a\x000\x01{{.A}}"} {
		tmpl := template.Must(template.New("t").Parse(text))
		c := &Cache{t: tmpl}
		for _, a := range []string{"<hello>", "\x000\x01"} {
			if out, err := c.Render("t", data{A: a}); err == nil {
				if want, _ := execute(tmpl, "t", data{A: a}); !bytes.Equal(out, want) {
					t.Errorf("%q with A=%q: Render = %q, want %q or an error", text, a, out, want)
				}
			}
		}
	}
}

func mustCachePanics(tmpl *template.Template) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	MustCache(tmpl)
	return ""
}

// TestMustCacheRefuses: templates that do more than print and test fields.
func TestMustCacheRefuses(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"printf", `{{printf "%s" .A}}`},
		{"print", `{{print .A}}`},
		{"eq", `{{if eq .A "x"}}x{{end}}`},
		{"not", `{{if not .A}}x{{end}}`},
		{"and", `{{if and .A .B}}x{{end}}`},
		{"len", `{{len .L}}`},
		{"index", `{{index .L 0}}`},
		{"slice", `{{slice .A 1}}`},
		{"html", `{{html .A}}`},
		{"call", `{{call .A}}`},
		{"arguments", `{{.A .B}}`},
		{"arguments in if", `{{if .A "x"}}x{{end}}`},
		{"pipeline", `{{.A | printf "%s"}}`},
		{"pipeline in if", `{{if .A | len}}x{{end}}`},
		{"pipeline in range", `{{range .L | len}}x{{end}}`},
		{"variable", `{{$x := .A}}{{$x}}`},
		{"dollar", `{{$.A}}`},
		{"range variables", `{{range $i, $e := .L}}{{end}}`},
		{"range variable", `{{range $e := .L}}{{end}}`},
		{"with", `{{with .A}}{{.}}{{end}}`},
		{"with in else", `{{if .A}}a{{else}}{{with .B}}{{.}}{{end}}{{end}}`},
		{"literal", `{{"text"}}`},
		{"number", `{{1}}`},
		{"parenthesized", `{{(.A)}}`},
		{"chain", `{{(.First).Key}}`},
		{"template with function", `{{define "x"}}{{.}}{{end}}{{template "x" printf "%s" .A}}`},
		{"in a nested list", `{{if .A}}{{range .L}}{{if .}}{{len .}}{{end}}{{end}}{{end}}`},
		{"in an else", `{{if .A}}{{else}}{{printf "%s" .B}}{{end}}`},
		{"in a defined template", `{{define "sub"}}{{len .}}{{end}}{{.A}}`},
		{"NUL in text", "a\x00b{{.A}}"},
		{"marker in text", "\x000\x01{{.A}}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New("t").Parse(tc.text))
			if msg := mustCachePanics(tmpl); msg == "" {
				t.Errorf("MustCache accepted %q", tc.text)
			} else if !strings.Contains(msg, "template ") {
				t.Errorf("MustCache panic %q does not name the template", msg)
			}
		})
	}
}

// Data types Render must refuse.
type (
	withString      struct{ S string }
	withPtrMethod   struct{ S string }
	namedWithMethod string
	withEmbedded    struct {
		withString
		T string
	}
)

func (w withString) String() string       { return "method:" + w.S }
func (w *withPtrMethod) String() string   { return "method:" + w.S }
func (n namedWithMethod) Upper() string   { return strings.ToUpper(string(n)) }
func (withEmbedded) Extra(s string) error { return nil }

// TestRenderRefusesData: data a template could call methods on, or that a
// Cache cannot copy with markers. Each case is also tried after a plain
// type with the same shape has put its form in the cache.
func TestRenderRefusesData(t *testing.T) {
	type plain1 struct{ S string }
	type plain2 struct{ S, T string }
	for _, tc := range []struct {
		name  string
		data  any
		plain any // a method-free value of the same shape, or nil
	}{
		{"String method", withString{"a"}, plain1{"a"}},
		{"pointer method", withPtrMethod{"a"}, plain1{"a"}},
		{"field with method", struct{ S namedWithMethod }{"a"}, plain1{"a"}},
		{"slice of method type", struct{ L []withString }{[]withString{{"a"}}}, struct{ L []plain1 }{[]plain1{{"a"}}}},
		{"embedded method type", withEmbedded{withString{"a"}, "b"}, struct {
			P plain1
			T string
		}{plain1{"a"}, "b"}},
		{"named string with method", namedWithMethod("a"), "a"},
		{"unexported field", struct{ s string }{"a"}, plain1{"a"}},
		{"unexported among exported", struct{ S, t string }{"a", "b"}, plain2{"a", "b"}},
		{"map", map[string]string{"S": "a"}, nil},
		{"map field", struct{ M map[string]string }{map[string]string{"S": "a"}}, nil},
		{"pointer", &plain1{"a"}, nil},
		{"pointer field", struct{ P *plain1 }{&plain1{"a"}}, nil},
		{"interface field", struct{ I any }{"a"}, nil},
		{"nil", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New("t").Parse("<{{.}}>"))
			if out, err := MustCache(tmpl).Render("t", tc.data); err == nil {
				t.Errorf("Render(%#v) = %q, nil; want an error", tc.data, out)
			}
			if tc.plain == nil {
				return
			}
			c := MustCache(tmpl)
			if msg := sameAsExecute(c, tmpl, "t", tc.plain); msg != "" {
				t.Fatal(msg)
			}
			if out, err := c.Render("t", tc.data); err == nil {
				t.Errorf("after %T: Render(%#v) = %q, nil; want an error", tc.plain, tc.data, out)
			}
		})
	}
}

// TestTextTemplatesConform: every template of Text only prints and tests
// fields, so that the package-level Render can serve it.
func TestTextTemplatesConform(t *testing.T) {
	names, err := fs.Glob(files, "*.tmpl")
	if err != nil || len(names) == 0 {
		t.Fatalf("no *.tmpl files embedded: %v", err)
	}
	for _, n := range names {
		if Text.Lookup(n) == nil {
			t.Errorf("%s is embedded but not in Text", n)
		}
	}
	for _, tt := range Text.Templates() {
		if tt.Tree == nil {
			continue
		}
		t.Run(tt.Name(), func(t *testing.T) {
			if err := checkPrintOnly(tt.Tree.Root); err != nil {
				t.Errorf("%s cannot be served by a Cache: %v", tt.Name(), err)
			}
			if bytes.IndexByte([]byte(tt.Tree.Root.String()), markOpen) >= 0 {
				t.Errorf("%s holds a NUL byte", tt.Name())
			}
		})
	}
	if msg := mustCachePanics(Text); msg != "" {
		t.Errorf("MustCache(Text): %s", msg)
	}
}

// Mirrors of the data the generators pass (text/template matches fields by
// name): generators/msmtp, mbsync, aerc, mutt, outlook.
type (
	msmtpLine struct{ Cmd, Arg string }
	msmtpData struct {
		Email, ProfileName string
		Lines              []msmtpLine
		HasCommand         bool
	}
	mbsyncLine struct{ Key, Arg string }
	mbsyncData struct {
		Email, ProfileName              string
		HasCommand                      bool
		Account, Remote, Local, Channel []mbsyncLine
	}
	aercSetting struct{ Key, Value string }
	aercData    struct {
		Email, ProfileName string
		Section            string
		Settings           []aercSetting
		HasCommand         bool
	}
	muttData struct {
		Email, ProfileName                   string
		Realname, From, IMAPUser             string
		Folder, SMTPURL                      string
		Pass                                 string
		StartTLS, ForceTLS                   bool
		HeaderCache, MessageCache, Mailboxes string
	}
	outlookData struct {
		Email, Folder, OfficeVersion string
		PRF, Autodiscover, Reg       string
	}
)

func msmtpExample(cmd bool) msmtpData {
	d := msmtpData{Email: "jane.doe@example.com", ProfileName: "Example Mail", HasCommand: cmd,
		Lines: []msmtpLine{{"host", "smtp.example.com"}, {"port", "587"}, {"tls", "on"},
			{"tls_starttls", "on"}, {"tls_trust_file", "system"}, {"auth", "on"}, {"user", "jane.doe@example.com"}}}
	if cmd {
		d.Lines = append(d.Lines, msmtpLine{"passwordeval", `"pass show mail/jane"`})
	}
	d.Lines = append(d.Lines, msmtpLine{"from", "jane.doe@example.com"})
	return d
}

func mbsyncExample(email string, cmd bool) mbsyncData {
	d := mbsyncData{Email: email, ProfileName: "Example Mail", HasCommand: cmd,
		Account: []mbsyncLine{{"IMAPAccount", email}, {"Host", "imap.example.com"}, {"Port", "993"}, {"User", email}},
		Remote:  []mbsyncLine{{"IMAPStore", email + "-remote"}, {"Account", email}},
		Local:   []mbsyncLine{{"MaildirStore", email + "-local"}, {"Path", "~/Mail/" + email + "/"}},
		Channel: []mbsyncLine{{"Channel", email}, {"Patterns", "*"}}}
	if cmd {
		d.Account = append(d.Account, mbsyncLine{"PassCmd", `"pass show mail"`})
	}
	return d
}

// TestRealTemplatesMatchExecute: the package-level Render over the
// generators' templates, with data like theirs.
func TestRealTemplatesMatchExecute(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []any
	}{
		{"msmtprc.tmpl", []any{msmtpExample(true), msmtpExample(false), msmtpData{}, msmtpData{Email: "a@b"}}},
		{"mbsyncrc.tmpl", []any{mbsyncExample("a@example.com", true), mbsyncExample("b@example.com", false), mbsyncData{}}},
		{"aerc-accounts.conf.tmpl", []any{
			aercData{"a@example.com", "P", "Example", []aercSetting{{"source", "imaps://a@imap.example.com"}, {"outgoing", "smtp://x"}}, true},
			aercData{"a@example.com", "", "Example", nil, false}}},
		{"muttrc.tmpl", []any{
			muttData{"a@example.com", "P", "A", "a@example.com", "a", "imaps://x/", "smtp://a@x:587/", "`pass x`", true, false, "~/.cache/h", "~/.cache/m", `"+INBOX"`},
			muttData{Email: "a@example.com", ForceTLS: true}}},
		{"outlook-install.cmd.tmpl", []any{outlookData{"a@example.com", `C:\Users\a\Spectrum`, "16.0", "a.prf", "autodiscover.xml", "spectrum.reg"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, uint64(len(tc.name))))
			for _, d := range tc.data {
				if _, err := execute(Text, tc.name, d); err != nil {
					t.Fatalf("the mirror of the generator's data is out of date: %v", err)
				}
				for i := range 20 {
					v := d
					if i > 0 {
						v = vary(d, rng)
					}
					want, _ := execute(Text, tc.name, v)
					got, err := Render(tc.name, v)
					if err != nil || !bytes.Equal(got, want) {
						t.Fatalf("Render(%s, %#v) = %q, %v\nwant %q", tc.name, v, got, err, want)
					}
				}
			}
		})
	}
}

// TestCacheBound: past maxForms shapes the Cache stops growing and still
// renders correctly.
func TestCacheBound(t *testing.T) {
	type numbered struct {
		N int
		S string
	}
	tmpl := template.Must(template.New("t").Parse("{{.N}}:{{.S}}"))
	c := MustCache(tmpl)
	for n := range maxForms + 50 {
		for _, s := range []string{"a", "b\x00"} {
			out, err := c.Render("t", numbered{n, s})
			if want := fmt.Sprintf("%d:%s", n, s); err != nil || string(out) != want {
				t.Fatalf("Render(%d, %q) = %q, %v; want %q", n, s, out, err, want)
			}
		}
	}
	forms := c.held()
	if forms > maxForms || forms < maxForms/2 {
		t.Errorf("the cache holds %d forms; want at most %d (and most of them)", forms, maxForms)
	}
}

// TestRenderConcurrent: many goroutines making and using forms of the same
// and different shapes, on a fresh Cache and on the package's. Run with -race.
func TestRenderConcurrent(t *testing.T) {
	text := `{{define "item"}}{{.Key}}={{.Val}}{{if .On}}!{{end}}{{end}}` +
		`{{define "t"}}{{.A}}|{{if .B}}{{.B}}{{else}}-{{end}}|{{if .On}}on{{end}}|{{.N}}|{{range .Items}}{{template "item" .}};{{end}}{{end}}` +
		`{{define "u"}}{{range .L}}[{{.}}]{{else}}none{{end}}{{.A}}{{end}}`
	tmpl := template.Must(template.New("").Parse(text))
	c := MustCache(tmpl)
	const goroutines, rounds = 16, 150
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan string, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(3, uint64(g)))
			<-start
			for i := range rounds {
				var msg string
				switch k := rng.IntN(4); {
				case k == 3:
					d := msmtpExample(i%2 == 0)
					msg = sameAsExecute(textCache, Text, "msmtprc.tmpl", vary(d, rng))
				default:
					name := []string{"t", "u"}[rng.IntN(2)]
					d := shapes[rng.IntN(6)] // a few shapes, shared by all goroutines
					if g%4 == 0 {
						d = shapes[rng.IntN(len(shapes))]
					}
					msg = sameAsExecute(c, tmpl, name, vary(d, rng))
				}
				if msg != "" {
					errs <- msg
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}

type fuzzItem struct {
	Key, Val string
	On       bool
}

type fuzzData struct {
	A, B  string
	Flag  bool
	N     int
	R     uint8
	Words []string
	Items []fuzzItem
}

const fuzzText = `{{define "item"}}{{.Key}}={{.Val}}{{if .On}} (on){{end}}{{end}}` +
	`A={{.A}} B={{.B}}{{if .A}} hasA {{- .A}}{{else}} noA{{end}}{{if .Flag}} flag{{else}} {{.B}}{{end}} n={{.N}}{{if .N}} nonzero{{end}}
{{range .Words}}[{{.}}]{{if .}}{{else}}(empty){{end}}{{else}}no words{{end}}
{{range .Items}}{{template "item" .}}
{{- if .On}}{{continue}}{{end}}|{{.Key}}{{.Key}}
{{else}}no items
{{end}}{{range .R}}{{.}}{{end}} {{.Words}} {{- .B -}} {{.}}`

// FuzzRender: arbitrary strings, bools and ints in a struct with slices give
// the same bytes through a Cache as through ExecuteTemplate, on a test
// template and on the generators' msmtprc and mbsyncrc.
func FuzzRender(f *testing.F) {
	fuzzTmpl := template.Must(template.New("t").Parse(fuzzText))
	fuzzCache := MustCache(fuzzTmpl) // one per fuzzing process, so that forms are reused
	for _, s := range tricky {
		f.Add(s, "", s+","+s, true, 0, uint8(1))
	}
	f.Add("", "b", "", false, 1, uint8(0))
	f.Add("\x000\x01", "\x001\x01", "\x000\x01,\x001\x01,,", true, -5, uint8(3))
	f.Add("a", "b", "w1,,w3", false, 42, uint8(2))
	f.Fuzz(func(t *testing.T, a, b, c string, flag bool, n int, r uint8) {
		var words []string
		if c != "" {
			words = strings.SplitN(c, ",", 8)
		}
		d := fuzzData{A: a, B: b, Flag: flag, N: n, R: r % 8, Words: words}
		var lines []msmtpLine
		var block []mbsyncLine
		for i, w := range words {
			val := a
			if i%2 == 1 {
				val = ""
			}
			d.Items = append(d.Items, fuzzItem{w, val, flag != (i%3 == 0)})
			lines = append(lines, msmtpLine{w, val})
			block = append(block, mbsyncLine{val, w})
		}
		if msg := sameAsExecute(fuzzCache, fuzzTmpl, "t", d); msg != "" {
			t.Fatal(msg)
		}
		if msg := sameAsExecute(textCache, Text, "msmtprc.tmpl", msmtpData{a, b, lines, flag}); msg != "" {
			t.Fatal(msg)
		}
		mb := mbsyncData{Email: a, ProfileName: b, HasCommand: flag, Account: block, Remote: lines2(lines), Local: nil, Channel: block[:len(block)/2]}
		if msg := sameAsExecute(textCache, Text, "mbsyncrc.tmpl", mb); msg != "" {
			t.Fatal(msg)
		}
	})
}

func lines2(l []msmtpLine) []mbsyncLine {
	out := make([]mbsyncLine, len(l))
	for i, x := range l {
		out[i] = mbsyncLine{x.Cmd, x.Arg}
	}
	return out
}

// The benchmarks render msmtprc for a typical account: the Cache against
// plain execution (both return a fresh []byte).
func BenchmarkRender(b *testing.B) {
	d := msmtpExample(true)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render("msmtprc.tmpl", d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExecuteTemplate(b *testing.B) {
	d := msmtpExample(true)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Text.ExecuteTemplate(&buf, "msmtprc.tmpl", d); err != nil {
			b.Fatal(err)
		}
		_ = bytes.Clone(buf.Bytes())
	}
}
