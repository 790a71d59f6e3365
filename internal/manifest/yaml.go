package manifest

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/profile"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// Parse validates and resolves a YAML manifest. file names it in errors.
//
// A manifest whose accounts are a plain block list (as people and
// spreadsheets write them) is read a piece of the list at a time
// (parseInPieces), so memory holds the accounts and one piece's YAML nodes,
// not the node tree of the whole file (some 14 times the file's size: 120
// MB for 100,000 people). Anything else, and any piece that does not read
// cleanly on its own, is read whole, which reports what is wrong.
func Parse(file string, data []byte, opt Options) (*Manifest, error) {
	if m, err, ok := parseInPieces(file, data, opt, pieceSize); ok {
		return m, err
	}
	return parseWhole(file, data, opt)
}

// parseWhole reads the YAML document as one node tree.
func parseWhole(file string, data []byte, opt Options) (*Manifest, error) {
	var errs diag.List
	d := &strictyaml.Decoder{File: file, Errs: &errs}
	root := d.Parse(data)
	if root == nil {
		return nil, errs.Err()
	}
	r, v := readTop(d, root, opt)
	if v == nil {
		return nil, errs.Err()
	}
	items, _ := d.Seq(v, "accounts")
	if v.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(v, "accounts", "add one `- email: ...` per person", "the list is empty")
	}
	r.expect(len(items))
	for i, it := range items {
		r.readAccount(it, strictyaml.Index("accounts", i))
		items[i] = nil // read: let the garbage collector have its nodes
	}
	return r.done()
}

// readTop reads the top-level keys of the document but the accounts, and
// returns a resolver holding them and the accounts' node; nil after
// reporting that they are missing (or the document is not a mapping).
func readTop(d *strictyaml.Decoder, root *yaml.Node, opt Options) (*resolver, *yaml.Node) {
	top := d.Fields(root, "", "version", "organization", "defaults", "accounts")
	if top == nil {
		return nil, nil
	}
	r := newResolver(d, opt)
	if v, ok := top["version"]; !ok {
		d.Errorf(root, "version", "add `version: 1` as the first line", "missing")
	} else if n, ok := d.Int(v, "version"); ok && n != 1 {
		d.Errorf(v, "version", "this spectrumgen reads version 1; is there a newer spectrumgen?", "unsupported version %d", n)
	}
	if v, ok := top["organization"]; ok {
		r.setOrganization(v)
	}
	if v, ok := top["defaults"]; ok {
		r.defaults = r.readDefaults(v)
	}
	v, ok := top["accounts"]
	if !ok {
		d.Errorf(root, "accounts", "add an `accounts:` list with one `- email: ...` per person", "missing")
		return r, nil
	}
	return r, v
}

// readSettings reads the keys shared by defaults and accounts from f.
func (r *resolver) readSettings(f map[string]*yaml.Node, path string) settings {
	d := r.d
	var s settings
	if v, ok := f["profile"]; ok {
		if name, ok := d.String(v, path+".profile"); ok {
			if _, known := r.opt.Profiles.Get(name); !known {
				names := r.opt.Profiles.Names()
				d.Errorf(v, path+".profile", "known profiles: "+strings.Join(names, ", ")+" (or add one with --profiles)",
					"unknown profile %q%s", name, diag.Suggest(name, names))
			} else {
				s.Profile = &name
			}
		}
	}
	if v, ok := f["clients"]; ok {
		s.Clients = r.readClients(v, path+".clients")
	}
	if v, ok := f["password_command"]; ok {
		if cmd, ok := d.String(v, path+".password_command"); ok {
			if why := checkPasswordCommand(cmd); why != "" {
				d.Errorf(v, path+".password_command", "write one command line using {email}, {local} or {domain}", "%s", why)
			} else {
				s.PasswordCommand = &cmd
			}
		}
	}
	if v, ok := f["imap"]; ok {
		s.IMAP = profile.ParseServer(d, v, path+".imap")
	}
	if v, ok := f["smtp"]; ok {
		s.SMTP = profile.ParseServer(d, v, path+".smtp")
	}
	s.AppleIdentifierPrefix = r.checkedString(f, path, "apple_identifier_prefix", checkIdentifierPrefix,
		"write a reverse-DNS name such as com.example.mail")
	s.OutlookFolder = r.checkedString(f, path, "outlook_folder", checkWindowsFolder,
		`write an absolute Windows folder such as C:\SpectrumMail`)
	s.OfficeVersion = r.checkedString(f, path, "office_version", checkOfficeVersion,
		"write 16.0 (Outlook 2016 and later, Microsoft 365) or 15.0 (Outlook 2013)")
	return s
}

