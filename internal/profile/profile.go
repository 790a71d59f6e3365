// Package profile loads provider profiles: the server settings of each mail
// system by name (spectrum, charter, twc, brighthouse), from the built-in
// profiles.yaml and from files given with --profiles, which add or override.
package profile

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// Default is the profile used when neither the manifest nor a flag names one.
const Default = "spectrum"

// Profile is one provider's settings.
type Profile struct {
	Name        string // the key, e.g. "spectrum"
	DisplayName string
	Domains     []string
	IMAP, SMTP  Server
	Source      string // where the values come from
}

// Server is a profile's server block. Its Username is not set: the user name
// is always the person's full address.
type Server struct {
	Host     string
	Port     int
	Security account.Security
	Auth     account.Auth
}

// Set holds profiles by name.
type Set struct {
	byName map[string]Profile
}

// Get returns the named profile.
func (s *Set) Get(name string) (Profile, bool) {
	p, ok := s.byName[name]
	return p, ok
}

// Names returns every profile name, sorted, the default first.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.byName))
	for n := range s.byName {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == Default) != (names[j] == Default) {
			return names[i] == Default
		}
		return names[i] < names[j]
	})
	return names
}

// ForDomain returns the names of profiles that list domain, sorted.
func (s *Set) ForDomain(domain string) []string {
	var out []string
	for _, n := range s.Names() {
		for _, d := range s.byName[n].Domains {
			if strings.EqualFold(d, domain) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// Load reads the built-in profiles, then each override file in order.
// Every problem in every file is reported at once.
func Load(overrideFiles ...string) (*Set, error) {
	set := &Set{byName: map[string]Profile{}}
	var errs diag.List
	set.add(spectrumgen.ProfilesFile, spectrumgen.ProfilesYAML, &errs)
	for _, f := range overrideFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading profiles: %w", err)
		}
		set.add(f, data, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

// add parses one profiles file into the set; later files override.
func (s *Set) add(file string, data []byte, errs *diag.List) {
	d := &strictyaml.Decoder{File: file, Errs: errs}
	root := d.Parse(data)
	if root == nil {
		return
	}
	top := d.Fields(root, "", "version", "profiles")
	if top == nil {
		return
	}
	if v, ok := top["version"]; !ok {
		d.Errorf(root, "version", "add `version: 1` at the top", "missing")
	} else if n, ok := d.Int(v, "version"); ok && n != 1 {
		d.Errorf(v, "version", "this spectrumgen reads version 1", "unsupported version %d", n)
	}
	profs, ok := top["profiles"]
	if !ok {
		d.Errorf(root, "profiles", "add a `profiles:` mapping", "missing")
		return
	}
	if profs.Kind != yaml.MappingNode {
		d.Errorf(profs, "profiles", "", "expected a mapping of profile names")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(profs.Content); i += 2 {
		k, v := profs.Content[i], profs.Content[i+1]
		name := k.Value
		path := "profiles." + name
		if why := checkName(name); why != "" {
			d.Errorf(k, path, "use lower-case letters, digits, - and _", "%s", why)
			continue
		}
		if seen[name] {
			d.Errorf(k, path, "keep one of them", "profile %q appears twice", name)
			continue
		}
		seen[name] = true
		if p, ok := parseProfile(d, name, v, path); ok {
			s.byName[name] = p
		}
	}
}

func parseProfile(d *strictyaml.Decoder, name string, n *yaml.Node, path string) (Profile, bool) {
	before := d.Errs.Len()
	p := Profile{Name: name}
	f := d.Fields(n, path, "display_name", "domains", "imap", "smtp", "source")
	if f == nil {
		return p, false
	}
	// Free text is checked where it is read, like a person's name: it is
	// printed in every client's file and on the terminal.
	p.DisplayName = checkedText(d, f, path, "display_name", account.CheckProfileName,
		fmt.Sprintf("write the name on one line, in at most %d bytes", account.MaxProfileName))
	if p.DisplayName == "" {
		p.DisplayName = name
	}
	p.Source = checkedText(d, f, path, "source", account.CheckSource,
		fmt.Sprintf("write where the values come from on one line, in at most %d bytes", account.MaxSource))
	if v, ok := f["domains"]; ok {
		items, _ := d.Seq(v, path+".domains")
		for i, it := range items {
			dom, ok := d.String(it, strictyaml.Index(path+".domains", i))
			if !ok {
				continue
			}
			if why := account.CheckHost(dom); why != "" {
				d.Errorf(it, strictyaml.Index(path+".domains", i), "", "%s", why)
				continue
			}
			p.Domains = append(p.Domains, strings.ToLower(dom))
		}
	}
	for _, srv := range []struct {
		key string
		dst *Server
	}{{"imap", &p.IMAP}, {"smtp", &p.SMTP}} {
		v, ok := f[srv.key]
		if !ok {
			d.Errorf(n, path+"."+srv.key, "add "+srv.key+": {host: ..., port: ..., security: ssl}", "missing")
			continue
		}
		before := d.Errs.Len()
		o := ParseServer(d, v, path+"."+srv.key)
		if d.Errs.Len() > before {
			continue
		}
		if missing := o.missing(); missing != "" {
			d.Errorf(v, path+"."+srv.key, "a profile's server needs host, port and security", "%s missing", missing)
			continue
		}
		*srv.dst = o.Apply(Server{Auth: account.Password})
	}
	if d.Errs.Len() == before {
		// The boundary: whatever the reading above missed, a field of
		// Profile that fails its rule stops here (see Rules).
		for _, e := range Check(p) {
			d.Errorf(n, path, "", "%s: %s", e.Field, e.Why)
		}
	}
	return p, d.Errs.Len() == before
}

// checkedText reads an optional text key and checks it; "" when absent or
// refused (the refusal is reported at the value's place).
func checkedText(d *strictyaml.Decoder, f map[string]*yaml.Node, path, key string, check func(string) string, fix string) string {
	v, ok := f[key]
	if !ok {
		return ""
	}
	s, ok := d.String(v, path+"."+key)
	if !ok || s == "" {
		return ""
	}
	if why := check(s); why != "" {
		d.Errorf(v, path+"."+key, fix, "%s", why)
		return ""
	}
	return s
}

func checkName(name string) string {
	if why := account.CheckKey(name); why != "" {
		return strings.Replace(why, "the name", "profile name", 1)
	}
	return ""
}
