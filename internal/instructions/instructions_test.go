package instructions

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// example returns the example manifest's accounts with the clients the
// manifest gives them (thunderbird for most, exampleClients for it+admin).
// exampleClients are the clients of the golden pages: every registered one.
var exampleClients = registry.Names()

func example(t *testing.T) []account.Account {
	t.Helper()
	data, err := os.ReadFile(fixture.ExamplePath())
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := profile.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Parse("example.yaml", data, manifest.Options{Profiles: profiles, Clients: exampleClients})
	if err != nil {
		t.Fatal(err)
	}
	return m.Accounts
}

func TestReadmeGolden(t *testing.T) {
	for _, a := range example(t) {
		t.Run(a.Email, func(t *testing.T) {
			txt, html, err := Readme(a)
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, "testdata/example/"+a.Email+".README.txt", txt)
			golden.Assert(t, "testdata/example/"+a.Email+".README.html", html)
		})
	}
}

// TestSettingsTableMatchesAccount reads the settings table back out of both
// pages, the HTML with a real HTML parser, and compares it with the account
// for every profile, security value and hostile name.
func TestSettingsTableMatchesAccount(t *testing.T) {
	accounts := append(fixture.Hostile(t, registry.Names()...), example(t)...)
	seen := map[account.Security]bool{}
	seenProfile := map[string]bool{}
	for _, a := range accounts {
		t.Run(a.Email, func(t *testing.T) {
			txt, page, err := Readme(a)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][2]string{
				"Server":         {a.Incoming.Host, a.Outgoing.Host},
				"Port":           {fmt.Sprint(a.Incoming.Port), fmt.Sprint(a.Outgoing.Port)},
				"Security":       {a.Incoming.Security.Describe(), a.Outgoing.Security.Describe()},
				"User name":      {a.Incoming.Username, a.Outgoing.Username},
				"Authentication": {a.Incoming.Auth.Describe(), a.Outgoing.Auth.Describe()},
			}
			if got := textTableRows(t, txt); !equalRows(got, want) {
				t.Errorf("README.txt table:\n got %v\nwant %v", got, want)
			}
			doc, err := html.Parse(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			if got := htmlTableRows(doc); !equalRows(got, want) {
				t.Errorf("README.html table:\n got %v\nwant %v", got, want)
			}
			// The name comes through the HTML parser unchanged: escaped, not interpreted.
			if h1 := text(find(doc, "h1")); h1 != "Email setup kit for "+a.DisplayName() {
				t.Errorf("h1 = %q, want the name %q", h1, a.DisplayName())
			}
			if n := count(doc, "script") + foreignImages(doc) + count(doc, "link"); n != 0 {
				t.Errorf("README.html has %d script/link elements or images from outside the kit", n)
			}
		})
		seen[a.Incoming.Security], seen[a.Outgoing.Security] = true, true
		seenProfile[a.Profile] = true
	}
	for _, s := range account.Securities {
		if !seen[s] {
			t.Errorf("no account with security %s was checked", s)
		}
	}
	profiles, err := profile.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range profiles.Names() {
		if !seenProfile[p] {
			t.Errorf("no account with profile %s was checked", p)
		}
	}
}

// textTableRows parses the aligned table under "Technical Settings Reference".
func textTableRows(t *testing.T, txt []byte) map[string][2]string {
	t.Helper()
	_, rest, ok := strings.Cut(string(txt), "Technical Settings Reference\n")
	if !ok {
		t.Fatal("README.txt has no Technical Settings Reference")
	}
	rows := map[string][2]string{}
	cols := regexp.MustCompile(`\s{2,}`)
	for _, line := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		f := cols.Split(strings.TrimSpace(line), -1)
		if len(f) == 3 && !strings.HasPrefix(f[0], "--") {
			rows[f[0]] = [2]string{f[1], f[2]}
		}
		if strings.HasPrefix(line, "Password:") {
			break
		}
	}
	return rows
}

func htmlTableRows(doc *html.Node) map[string][2]string {
	rows := map[string][2]string{}
	var table *html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "table" && attr(n, "id") == "settings-table" {
			table = n
		}
	})
	if table == nil {
		return rows
	}
	walk(find(table, "tbody"), func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "tr" {
			return
		}
		var cells []string
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.Data == "th" || c.Data == "td") {
				cells = append(cells, text(c))
			}
		}
		if len(cells) == 3 {
			rows[cells[0]] = [2]string{cells[1], cells[2]}
		}
	})
	return rows
}

func equalRows(got, want map[string][2]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestSectionsFollowClients(t *testing.T) {
	a := fixture.Hostile(t, "mutt", "outlook")[1]
	txt, page, err := Readme(a)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var h2 []string
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "h2" {
			h2 = append(h2, text(n))
		}
	})
	want := []string{Title("mutt"), Title("outlook"), "Technical Settings Reference", "Why IMAP", "If signing in fails", "Testing the connection"}
	if strings.Join(h2, "|") != strings.Join(want, "|") {
		t.Errorf("README.html sections = %q, want %q", h2, want)
	}
	for _, other := range []string{"thunderbird", "apple", "aerc", "msmtp", "mbsync"} {
		if bytes.Contains(txt, []byte("\n"+Title(other)+"\n")) {
			t.Errorf("README.txt has a %s section, but the account does not use %s", other, other)
		}
	}
}

