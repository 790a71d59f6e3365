package profile

import (
	"sort"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/diag"
)

// Match is the profile an address's domain resolves to.
type Match struct {
	// Profile is the winning profile; empty when no profile lists the
	// domain, or when several do and none is the default (Ambiguous).
	Profile string
	// Domain is the listed domain that matched: the domain itself, or the
	// longest listed domain it is a subdomain of (nc.rr.com matches rr.com).
	Domain string
	// Also are the other profiles that list Domain: they lost the tie to
	// the default profile.
	Also []string
	// Ambiguous are the profiles that list Domain when none of them is the
	// default: the address needs an explicit profile.
	Ambiguous []string
}

// ForAddressDomain resolves an address's domain to a profile: the profile
// that lists the domain, or the longest listed domain the address's domain
// ends with after a dot (tampabay.rr.com over rr.com; nc.rr.com matches
// rr.com). Where several profiles list that same domain, the default
// profile wins; without it among them the match is ambiguous.
func (s *Set) ForAddressDomain(domain string) Match {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	best := ""
	var owners []string
	for n, p := range s.byName {
		for _, d := range p.Domains {
			if d != domain && !strings.HasSuffix(domain, "."+d) {
				continue
			}
			switch {
			case len(d) > len(best):
				best, owners = d, []string{n}
			case d == best && !contains(owners, n):
				owners = append(owners, n)
			}
		}
	}
	sort.Strings(owners) // the map's order is random
	m := Match{Domain: best}
	switch {
	case len(owners) == 1:
		m.Profile = owners[0]
	case contains(owners, Default):
		m.Profile = Default
		for _, o := range owners {
			if o != Default {
				m.Also = append(m.Also, o)
			}
		}
	case len(owners) > 1:
		m.Ambiguous = owners
	}
	return m
}

// Domains returns every domain some profile lists, sorted, once each.
func (s *Set) Domains() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range s.byName {
		for _, d := range p.Domains {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}

// SuggestDomain returns the listed domain a mistyped one most likely meant
// (spectrun.net → spectrum.net, charter.com → charter.net), or "". It is
// strict on purpose: a foreign domain such as gmail.com gets no suggestion.
func (s *Set) SuggestDomain(domain string) string {
	domain = strings.ToLower(domain)
	best, bestDist := "", 0
	for _, d := range s.Domains() {
		dist := diag.Distance(domain, d)
		limit := 1
		if len(d) >= 8 {
			limit = 2
		}
		if dist > limit && !sameNameOtherTLD(domain, d) {
			continue
		}
		if best == "" || dist < bestDist {
			best, bestDist = d, dist
		}
	}
	return best
}

// sameNameOtherTLD reports whether a and b differ only in their last label
// (charter.com and charter.net), with a name of at least 4 letters before it.
func sameNameOtherTLD(a, b string) bool {
	ia, ib := strings.LastIndexByte(a, '.'), strings.LastIndexByte(b, '.')
	if ia < 4 || ib < 4 {
		return false
	}
	return a[:ia] == b[:ib]
}

func contains(list []string, s string) bool { return oneOf(s, list) }
