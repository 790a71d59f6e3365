// Package guidetest checks a client's README steps (generators.Guide) the
// same way in every client's package: what a reader sees in README.txt and
// in README.html, the HTML read by a real HTML parser.
package guidetest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Texts returns what a reader sees of st: the README.txt text and the text
// of the README.html markup, each with every run of white space made one
// space.
func Texts(t testing.TB, st generators.Steps) (txt, page string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(string(st.HTML)), &html.Node{Type: html.ElementNode, Data: "section", DataAtom: atom.Section})
	if err != nil {
		t.Fatalf("the steps' HTML does not parse: %v", err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			t.Errorf("the steps' HTML holds a <%s> element", n.Data)
		}
		if n.Type == html.ElementNode && n.Data == "img" && !inKit(attr(n, "src")) {
			// A page loads nothing from outside the kit: an image is one
			// of the kit's own files (a QR code), named relative to it.
			t.Errorf("the steps' HTML holds an <img> whose src %q is not a file of the kit", attr(n, "src"))
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return flat(st.Text), flat(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// inKit reports whether src names a file inside the kit folder: a relative
// path without a scheme, a query or "..".
func inKit(src string) bool {
	return src != "" && !strings.ContainsAny(src, ":?#\\") && !strings.HasPrefix(src, "/") &&
		!strings.Contains("/"+src+"/", "/../")
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// Says fails t unless g's steps for a say every string of want, in both
// README.txt and README.html.
func Says(t testing.TB, g generators.Guide, a account.Account, want ...string) {
	t.Helper()
	st, err := g.Steps(a)
	if err != nil {
		t.Fatal(err)
	}
	txt, page := Texts(t, st)
	for _, w := range want {
		if !strings.Contains(txt, w) {
			t.Errorf("%s: the README.txt steps do not say %q", a.Email, w)
		}
		if !strings.Contains(page, w) {
			t.Errorf("%s: the README.html steps do not say %q", a.Email, w)
		}
	}
}
