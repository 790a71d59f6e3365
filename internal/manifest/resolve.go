package manifest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/profile"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// accountInput is one account as read, before resolution. It keeps the
// places of the account, its email and its name for errors, not the YAML
// nodes, so the parsed document can be freed account by account: for a
// manifest of 100,000 people the node tree is 15 times the file's size.
// Places are zero for accounts from flags.
type accountInput struct {
	at, emailAt, nameAt place
	hasEmail            bool
	path                string
	email, name         string
	settings            settings
}

// place is a line and column in the manifest; zero when unknown.
type place struct{ line, col int32 }

func at(n *yaml.Node) place { return place{int32(n.Line), int32(n.Column)} }

// node returns a node carrying only the place, for Decoder.Errorf; nil
// (no place) for the zero place.
func (p place) node() *yaml.Node {
	if p == (place{}) {
		return nil
	}
	return &yaml.Node{Line: int(p.line), Column: int(p.col)}
}

// resolver turns inputs into accounts, reporting problems through d.
type resolver struct {
	d            *strictyaml.Decoder
	opt          Options
	leftOut      []LeftOut // clients that cannot be written, unless opt.Strict
	organization string
	defaults     settings
	kit          Kit
	inputs       []accountInput
	warnings     []string
	vouched      map[string]*vouched // by domain
}

func newResolver(d *strictyaml.Decoder, opt Options) *resolver {
	return &resolver{d: d, opt: opt}
}

func (r *resolver) setOrganization(v *yaml.Node) {
	s, ok := r.d.String(v, "organization")
	if !ok {
		return
	}
	if why := account.CheckOrganization(s); why != "" {
		r.d.Errorf(v, "organization", "write it on one line", "%s", why)
		return
	}
	r.organization = s
}

func (r *resolver) add(in accountInput) { r.inputs = append(r.inputs, in) }

// finish checks each account, resolves it against profiles and defaults,
// and returns the manifest, or every error found.
func (r *resolver) finish() (*Manifest, error) {
	seen := map[string]place{}
	accounts := make([]account.Account, 0, len(r.inputs))
	// Where each account was written, for the clients' checks below: only
	// that, since the inputs are let go of first (a fifth of the memory of
	// a large manifest's run).
	type written struct {
		at, nameAt place
		path       string
	}
	places := make([]written, 0, len(r.inputs))
	for _, in := range r.inputs {
		if !in.hasEmail {
			continue // missing email, already reported
		}
		email := strings.ToLower(strings.Trim(in.email, " "))
		if why := account.CheckEmail(email); why != "" {
			r.d.Errorf(in.emailAt.node(), in.path+".email", "write the full address, e.g. alice@spectrum.net", "%q: %s", excerpt(in.email), why)
			continue
		}
		if first, dup := seen[email]; dup {
			where := ""
			if first.line > 0 {
				where = fmt.Sprintf(" (first at line %d)", first.line)
			}
			r.d.Errorf(in.emailAt.node(), in.path+".email", "keep one entry per person", "%s is listed twice%s", email, where)
			continue
		}
		seen[email] = in.emailAt
		if why := account.CheckName(in.name); why != "" {
			r.d.Errorf(in.nameAt.node(), in.path+".name", "write the name on one line", "%s", why)
			continue
		}
		before := r.d.Errs.Len()
		a, ok := r.resolve(email, in)
		if !ok || r.d.Errs.Len() > before {
			continue // its errors are reported; the clients' checks would repeat them
		}
		accounts = append(accounts, a)
		places = append(places, written{in.at, in.nameAt, in.path})
	}
	r.inputs = nil
	if r.opt.Check != nil {
		kept := accounts[:0]
		for i, err := range checkAll(accounts, r.opt.Check) {
			if err != nil {
				in := places[i]
				node, path := in.nameAt.node(), in.path+".name"
				if node == nil {
					node, path = in.at.node(), in.path
				}
				// A bulk run writes what it can (Options.Strict).
				if ces, ok := clientErrors(err); ok && !r.opt.Strict {
					where := in.nameAt
					if where == (place{}) {
						where = in.at
					}
					if r.leaveOut(&accounts[i], ces, where) {
						kept = append(kept, accounts[i])
					}
					continue
				}
				r.d.Errorf(node, path, "", "%v", err)
			}
			kept = append(kept, accounts[i])
		}
		accounts = kept
	}
	if err := r.d.Errs.Err(); err != nil {
		return nil, err
	}
	return &Manifest{Organization: r.organization, Kit: r.kit, Accounts: accounts, Warnings: append(r.vouchedWarnings(), r.warnings...)}, nil
}

