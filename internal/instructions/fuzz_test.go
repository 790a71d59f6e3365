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

// FuzzIndexRow checks the index's fast rows (appendIndexRow) against the
// template index-row they stand for, byte for byte, for any name and
// address: quotes, <, &, +, %, NUL, newlines, non-ASCII, invalid UTF-8.
func FuzzIndexRow(f *testing.F) {
	for _, n := range fixture.HostileNames {
		f.Add(n, "a.x+tag@example.com", uint8(5), true)
	}
	f.Add("</td><script>x</script>", `o'neil"&<>@ex%41%4g%.com`, uint8(0), false)
	f.Add("line\nbreak\x00nul\xff", "zoë@例え.jp\n", uint8(255), true)
	f.Add(strings.Repeat("Ä&", 5000), strings.Repeat("%", 3000), uint8(1), false)
	f.Fuzz(func(t *testing.T, name, email string, has uint8, zip bool) {
		row := IndexRow{Name: name, Email: email, Zip: zip}
		for i := range 8 {
			row.Has = append(row.Has, has&(1<<i) != 0)
		}
		var want bytes.Buffer
		if err := indexT.ExecuteTemplate(&want, "index-row", row); err != nil {
			t.Fatal(err)
		}
		if got := appendIndexRow(nil, name, email, row.Has, zip); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("row of %q %q:\n got %q\nwant %q", name, email, got, want.Bytes())
		}
	})
}
