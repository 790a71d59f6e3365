package kit

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// TestBrowser renders the kit index and one person's README in a real
// browser (Debian's chromium, headless) inside an empty network namespace,
// so nothing can be fetched: it dumps the DOM and checks what a reader
// sees, takes a screenshot and prints to PDF. Set SPECTRUMGEN_SCREENSHOTS
// to a folder to keep the pictures; they never go into the repository.
func TestBrowser(t *testing.T) {
	realtest.Need(t, "chromium", "unshare")
	realtest.NeedRoot(t)
	out := t.TempDir()
	accounts := append(fixture.Example(t, "thunderbird"), fixture.Hostile(t, "thunderbird")...)
	write(t, out, true, accounts)
	person := accounts[4] // pat.obrien: "Pat O'Brien; Billing $ & Claims"
	if person.Email != "pat.obrien@spectrum.net" {
		t.Fatalf("example changed: account 4 is %s", person.Email)
	}
	b := browser{t: t, home: t.TempDir()}

	t.Run("README", func(t *testing.T) {
		page := filepath.Join(out, "people", person.Email, "README.html")
		doc := b.dom(page)
		if got := text(byID(doc, "address")); got != person.Email {
			t.Errorf("the page shows the address %q, want %q", got, person.Email)
		}
		if got := text(first(doc, "h1")); got != "Email setup kit for "+person.Name {
			t.Errorf("the page's title reads %q", got)
		}
		rows := tableRows(byID(doc, "settings-table"))
		in, out := person.Incoming, person.Outgoing
		want := [][]string{
			{"Setting", "Incoming mail (IMAP)", "Outgoing mail (SMTP)"},
			{"Server", in.Host, out.Host},
			{"Port", strconv.Itoa(in.Port), strconv.Itoa(out.Port)},
			{"Security", in.Security.Describe(), out.Security.Describe()},
			{"User name", in.Username, out.Username},
			{"Authentication", in.Auth.Describe(), out.Auth.Describe()},
		}
		if !equal(rows, want) {
			t.Errorf("the rendered settings table is\n%q\nwant\n%q", rows, want)
		}
		b.pictures(page, "readme", 1000, 1600)
	})
	t.Run("index", func(t *testing.T) {
		page := filepath.Join(out, IndexName)
		doc := b.dom(page)
		rows := tableRows(byID(doc, "people-table"))
		if len(rows) != len(accounts)+1 {
			t.Fatalf("the rendered index has %d rows, want %d", len(rows), len(accounts)+1)
		}
		for i, a := range accounts {
			if rows[i+1][0] != a.Name || rows[i+1][1] != a.Email {
				t.Errorf("row %d shows %q, want %q and %q", i+1, rows[i+1][:2], a.Name, a.Email)
			}
		}
		if got := text(byID(doc, "organization")); got != accounts[0].Organization {
			t.Errorf("the index shows the organization %q", got)
		}
		b.pictures(page, "index", 1200, 900)
	})
}

// TestSelfContained checks every HTML page of a kit tree for anything that
// would make a browser fetch: the pages must work offline and leak nothing.
func TestSelfContained(t *testing.T) {
	out := t.TempDir()
	write(t, out, true, append(fixture.Example(t, "thunderbird", "modes"), fixture.Hostile(t, "thunderbird")...))
	n := 0
	err := filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		for _, problem := range externalRefs(data) {
			t.Errorf("%s: %s", p, problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 2 {
		t.Fatalf("only %d HTML pages found", n)
	}
	// The check itself must catch each kind of reference.
	bad := `<html><head><link rel="stylesheet" href="https://x.example/a.css"><style>@import "b.css"; p{background:url(https://x.example/p.png)}</style>
<script src="a.js"></script></head><body><img src="x.png"><a href="https://example.com/">plain link</a><iframe src="about:blank"></iframe></body></html>`
	if got := externalRefs([]byte(bad)); len(got) != 5 {
		t.Errorf("externalRefs found %d problems in a bad page, want 5: %q", len(got), got)
	}
}

// externalRefs lists every reference in page that a browser would load:
// links to click (<a href>) are allowed, nothing else.
func externalRefs(page []byte) []string {
	var problems []string
	z := html.NewTokenizer(bytes.NewReader(page))
	inStyle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return problems
		case html.TextToken:
			if inStyle {
				css := strings.ToLower(string(z.Text()))
				if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
					problems = append(problems, "a stylesheet loads a file (url() or @import)")
				}
			}
		case html.EndTagToken:
			inStyle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			inStyle = tok.Data == "style"
			switch tok.Data {
			case "script", "iframe", "object", "embed", "img", "video", "audio", "source", "frame":
				problems = append(problems, "<"+tok.Data+"> element")
				continue
			}
			for _, at := range tok.Attr {
				switch {
				case at.Key == "href" && tok.Data != "a":
					problems = append(problems, "<"+tok.Data+" href="+at.Val+">")
				case at.Key == "src" || at.Key == "srcset" || at.Key == "poster" || at.Key == "action" || at.Key == "data":
					problems = append(problems, "<"+tok.Data+" "+at.Key+"="+at.Val+">")
				case at.Key == "style" && strings.Contains(strings.ToLower(at.Val), "url("):
					problems = append(problems, "inline style loads a file")
				case at.Key == "http-equiv":
					problems = append(problems, "<meta http-equiv>")
				}
			}
		}
	}
}

