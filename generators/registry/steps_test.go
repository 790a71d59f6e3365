package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
	"github.com/spectrumgen/spectrumgen/internal/guidetest"
)

// TestEveryClientHasSteps names what a registered client must provide for
// the people's README pages, so that a new client is its own package and
// one line in All:
//   - a Guide: a one-line Title, and Steps for every example and hostile
//     account, whose text and HTML both name every file the client writes;
//   - golden files of its steps in its own package, generators/<name>/
//     testdata/steps.txt and steps.html (go test ./generators/registry
//     -update writes them; review them like any output).
func TestEveryClientHasSteps(t *testing.T) {
	for _, g := range All() {
		t.Run(g.Name(), func(t *testing.T) {
			guide, ok := g.(generators.Guide)
			if !ok {
				t.Fatalf("%T does not implement generators.Guide (Title and Steps), so its README section would be the general one", g)
			}
			if title := guide.Title(); title == "" || strings.ContainsAny(title, "\r\n") || !utf8.ValidString(title) {
				t.Errorf("Title() = %q, want one line of text", title)
			}
			accounts := append(fixture.Example(t, g.Name()), fixture.Hostile(t, g.Name())...)
			for _, a := range accounts {
				st, err := guide.Steps(a)
				if err != nil {
					t.Fatalf("%s: %v", a.Email, err)
				}
				if strings.TrimSpace(st.Text) == "" || strings.TrimSpace(string(st.HTML)) == "" {
					t.Fatalf("%s: empty steps %+v", a.Email, st)
				}
				if strings.HasSuffix(st.Text, "\n") {
					t.Errorf("%s: the text ends in a line break (README.txt adds it)", a.Email)
				}
				txt, page := guidetest.Texts(t, st)
				files, err := g.Generate(a)
				if err != nil {
					continue // an account the client refuses (its Checker says why)
				}
				for _, f := range files {
					if !strings.Contains(txt, f.Path) || !strings.Contains(page, f.Path) {
						t.Errorf("%s: the steps do not name the file %s (text: %v, HTML: %v)",
							a.Email, f.Path, strings.Contains(txt, f.Path), strings.Contains(page, f.Path))
					}
				}
			}
			dir := filepath.Join("..", g.Name())
			if _, err := os.Stat(dir); err != nil {
				t.Fatalf("the client %s is not in generators/%s, where its golden steps belong: %v", g.Name(), g.Name(), err)
			}
			st, err := guide.Steps(accounts[1])
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, filepath.Join(dir, "testdata", "steps.txt"), []byte(st.Text))
			golden.Assert(t, filepath.Join(dir, "testdata", "steps.html"), []byte(st.HTML))
		})
	}
}