// checkAll runs check on every account, on one worker per CPU: the client
// checks render files, which adds up over a manifest of thousands.
func checkAll(accounts []account.Account, check func(account.Account) error) []error {
	errs := make([]error, len(accounts))
	var wg sync.WaitGroup
	workers := runtime.NumCPU()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(accounts); i += workers {
				errs[i] = check(accounts[i])
			}
		}()
	}
	wg.Wait()
	return errs
}

// resolve applies, in order: the profile (see chooseProfile), the
// defaults' overrides, the account's overrides. Nothing is left for a
// generator to default. It returns false after reporting an address no
// profile can serve.
func (r *resolver) resolve(email string, in accountInput) (account.Account, bool) {
	s, def := in.settings, r.defaults
	profName, ok := r.chooseProfile(email, in)
	if !ok {
		return account.Account{}, false
	}
	p, _ := r.opt.Profiles.Get(profName) // names were checked when read
	a := account.Account{
		Email:        email,
		Name:         strings.TrimSpace(in.name),
		Organization: r.organization,
		Profile:      p.Name,
		ProfileName:  p.DisplayName,
		Incoming:     server(s.IMAP.Apply(def.IMAP.Apply(p.IMAP)), email),
		Outgoing:     server(s.SMTP.Apply(def.SMTP.Apply(p.SMTP)), email),
		Options: account.Options{
			AppleIdentifierPrefix: first(s.AppleIdentifierPrefix, def.AppleIdentifierPrefix, ptr(defaultIdentifierPrefix(r.organization))),
			OutlookFolder:         first(s.OutlookFolder, def.OutlookFolder, ptr(DefaultOutlookFolder)),
			OfficeVersion:         first(s.OfficeVersion, def.OfficeVersion, ptr(DefaultOfficeVersion)),
		},
	}
	if cmd := first(s.PasswordCommand, def.PasswordCommand, ptr("")); cmd != "" {
		a.PasswordCommand = expandCommand(cmd, a)
	}
	a.Clients = r.clients(s.Clients, def.Clients)
	r.checkPorts(in, a)
	r.checkAccount(in, a)
	for _, srv := range []struct {
		kind string
		s    account.Server
	}{{"incoming", a.Incoming}, {"outgoing", a.Outgoing}} {
		if srv.s.Security == account.None && srv.s.Auth == account.Password {
			r.warnings = append(r.warnings, fmt.Sprintf("%s: the %s server %s has no encryption: the password would travel in plain text",
				email, srv.kind, srv.s.Address()))
		}
	}
	return a, true
}

// Ports that belong to the other protocol: the seed brief's "use the same
// port for outgoing mail" sends SMTP to 993, which only speaks IMAP.
var (
	imapOnlyPorts = map[int]bool{993: true, 143: true}
	smtpOnlyPorts = map[int]bool{25: true, 465: true, 587: true}
)

// checkPorts reports a server set to the other protocol's port.
func (r *resolver) checkPorts(in accountInput, a account.Account) {
	if imapOnlyPorts[a.Outgoing.Port] {
		r.d.Errorf(in.at.node(), in.path+".smtp.port", "outgoing mail uses port 587 (or 465); only the security (SSL/TLS) is the same as for incoming mail",
			"port %d is an IMAP port, not an SMTP one", a.Outgoing.Port)
	}
	if smtpOnlyPorts[a.Incoming.Port] {
		r.d.Errorf(in.at.node(), in.path+".imap.port", "incoming mail (IMAP) uses port 993",
			"port %d is an SMTP port, not an IMAP one", a.Incoming.Port)
	}
}

// clients returns the account's clients in registry order, without repeats.
func (r *resolver) clients(own, def []string) []string {
	want := r.opt.ClientsOverride
	if want == nil {
		want = own
	}
	if want == nil {
		want = def
	}
	if want == nil {
		want = r.opt.Clients
	}
	var out []string
	for _, c := range r.opt.Clients {
		if slices.Contains(want, c) {
			out = append(out, c)
		}
	}
	return out
}

func server(s profile.Server, email string) account.Server {
	return account.Server{Host: s.Host, Port: s.Port, Security: s.Security, Auth: s.Auth, Username: email}
}

func first(vals ...*string) string {
	for _, v := range vals {
		if v != nil {
			return *v
		}
	}
	return ""
}

func ptr(s string) *string { return &s }
