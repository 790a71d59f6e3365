package instructions

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzReadmeHTML renders README.html and the index for any name and
// organization an account may hold, parses them with a real HTML parser,
// and checks the values come back as the same text: html/template's
// escaping is the one escaping function of these pages.
func FuzzReadmeHTML(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, "Example & Co")
	}
	f.Add("</h1><script>alert(1)</script>", `"><img src=x onerror=alert(1)>`)
	base := fixture.Hostile(f, registry.Names()...)[0]
	f.Fuzz(func(t *testing.T, name, org string) {
		if !utf8.ValidString(name+org) || account.CheckName(name) != "" || account.CheckName(org) != "" ||
			strings.TrimSpace(name) != name || strings.TrimSpace(org) != org || strings.ContainsRune(name+org, 0xfeff) {
			return
		}
		a := base
		a.Name, a.Organization = name, org
		_, page, err := Readme(a)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		if got := text(find(doc, "h1")); got != "Email setup kit for "+a.DisplayName() {
			t.Fatalf("h1 = %q, want the name %q", got, a.DisplayName())
		}
		if n := count(doc, "script") + foreignImages(doc); n != 0 {
			t.Fatalf("the name made %d elements", n)
		}
		var idx bytes.Buffer
		if err := WriteIndex(&idx, Index{Organization: org, People: 1, Clients: a.Clients}, []account.Account{a}); err != nil {
			t.Fatal(err)
		}
		doc, err = html.Parse(&idx)
		if err != nil {
			t.Fatal(err)
		}
		if org != "" {
			if got := text(find(doc, "h1")); got != "Email setup kits: "+org {
				t.Fatalf("index h1 = %q, want the organization %q", got, org)
			}
		}
		if td := text(find(doc, "td")); td != name {
			t.Fatalf("index name cell = %q, want %q", td, name)
		}
	})
}
