package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// Clients lists the generators with their descriptions.
func Clients(s *IO) error {
	w := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	for _, g := range registry.All() {
		fmt.Fprintf(w, "%s\t%s\n", g.Name(), g.Describe())
	}
	return w.Flush()
}

// Profiles lists the provider profiles and their servers.
func Profiles(profilesFiles []string, asJSON bool, s *IO) error {
	set, err := profile.Load(profilesFiles...)
	if err != nil {
		return err
	}
	if asJSON {
		type server struct {
			Host     string `json:"host"`
			Port     int    `json:"port"`
			Security string `json:"security"`
			Auth     string `json:"auth"`
		}
		type entry struct {
			Name        string   `json:"name"`
			DisplayName string   `json:"display_name"`
			Domains     []string `json:"domains"`
			IMAP        server   `json:"imap"`
			SMTP        server   `json:"smtp"`
			Source      string   `json:"source"`
			Default     bool     `json:"default"`
			// Resolves are the listed domains whose addresses get this
			// profile (a domain two profiles list goes to the default).
			Resolves []string `json:"resolves"`
		}
		resolves := map[string][]string{}
		for _, d := range set.Domains() {
			if m := set.ForAddressDomain(d); m.Profile != "" {
				resolves[m.Profile] = append(resolves[m.Profile], d)
			}
		}
		var out []entry
		for _, n := range set.Names() {
			p, _ := set.Get(n)
			out = append(out, entry{p.Name, p.DisplayName, p.Domains,
				server{p.IMAP.Host, p.IMAP.Port, string(p.IMAP.Security), string(p.IMAP.Auth)},
				server{p.SMTP.Host, p.SMTP.Port, string(p.SMTP.Security), string(p.SMTP.Auth)},
				p.Source, n == profile.Default, append([]string{}, resolves[n]...)})
		}
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	// Profiles are checked when loaded; every value still goes through
	// diag.Printable, so nothing from a --profiles file can reach the
	// terminal as a control byte.
	pr := diag.Printable
	w := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "PROFILE\tIMAP (incoming)\tSMTP (outgoing)\tDOMAINS")
	for _, n := range set.Names() {
		p, _ := set.Get(n)
		name := n
		if n == profile.Default {
			name += " (default)"
		}
		fmt.Fprintf(w, "%s\t%s:%d %s\t%s:%d %s\t%s\n", pr(name),
			pr(p.IMAP.Host), p.IMAP.Port, pr(p.IMAP.Security.Describe()),
			pr(p.SMTP.Host), p.SMTP.Port, pr(p.SMTP.Security.Describe()), pr(strings.Join(p.Domains, ", ")))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := domainTable(set, s); err != nil {
		return err
	}
	fmt.Fprintln(s.Out)
	for _, n := range set.Names() {
		p, _ := set.Get(n)
		fmt.Fprintf(s.Out, "%s: %s\n", pr(n), pr(p.Source))
	}
	return nil
}

// domainTable shows which profile each listed domain resolves to, and how
// the others are resolved.
func domainTable(set *profile.Set, s *IO) error {
	fmt.Fprintln(s.Out)
	w := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "DOMAIN\tPROFILE")
	for _, d := range set.Domains() {
		m := set.ForAddressDomain(d)
		switch {
		case len(m.Ambiguous) > 0:
			fmt.Fprintf(w, "%s\tnone: listed by %s (set profile: for these accounts)\n", d, strings.Join(m.Ambiguous, " and "))
		case len(m.Also) > 0:
			fmt.Fprintf(w, "%s\t%s (also listed by %s; the default wins)\n", d, m.Profile, strings.Join(m.Also, ", "))
		default:
			fmt.Fprintf(w, "%s\t%s\n", d, m.Profile)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(s.Out, "An address gets its own `profile:` if set; else the profile of its domain above,\n"+
		"or of the longest domain above that its domain ends with (nc.rr.com: rr.com);\n"+
		"else defaults.profile or --profile, when given; else it is an error.")
	return nil
}

// Schema prints the JSON Schema of the manifest.
func Schema(profilesFiles []string, s *IO) error {
	set, err := profile.Load(profilesFiles...)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(s.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(manifest.Schema(registry.Names(), set.Names()))
}

func suggest(got string, names []string) string { return diag.Suggest(got, names) }
