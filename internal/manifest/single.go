package manifest

import (
	"fmt"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// Single resolves one account given on the command line (--email, --name),
// with the same checks and defaults as a manifest entry.
func Single(email, name, passwordCommand string, opt Options) (*Manifest, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if why := account.CheckEmail(email); why != "" {
		return nil, fmt.Errorf("--email %q: %s; write the full address, e.g. alice@spectrum.net", email, why)
	}
	if why := account.CheckName(name); why != "" {
		return nil, fmt.Errorf("--name: %s; write the name on one line", why)
	}
	var errs diag.List
	r := newResolver(&strictyaml.Decoder{File: "command line", Errs: &errs}, opt)
	if opt.Profile != "" {
		if _, ok := opt.Profiles.Get(opt.Profile); !ok {
			names := opt.Profiles.Names()
			return nil, fmt.Errorf("--profile: unknown profile %q%s; known profiles: %s", opt.Profile,
				diag.Suggest(opt.Profile, names), strings.Join(names, ", "))
		}
	}
	in := accountInput{email: email, name: name, hasEmail: true}
	if opt.Profile != "" {
		// --profile with --email is the account's own choice; for a
		// domain no profile lists, the warning below says so.
		own := opt.Profile
		in.settings.Profile = &own
		domain := account.DomainOf(email)
		if m := opt.Profiles.ForAddressDomain(domain); m.Profile == "" && len(m.Ambiguous) == 0 {
			r.vouch(domain, own, "--profile", email)
		}
	}
	if passwordCommand != "" {
		if why := checkPasswordCommand(passwordCommand); why != "" {
			return nil, fmt.Errorf("--password-command: %s", why)
		}
		in.settings.PasswordCommand = &passwordCommand
	}
	a, ok := r.resolve(email, in)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("--email %s: no profile for it", email) // resolve reports why; never reached
	}
	m := &Manifest{Accounts: []account.Account{a}}
	if opt.Check != nil {
		if err := opt.Check(m.Accounts[0]); err != nil {
			return nil, fmt.Errorf("--name/--email: %w", err)
		}
	}
	m.Warnings = append(r.vouchedWarnings(), r.warnings...)
	return m, nil
}