// browser runs chromium headless with no network and a throw-away profile.
type browser struct {
	t    *testing.T
	home string
}

func (b browser) run(args ...string) []byte {
	b.t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(b.home, "profile")}
	cmd := realtest.Isolated("chromium", append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+b.home, "XDG_CONFIG_HOME="+b.home+"/config", "XDG_CACHE_HOME="+b.home+"/cache")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	timer := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	if err := cmd.Wait(); err != nil {
		b.t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, tail(stderr.String()))
	}
	return stdout.Bytes()
}

// dom loads page and returns the DOM as the browser built it.
func (b browser) dom(page string) *html.Node {
	b.t.Helper()
	out := b.run("--dump-dom", "file://"+page)
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		b.t.Fatal(err)
	}
	if byID(doc, "settings-table") == nil && byID(doc, "people-table") == nil {
		b.t.Fatalf("the browser's DOM has no table:\n%s", tail(string(out)))
	}
	return doc
}

// pictures takes a screenshot and a PDF of page and checks both files.
func (b browser) pictures(page, name string, width, height int) {
	t := b.t
	t.Helper()
	dir := t.TempDir()
	shot, pdf := filepath.Join(dir, name+".png"), filepath.Join(dir, name+".pdf")
	b.run("--hide-scrollbars", "--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height), "--screenshot="+shot, "file://"+page)
	b.run("--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)

	img := readFile(t, shot)
	if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) || len(img) < 20_000 {
		t.Errorf("%s: not a PNG of a real page (%d bytes)", shot, len(img))
	} else if m, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Errorf("%s: %v", shot, err)
	} else if m.Bounds().Dx() != width || m.Bounds().Dy() != height {
		t.Errorf("%s is %v, want %dx%d", shot, m.Bounds(), width, height)
	} else if ink := inked(m); ink < 0.02 {
		t.Errorf("%s is almost blank: %.1f%% of its pixels are not white", shot, ink*100)
	}
	doc := readFile(t, pdf)
	pages := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(doc, -1))
	if !bytes.HasPrefix(doc, []byte("%PDF-")) || len(doc) < 10_000 || pages < 1 {
		t.Errorf("%s: not a PDF of a real page (%d bytes, %d pages)", pdf, len(doc), pages)
	}
	if keep := os.Getenv("SPECTRUMGEN_SCREENSHOTS"); keep != "" {
		for _, f := range []string{shot, pdf} {
			if err := os.WriteFile(filepath.Join(keep, filepath.Base(f)), readFile(t, f), 0o644); err != nil {
				t.Error(err)
			}
		}
	}
}

// inked returns the share of pixels that are not (nearly) white.
func inked(m image.Image) float64 {
	r := m.Bounds()
	dark := 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := m.At(x, y).RGBA()
			if cr < 0xe000 || cg < 0xe000 || cb < 0xe000 {
				dark++
			}
		}
	}
	return float64(dark) / float64((r.Dx()/2)*(r.Dy()/2))
}

func tableRows(table *html.Node) [][]string {
	var rows [][]string
	if table == nil {
		return nil
	}
	walk(table, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		}
	})
	return rows
}

func byID(n *html.Node, id string) *html.Node {
	var found *html.Node
	walk(n, func(m *html.Node) {
		for _, a := range m.Attr {
			if found == nil && a.Key == "id" && a.Val == id {
				found = m
			}
		}
	})
	return found
}

func first(n *html.Node, tag string) *html.Node {
	var found *html.Node
	walk(n, func(m *html.Node) {
		if found == nil && m.Type == html.ElementNode && m.Data == tag {
			found = m
		}
	})
	return found
}

func equal(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}
