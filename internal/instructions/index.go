package instructions

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Index is the head and foot of the kit index.
type Index struct {
	Organization string
	People       int
	// Clients are the columns of the people table.
	Clients []string
	// Zip says whether each kit has a zip in zips/.
	Zip bool
	// Former are the addresses of kits kept from earlier runs for people
	// no longer listed, sorted.
	Former []string
	// ServerFiles are paths below server/, sorted.
	ServerFiles []string
}

// Titles head the Clients' columns: people read "Thunderbird" and
// "iPhone, iPad and Mac", not "thunderbird" and "apple".
func (idx Index) Titles() []string {
	out := make([]string, len(idx.Clients))
	for i, c := range idx.Clients {
		out[i] = Title(c)
	}
	return out
}

// IndexRow is one person's row of the kit index.
type IndexRow struct {
	Name, Email string
	Has         []bool // one per Index.Clients
	Zip         bool
}

// WriteIndex writes index.html to w, one row per account, so the page
// streams from the accounts list without building anything per person.
// The head and foot are html/template's; the rows are written by
// appendIndexRow, byte for byte what the template's index-row prints
// (FuzzIndexRow holds the two equal), without the template's reflection
// per row: at 10,000 people that was most of a re-run's time on the page.
func WriteIndex(w io.Writer, idx Index, accounts []account.Account) error {
	if err := indexT.ExecuteTemplate(w, "index-head", idx); err != nil {
		return fmt.Errorf("instructions: index.html: %w", err)
	}
	has := make([]bool, len(idx.Clients))
	buf := make([]byte, 0, 64<<10)
	for _, a := range accounts {
		for i, c := range idx.Clients {
			has[i] = slices.Contains(a.Clients, c)
		}
		buf = appendIndexRow(buf, a.Name, a.Email, has, idx.Zip)
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return fmt.Errorf("instructions: index.html: %w", err)
			}
			buf = buf[:0]
		}
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("instructions: index.html: %w", err)
	}
	if err := indexT.ExecuteTemplate(w, "index-foot", idx); err != nil {
		return fmt.Errorf("instructions: index.html: %w", err)
	}
	return nil
}

// appendIndexRow appends one person's row as the template index-row
// prints it (IndexRow): the name and address escaped as html/template
// escapes text, the links' address as it escapes a URL's path in an
// attribute (normalized, then escaped as an attribute).
func appendIndexRow(b []byte, name, email string, has []bool, zip bool) []byte {
	b = append(b, "<tr><td>"...)
	b = appendHTMLText(b, name)
	b = append(b, `</td><td class="mono">`...)
	b = appendHTMLText(b, email)
	b = append(b, "</td>"...)
	for _, h := range has {
		if h {
			b = append(b, `<td class="yes">✓</td>`...)
		} else {
			b = append(b, `<td class="yes"></td>`...)
		}
	}
	b = append(b, `<td class="nowrap"><a href="people/`...)
	b = appendURLAttr(b, email)
	b = append(b, `/README.html">instructions</a>`...)
	if zip {
		b = append(b, ` · <a href="zips/`...)
		b = appendURLAttr(b, email)
		b = append(b, `.zip">zip</a>`...)
	}
	return append(b, "</td></tr>\n"...)
}

// appendHTMLText escapes s as html/template does text and attribute
// values (its htmlReplacementTable): NUL becomes U+FFFD, and " & ' + < >
// character references. Every byte it replaces is ASCII, so going byte by
// byte is the same as its rune by rune, invalid UTF-8 included (kept).
func appendHTMLText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, repl...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendURLAttr writes s as html/template writes a value inside a URL's
// path in a quoted attribute: its URL normalizer (every byte but letters,
// digits, RFC 3986's reserved and unreserved characters and a % that
// starts an escape becomes %xx, in lower case), then appendHTMLText.
func appendURLAttr(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b = append(b, c)
		case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
			b = append(b, c)
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '+':
			b = append(b, "&#43;"...)
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, c)
		default:
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return b
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// IndexClients returns the clients any account uses, in the order of
// the registry, then any others sorted.
func IndexClients(accounts []account.Account) []string {
	used := map[string]bool{}
	for _, a := range accounts {
		for _, c := range a.Clients {
			used[c] = true
		}
	}
	var out, rest []string
	for _, c := range registry.Names() {
		if used[c] {
			out = append(out, c)
			delete(used, c)
		}
	}
	for c := range used {
		rest = append(rest, c)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// Server is the data of server/README.txt.
type Server struct {
	Files                    []string // below server/, sorted
	Autoconfig, Autodiscover []string // domains with such a file
}

// ServerReadme returns server/README.txt for the shared files at paths
// (relative to server/).
func ServerReadme(paths []string) ([]byte, error) {
	s := Server{Files: append([]string{}, paths...)}
	sort.Strings(s.Files)
	for _, p := range s.Files {
		parts := strings.Split(p, "/")
		if len(parts) < 3 {
			continue
		}
		switch parts[0] {
		case "autoconfig":
			s.Autoconfig = append(s.Autoconfig, parts[1])
		case "autodiscover":
			s.Autodiscover = append(s.Autodiscover, parts[1])
		}
	}
	var b bytes.Buffer
	if err := serverT.ExecuteTemplate(&b, "server-readme.txt.tmpl", s); err != nil {
		return nil, fmt.Errorf("instructions: server/README.txt: %w", err)
	}
	return append(bytes.TrimRight(b.Bytes(), "\n"), '\n'), nil
}