// checkedString reads an optional text key and validates it with check.
func (r *resolver) checkedString(f map[string]*yaml.Node, path, key string, check func(string) string, fix string) *string {
	v, ok := f[key]
	if !ok {
		return nil
	}
	s, ok := r.d.String(v, path+"."+key)
	if !ok {
		return nil
	}
	if why := check(s); why != "" {
		r.d.Errorf(v, path+"."+key, fix, "%s", why)
		return nil
	}
	return &s
}

func (r *resolver) readClients(v *yaml.Node, path string) []string {
	items, ok := r.d.Seq(v, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		r.d.Errorf(v, path, "name at least one client (`spectrumgen clients` lists them), or remove the key", "the list is empty")
		return nil
	}
	var out []string
	for i, it := range items {
		p := strictyaml.Index(path, i)
		name, ok := r.d.String(it, p)
		if !ok {
			continue
		}
		if name == "all" {
			out = append(out, r.opt.Clients...)
			continue
		}
		if !slices.Contains(r.opt.Clients, name) {
			r.d.Errorf(it, p, "`spectrumgen clients` lists the clients (or write all)",
				"unknown client %q%s", name, diag.Suggest(name, r.opt.Clients))
			continue
		}
		out = append(out, name)
	}
	return out
}

func (r *resolver) readDefaults(v *yaml.Node) settings {
	keys := append(append([]string{}, settingKeys...), kitKeys...)
	f := r.d.Fields(v, "defaults", keys...)
	if f == nil {
		return settings{}
	}
	for key, dst := range map[string]*string{"sign_cert": &r.kit.SignCert, "sign_key": &r.kit.SignKey, "sign_chain": &r.kit.SignChain} {
		if n, ok := f[key]; ok {
			*dst, _ = r.d.String(n, "defaults."+key)
		}
	}
	if n, ok := f["zip"]; ok {
		r.kit.Zip, _ = r.d.Bool(n, "defaults.zip")
	}
	return r.readSettings(f, "defaults")
}

// accountFields are the keys an account may have: accountKeys, then
// settingKeys.
var accountFields = append(append([]string{}, accountKeys...), settingKeys...)

func (r *resolver) readAccount(n *yaml.Node, path string) {
	if in, ok := r.readInput(n, path); ok {
		r.add(in)
	}
}

// readInput reads one account's node into an input, reporting what is
// wrong with its keys and values. It reads nothing but n and r.opt, so the
// workers of parseInPieces call it too, each with a resolver of its own
// (readPiece). ok is false when n is not a mapping (reported).
func (r *resolver) readInput(n *yaml.Node, path string) (in accountInput, ok bool) {
	f := r.d.Fields(n, path, accountFields...)
	if f == nil {
		return in, false
	}
	in = accountInput{at: at(n), path: path}
	if v, ok := f["email"]; !ok {
		r.d.Errorf(n, path+".email", "add `email: name@spectrum.net`", "missing")
	} else if s, ok := r.d.String(v, path+".email"); ok {
		in.email, in.emailAt, in.hasEmail = s, at(v), true
	}
	if v, ok := f["name"]; ok {
		if s, ok := r.d.String(v, path+".name"); ok {
			in.name, in.nameAt = s, at(v)
		}
	}
	in.settings = r.readSettings(f, path)
	return in, true
}
