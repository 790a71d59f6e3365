package manifest

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// An account's profile is, in order:
//
//  1. its own profile (the account's `profile:`, a CSV row's profile
//     cell, or --profile with --email);
//  2. the profile that lists the address's domain (the longest listed
//     domain it ends with; the default profile wins a tie);
//  3. the profile the manifest's defaults.profile, or --profile, names
//     explicitly, for a domain no profile lists: the admin vouches for it,
//     and a warning says so;
//  4. else an error at the address, naming the domain, with the listed
//     domain it most likely meant.
//
// The implicit default (spectrum) is never used for a domain no profile
// lists: a foreign or mistyped domain would silently get Spectrum's servers.

// vouched counts the accounts of one domain that got a profile only
// because defaults.profile or --profile named one: one warning per domain.
type vouched struct {
	profile, source string
	first           string // the first such address
	n               int
}

// chooseProfile returns the account's profile name, or false after
// reporting why there is none.
func (r *resolver) chooseProfile(email string, in accountInput) (string, bool) {
	if in.settings.Profile != nil {
		return *in.settings.Profile, true
	}
	domain := account.DomainOf(email)
	m := r.opt.Profiles.ForAddressDomain(domain)
	if m.Profile != "" {
		return m.Profile, true
	}
	name, source := "", ""
	switch {
	case r.defaults.Profile != nil:
		name, source = *r.defaults.Profile, "defaults.profile"
	case r.opt.Profile != "":
		name, source = r.opt.Profile, "--profile"
	}
	path, choose := in.path+".email", "set profile: for the account, or defaults.profile (--profile) for all"
	if in.path == "" {
		path, choose = "--email", "give it with --profile"
	}
	if len(m.Ambiguous) > 0 {
		if slices.Contains(m.Ambiguous, name) {
			return name, true
		}
		fix := fmt.Sprintf("set the account's profile to one of them (profile: %s)", m.Ambiguous[0])
		if in.path == "" {
			fix = "give one of them with --profile"
		}
		r.d.Errorf(in.emailAt.node(), path, fix,
			"%s: the domain %s is listed by the profiles %s", email, m.Domain, strings.Join(m.Ambiguous, " and "))
		return "", false
	}
	if name != "" {
		r.vouch(domain, name, source, email)
		return name, true
	}
	hint := ""
	if s := r.opt.Profiles.SuggestDomain(domain); s != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	r.d.Errorf(in.emailAt.node(), path,
		"correct the address; or, if one of the profiles (spectrumgen profiles) really serves "+domain+", "+choose,
		"%s: no profile lists the domain %s%s", email, domain, hint)
	return "", false
}

func (r *resolver) vouch(domain, profile, source, email string) {
	if r.vouched == nil {
		r.vouched = map[string]*vouched{}
	}
	v := r.vouched[domain]
	if v == nil {
		v = &vouched{profile: profile, source: source, first: email}
		r.vouched[domain] = v
	}
	v.n++
}

// vouchedWarnings says, once per domain, which accounts got a profile that
// does not list their domain.
func (r *resolver) vouchedWarnings() []string {
	domains := make([]string, 0, len(r.vouched))
	for d := range r.vouched {
		domains = append(domains, d)
	}
	sort.Strings(domains)
	var out []string
	for _, d := range domains {
		v := r.vouched[d]
		who := v.first + " gets"
		if v.n > 1 {
			who = fmt.Sprintf("%d accounts (%s, ...) get", v.n, v.first)
		}
		hint := ""
		if s := r.opt.Profiles.SuggestDomain(d); s != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", s)
		}
		out = append(out, fmt.Sprintf("%s: no profile lists this domain%s; %s the profile %s because %s names it: check that its servers serve %s",
			d, hint, who, v.profile, v.source, d))
	}
	return out
}