// TestFacts pins what the pages must (and must never) say about IMAP and
// the outgoing port: the two errors of the original brief.
func TestFacts(t *testing.T) {
	sameHost := 0
	for _, a := range append(example(t), fixture.Hostile(t, registry.Names()...)...) {
		txt, page, err := Readme(a)
		if err != nil {
			t.Fatal(err)
		}
		for name, doc := range map[string]string{"README.txt": string(txt), "README.html": plain(t, page)} {
			flat := strings.Join(strings.Fields(doc), " ")
			musts := []string{
				"IMAP keeps your mail on the server",
				"Reading mail on your phone does not remove it from the server",
				fmt.Sprintf("on its own port %d", a.Outgoing.Port),
				fmt.Sprintf("port %d is for IMAP only", a.Incoming.Port),
				"530 Authentication Required",
				"spectrumgen verify --email " + a.Email,
				"The user name is your full email address, " + a.Email,
			}
			if a.Incoming.Security == a.Outgoing.Security {
				musts = append(musts, "the same security as incoming mail ("+a.Outgoing.Security.Describe()+")")
			} else {
				musts = append(musts, "Its security is "+a.Outgoing.Security.Describe())
			}
			if a.Incoming.Security == account.None || a.Outgoing.Security == account.None {
				musts = append(musts, "travel over the network in plain text")
			}
			// twc and charter send from the incoming host, on another port.
			if strings.EqualFold(a.Incoming.Host, a.Outgoing.Host) {
				musts = append(musts, "Sending uses the same server, "+a.Outgoing.Host+", on its own port")
				sameHost++
			} else {
				musts = append(musts, "Sending uses a separate server, "+a.Outgoing.Host+", on its own port")
			}
			for _, m := range musts {
				if !strings.Contains(flat, m) {
					t.Errorf("%s %s does not say %q", a.Email, name, m)
				}
			}
			for _, never := range []string{"deletes it from the server", "same port"} {
				if strings.Contains(flat, never) {
					t.Errorf("%s %s says %q", a.Email, name, never)
				}
			}
		}
	}
	if sameHost == 0 {
		t.Error("no account sends from its incoming host: the example lost the case the test is for")
	}
}

// TestSectionsHoldSteps checks each section of both pages is its client's
// Steps, whole and in place (the client-specific facts are tested in each
// client's package), the general section for a client without a Guide, and
// the terminal programs' note exactly when a terminal client is there.
func TestSectionsHoldSteps(t *testing.T) {
	for _, a := range fixture.Hostile(t, registry.Names()...)[:2] { // with and without a password command
		for _, c := range append(registry.Names(), "no-such-client") {
			a.Clients = []string{c}
			txt, page, err := Readme(a)
			if err != nil {
				t.Fatal(err)
			}
			st, err := steps(c, a)
			if err != nil {
				t.Fatal(err)
			}
			if st.Text == "" || st.HTML == "" {
				t.Fatalf("%s: empty steps", c)
			}
			if c == "no-such-client" && (Title(c) != c || !strings.Contains(st.Text, "Technical Settings Reference")) {
				t.Errorf("a client without a Guide gets %q, %q", Title(c), st.Text)
			}
			if !bytes.Contains(txt, []byte("\n\n"+Title(c)+"\n"+underline(Title(c), '-')+"\n"+st.Text+"\n\n\n")) {
				t.Errorf("README.txt for %s does not hold its steps under its title", c)
			}
			if !bytes.Contains(page, []byte("<h2>"+htmltemplate.HTMLEscapeString(Title(c))+"</h2>\n"+string(st.HTML)+"\n</section>")) {
				t.Errorf("README.html for %s does not hold its steps under its title", c)
			}
			note := "these files hold no password and no password command"
			if a.PasswordCommand != "" {
				note = "these files get your password by running"
			}
			for name, doc := range map[string]string{"README.txt": string(txt), "README.html": plain(t, page)} {
				flat := strings.Join(strings.Fields(doc), " ")
				if got := strings.Contains(flat, "Passwords in the terminal programs: "+note); got != clients[c].terminal {
					t.Errorf("%s %s: the terminal programs' note is there: %v, want %v", c, name, got, clients[c].terminal)
				}
			}
		}
	}
}

// plain returns the text content of an HTML page, as a reader sees it.
func plain(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return text(find(doc, "body"))
}

func walk(n *html.Node, fn func(*html.Node)) {
	if n == nil {
		return
	}
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func find(n *html.Node, tag string) *html.Node {
	var found *html.Node
	walk(n, func(m *html.Node) {
		if found == nil && m.Type == html.ElementNode && m.Data == tag {
			found = m
		}
	})
	return found
}

func count(n *html.Node, tag string) int {
	c := 0
	walk(n, func(m *html.Node) {
		if m.Type == html.ElementNode && m.Data == tag {
			c++
		}
	})
	return c
}

// foreignImages counts the <img> elements whose src is not a file of the
// kit (the QR code is thunderbird-android/qr-code.png, relative to the page).
func foreignImages(n *html.Node) int {
	c := 0
	walk(n, func(m *html.Node) {
		if m.Type != html.ElementNode || m.Data != "img" {
			return
		}
		src := ""
		for _, a := range m.Attr {
			if a.Key == "src" {
				src = a.Val
			}
		}
		if src == "" || strings.ContainsAny(src, ":?#\\") || strings.HasPrefix(src, "/") || strings.Contains("/"+src+"/", "/../") {
			c++
		}
	})
	return c
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("x", 80)
	for _, tc := range []struct{ in, want string }{
		{"a b  c", "a b c"},
		{strings.Repeat("word ", 20), strings.TrimSpace(strings.Repeat("word ", 15)) + "\n" + strings.TrimSpace(strings.Repeat("word ", 5))},
		{"a " + long + " b", "a\n" + long + "\nb"},
		{"Zoë 山田 ok", "Zoë 山田 ok"},
	} {
		if got := wrap(tc.in); got != tc.want {
			t.Errorf("wrap(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
