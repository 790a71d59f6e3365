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
func WriteIndex(w io.Writer, idx Index, accounts []account.Account) error {
	if err := indexT.ExecuteTemplate(w, "index-head", idx); err != nil {
		return fmt.Errorf("instructions: index.html: %w", err)
	}
	row := IndexRow{Has: make([]bool, len(idx.Clients)), Zip: idx.Zip}
	for _, a := range accounts {
		row.Name, row.Email = a.Name, a.Email
		for i, c := range idx.Clients {
			row.Has[i] = slices.Contains(a.Clients, c)
		}
		if err := indexT.ExecuteTemplate(w, "index-row", row); err != nil {
			return fmt.Errorf("instructions: index.html: %s: %w", a.Email, err)
		}
	}
	if err := indexT.ExecuteTemplate(w, "index-foot", idx); err != nil {
		return fmt.Errorf("instructions: index.html: %w", err)
	}
	return nil
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
