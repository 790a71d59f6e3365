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
// Each input is resolved as it is read (add), so a large manifest is never
// held twice, once as inputs and once as accounts; the clients' checks run
// over all of them at the end (finish).
type resolver struct {
	d            *strictyaml.Decoder
	opt          Options
	leftOut      []LeftOut // clients that cannot be written, unless opt.Strict
	organization string
	defaults     settings
	kit          Kit
	warnings     []string
	vouched      map[string]*vouched // by domain
	seen         map[string]place    // addresses resolved so far, where first written
	accounts     []account.Account
	// Where each account was written, for the clients' checks in finish.
	places []written
	// clientSets holds one slice per set of clients (by bit mask over
	// opt.Clients), shared by every account with that set: a manifest
	// of 100,000 people with every client would otherwise hold 100,000
	// copies of the same list (25 MB).
	clientSets map[uint64][]string
	// idPrefix is defaultIdentifierPrefix(idPrefixOf), made once for all
	// accounts rather than once each (5 MB for 100,000 people).
	idPrefix, idPrefixOf string
}

// written is where an account was written: its place, its name's, and
// its path in errors.
type written struct {
	at, nameAt place
	path       string
}

func newResolver(d *strictyaml.Decoder, opt Options) *resolver {
	return &resolver{d: d, opt: opt, seen: map[string]place{}}
}

// expect sizes the resolver for about n accounts, so a large manifest's
// list of accounts is allocated once instead of grown by doubling (which
// holds the old and the new array at once).
func (r *resolver) expect(n int) {
	n = max(n, 0)
	r.accounts = make([]account.Account, 0, n)
	r.places = make([]written, 0, n)
	r.seen = make(map[string]place, n)
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

// add checks one account as read and resolves it against profiles and
// defaults (which must be read before the first add).
func (r *resolver) add(in accountInput) {
	if !in.hasEmail {
		return // missing email, already reported
	}
	email := strings.ToLower(strings.Trim(in.email, " "))
	if why := account.CheckEmail(email); why != "" {
		r.d.Errorf(in.emailAt.node(), in.path+".email", "write the full address, e.g. alice@spectrum.net", "%q: %s", excerpt(in.email), why)
		return
	}
	if first, dup := r.seen[email]; dup {
		where := ""
		if first.line > 0 {
			where = fmt.Sprintf(" (first at line %d)", first.line)
		}
		r.d.Errorf(in.emailAt.node(), in.path+".email", "keep one entry per person", "%s is listed twice%s", email, where)
		return
	}
	r.seen[email] = in.emailAt
	if why := account.CheckName(in.name); why != "" {
		r.d.Errorf(in.nameAt.node(), in.path+".name", "write the name on one line", "%s", why)
		return
	}
	before := r.d.Errs.Len()
	a, ok := r.resolve(email, in)
	if !ok || r.d.Errs.Len() > before {
		return // its errors are reported; the clients' checks would repeat them
	}
	r.accounts = append(r.accounts, a)
	r.places = append(r.places, written{in.at, in.nameAt, in.path})
}

// finish runs the clients' checks on every account and returns the
// manifest, or every error found.
func (r *resolver) finish() (*Manifest, error) {
	accounts, places := r.accounts, r.places
	r.accounts, r.places, r.seen = nil, nil, nil
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
			AppleIdentifierPrefix: first(s.AppleIdentifierPrefix, def.AppleIdentifierPrefix, ptr(r.defaultIdentifierPrefix())),
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

// defaultIdentifierPrefix is the Apple identifier prefix of accounts that
// set none, from the organization.
func (r *resolver) defaultIdentifierPrefix() string {
	if r.idPrefix == "" || r.idPrefixOf != r.organization {
		r.idPrefix, r.idPrefixOf = defaultIdentifierPrefix(r.organization), r.organization
	}
	return r.idPrefix
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

// clients returns the account's clients in registry order, without
// repeats. Accounts with the same clients share one slice: it is never
// changed in place (leaveOut copies it).
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
	if len(r.opt.Clients) > 64 {
		return r.pick(want)
	}
	var mask uint64
	for i, c := range r.opt.Clients {
		if slices.Contains(want, c) {
			mask |= 1 << i
		}
	}
	if out, ok := r.clientSets[mask]; ok {
		return out
	}
	if r.clientSets == nil {
		r.clientSets = map[uint64][]string{}
	}
	out := r.pick(want)
	r.clientSets[mask] = out
	return out
}

// pick returns the clients of want in registry order, without repeats.
func (r *resolver) pick(want []string) []string {
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
