// Package guidetest checks a client's README steps (generators.Guide) the
// same way for every client: golden files of the text and HTML blocks for
// the example and hostile accounts, the text's width, and HTML that parses
// into balanced elements whose text holds the person's values exactly.
package guidetest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetext"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

// Guide is a generator with README steps.
type Guide interface {
	generators.Generator
	generators.Guide
}

// Assert renders g's steps for the example accounts and the hostile ones
// into testdata/steps-example.{txt,html} and testdata/steps-hostile.{txt,html},
// checking each block as it goes. Accounts g refuses (Generate fails) are
// listed with the error. values returns, for an account, the strings its
// steps must show verbatim (in the text, and in the HTML's text once parsed).
func Assert(t *testing.T, g Guide, values func(a account.Account) []string) {
	t.Helper()
	for _, tc := range []struct {
		name     string
		accounts []account.Account
	}{
		{"example", fixture.Example(t, g.Name())},
		{"hostile", fixture.Hostile(t, g.Name())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var txt, htm bytes.Buffer
			for _, a := range tc.accounts {
				fmt.Fprintf(&txt, "==> %s\n", a.Email)
				fmt.Fprintf(&htm, "<!-- ==> %s -->\n", a.Email)
				if _, err := g.Generate(a); err != nil {
					fmt.Fprintf(&txt, "error: %v\n", err)
					fmt.Fprintf(&htm, "<!-- error: %v -->\n", err)
					continue
				}
				s, err := g.Steps(a)
				if err != nil {
					t.Fatalf("%s: Steps: %v", a.Email, err)
				}
				if again, _ := g.Steps(a); again != s {
					t.Fatalf("%s: two renderings differ", a.Email)
				}
				CheckText(t, a.Email, s.Text, values(a), []string{a.Name, a.Organization})
				CheckHTML(t, a.Email, string(s.HTML), values(a))
				txt.WriteString(s.Text + "\n")
				htm.WriteString(string(s.HTML) + "\n")
			}
			golden.Assert(t, "testdata/steps-"+tc.name+".txt", txt.Bytes())
			golden.Assert(t, "testdata/steps-"+tc.name+".html", htm.Bytes())
		})
	}
	// testdata/steps.{txt,html}: the second example person's steps as they
	// are, the pair the registry's check of every client keeps as well.
	s, err := g.Steps(fixture.Example(t, g.Name())[1])
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/steps.txt", []byte(s.Text))
	golden.Assert(t, "testdata/steps.html", []byte(s.HTML))
}

// CheckText checks a README.txt block: no trailing newline, lines at most
// guidetext.Width wide (a longer line must be one word), a "Test:" line,
// no template leftovers outside the person's own strings (names may hold
// "{{"), and every value present.
func CheckText(t testing.TB, who, text string, values, own []string) {
	t.Helper()
	if strings.HasSuffix(text, "\n") || text == "" {
		t.Errorf("%s: text block is empty or ends with a newline", who)
	}
	for i, line := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(line) > guidetext.Width && len(strings.Fields(line)) > 1 {
			t.Errorf("%s: text line %d is %d wide: %q", who, i+1, utf8.RuneCountInString(line), line)
		}
		if strings.HasSuffix(line, " ") {
			t.Errorf("%s: text line %d ends with a space: %q", who, i+1, line)
		}
	}
	if !strings.Contains(text, "\nTest: ") {
		t.Errorf("%s: text block has no \"Test:\" line", who)
	}
	flat := strings.Join(strings.Fields(text), " ")
	rest := flat
	for _, o := range own {
		if o = strings.Join(strings.Fields(o), " "); o != "" {
			rest = strings.ReplaceAll(rest, o, "")
		}
	}
	for _, bad := range []string{"<no value>", "{{", "}}", "%!"} {
		if strings.Contains(rest, bad) {
			t.Errorf("%s: text block holds %q", who, bad)
		}
	}
	for _, v := range values {
		if v != "" && !strings.Contains(flat, strings.Join(strings.Fields(v), " ")) {
			t.Errorf("%s: text block does not show %q", who, v)
		}
	}
}

// void are the HTML elements without an end tag.
var void = []string{"br", "img", "hr", "wbr", "meta", "link", "input"}

// CheckHTML checks a README.html block: it tokenizes into balanced
// elements, holds no script, style or event attribute, and its text (with
// the character references resolved) holds every value and "Test:".
func CheckHTML(t testing.TB, who, block string, values []string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(block))
	var open []string
	var text strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken:
			if tok.Data == "script" || tok.Data == "style" {
				t.Errorf("%s: HTML block has <%s>", who, tok.Data)
			}
			for _, at := range tok.Attr {
				if strings.HasPrefix(at.Key, "on") {
					t.Errorf("%s: HTML block has the attribute %s", who, at.Key)
				}
			}
			if !slices.Contains(void, tok.Data) {
				open = append(open, tok.Data)
			}
		case html.EndTagToken:
			if len(open) == 0 || open[len(open)-1] != tok.Data {
				t.Errorf("%s: HTML block closes </%s> with %v open", who, tok.Data, open)
				return
			}
			open = open[:len(open)-1]
		case html.TextToken:
			text.WriteString(tok.Data)
		}
	}
	if len(open) > 0 {
		t.Errorf("%s: HTML block leaves %v open", who, open)
	}
	flat := strings.Join(strings.Fields(text.String()), " ")
	if !strings.Contains(flat, "Test:") {
		t.Errorf("%s: HTML block has no \"Test:\"", who)
	}
	for _, v := range values {
		if v != "" && !strings.Contains(flat, strings.Join(strings.Fields(v), " ")) {
			t.Errorf("%s: HTML block's text does not show %q", who, v)
		}
	}
}
