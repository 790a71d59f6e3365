package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/install"
)

// InstallOptions are the options of `spectrumgen install`.
type InstallOptions struct {
	Input
	Kit        string // a kit folder (people/<address>) to install from
	ProfileDir string // Thunderbird's profile folder, when not the default
	Yes        bool   // do not ask
	DryRun     bool   // only show
	Undo       bool   // undo the last install
	Force      bool   // with Undo: restore files changed since
	Env        *install.Env
}

// installFiles says which generated file each installable client reads,
// and how it is planned.
var installFiles = []struct {
	client, file string
	plan         func(e install.Env, o InstallOptions, s *IO, email string, data []byte) (install.Plan, error)
}{
	{"thunderbird", "thunderbird/user.js", func(e install.Env, o InstallOptions, s *IO, email string, data []byte) (install.Plan, error) {
		dir, err := install.ChooseProfile(e, o.ProfileDir)
		var several *install.AmbiguousProfiles
		if errors.As(err, &several) && s.InTTY {
			dir, err = askProfile(several.Profiles, s)
		}
		if err != nil {
			return install.Plan{Client: "thunderbird"}, err
		}
		return install.PlanThunderbird(dir, email, data)
	}},
	{"mutt", "mutt/muttrc", func(e install.Env, _ InstallOptions, _ *IO, email string, d []byte) (install.Plan, error) {
		return install.PlanMutt(e, email, d)
	}},
	{"aerc", "aerc/accounts.conf", func(e install.Env, _ InstallOptions, _ *IO, email string, d []byte) (install.Plan, error) {
		return install.PlanAerc(e, email, d)
	}},
	{"msmtp", "msmtp/msmtprc", func(e install.Env, _ InstallOptions, _ *IO, email string, d []byte) (install.Plan, error) {
		return install.PlanMsmtp(e, email, d)
	}},
	{"mbsync", "mbsync/mbsyncrc", func(e install.Env, _ InstallOptions, _ *IO, email string, d []byte) (install.Plan, error) {
		return install.PlanMbsync(e, email, d)
	}},
}

func installable() []string {
	var names []string
	for _, f := range installFiles {
		names = append(names, f.client)
	}
	return names
}

// Install sets one account up in the mail programs of this machine.
func Install(ctx context.Context, opt InstallOptions, s *IO) error {
	env := opt.Env
	if env == nil {
		e, err := install.HostEnv()
		if err != nil {
			return fmt.Errorf("finding your home folder: %w", err)
		}
		env = &e
	}
	if opt.Undo {
		return undoInstall(*env, opt.Force, s)
	}
	email, files, err := installSources(opt, s)
	if err != nil {
		return err
	}
	var plans []install.Plan
	for _, f := range installFiles {
		data, ok := files[f.client]
		if !ok {
			continue
		}
		p, err := f.plan(*env, opt, s, email, data)
		if err != nil {
			return fmt.Errorf("%s: %w", f.client, err)
		}
		plans = append(plans, p)
	}
	combined := install.Plan{Email: email}
	var clients []string
	for _, p := range plans {
		if p.Already != "" {
			fmt.Fprintf(s.Err, "%s: %s\n", p.Client, p.Already)
			continue
		}
		clients = append(clients, p.Client)
		combined.Changes = append(combined.Changes, p.Changes...)
		combined.Dirs = append(combined.Dirs, p.Dirs...)
		combined.Next = append(combined.Next, p.Next...)
	}
	combined.Client = strings.Join(clients, "+")
	if len(combined.Changes) == 0 {
		fmt.Fprintf(s.Err, "nothing to install for %s\n", email)
		return nil
	}
	showPlan(combined, opt.DryRun, s)
	if opt.DryRun {
		fmt.Fprintln(s.Err, "dry run: nothing was written")
		return nil
	}
	if !opt.Yes {
		if !s.InTTY {
			return Usagef("install changes files in your home folder: give --yes to go ahead without being asked, or --dry-run to only see the changes")
		}
		answer, err := s.ask("Make these changes? [y/N] ", func(a string) string {
			switch strings.ToLower(a) {
			case "", "y", "yes", "n", "no":
				return ""
			}
			return "answer y or n"
		})
		if err != nil {
			return err
		}
		if a := strings.ToLower(answer); a != "y" && a != "yes" {
			fmt.Fprintln(s.Err, "nothing was changed")
			return nil
		}
	}
	dir, err := install.Apply(combined, env.StateDir(), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Err, "installed %s for %s (%s).\n", email, combined.Client, plural(len(combined.Changes), "file changed", "files changed"))
	for _, n := range combined.Next {
		fmt.Fprintln(s.Err, "  "+n)
	}
	fmt.Fprintf(s.Err, "The files as they were are kept in %s; to put them back: spectrumgen install --undo\n", dir)
	return nil
}

// askProfile lists the Thunderbird profiles and asks which one to use.
func askProfile(profiles []install.Profile, s *IO) (string, error) {
	fmt.Fprintln(s.Err, "Thunderbird has several profiles and none is the default:")
	for i, p := range profiles {
		fmt.Fprintf(s.Err, "  %d. %s  (%s)\n", i+1, diag.Printable(p.Dir), diag.Printable(p.Name))
	}
	answer, err := s.ask(fmt.Sprintf("Which one? [1-%d] ", len(profiles)), func(a string) string {
		if n, err := strconv.Atoi(a); err != nil || n < 1 || n > len(profiles) {
			return fmt.Sprintf("type a number from 1 to %d", len(profiles))
		}
		return ""
	})
	if err != nil {
		return "", err
	}
	n, _ := strconv.Atoi(answer)
	return profiles[n-1].Dir, nil
}

// showPlan prints each file the install changes and why; with detail,
// the lines it adds too.
func showPlan(p install.Plan, detail bool, s *IO) {
	fmt.Fprintf(s.Err, "spectrumgen install will set up %s for %s:\n", p.Email, p.Client)
	for _, c := range p.Changes {
		verb := "change"
		if !c.Existed {
			verb = "create"
		}
		fmt.Fprintf(s.Err, "  %s %s (mode %04o): %s\n", verb, c.Path, c.Mode, c.Why)
		if detail {
			added := c.New
			if c.Existed && bytes.HasPrefix(c.New, c.Old) {
				added = c.New[len(c.Old):]
			}
			for _, l := range strings.Split(strings.TrimRight(string(added), "\n"), "\n") {
				fmt.Fprintln(s.Err, "    + "+diag.Printable(l))
			}
		}
	}
	for _, d := range p.Dirs {
		if _, err := os.Stat(d); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(s.Err, "  create the folder %s\n", d)
		}
	}
}

// installSources returns the address and, per client, the generated file
// an install reads: from a kit folder, or generated now from the flags.
func installSources(opt InstallOptions, s *IO) (string, map[string][]byte, error) {
	files := map[string][]byte{}
	wanted := map[string]bool{}
	for _, c := range opt.Clients {
		for _, name := range strings.Split(c, ",") {
			name = strings.TrimSpace(strings.ToLower(name))
			if name == "" {
				continue
			}
			if !slices.Contains(installable(), name) {
				return "", nil, Usagef("--client %s: install sets up %s on this machine; for other clients, use the kit's files and steps", name, strings.Join(installable(), ", "))
			}
			wanted[name] = true
		}
	}
	if opt.Kit != "" {
		if opt.Email != "" || opt.Manifest != "" {
			return "", nil, Usagef("give either --kit or --email, not both")
		}
		email := strings.ToLower(filepath.Base(filepath.Clean(opt.Kit)))
		if why := account.CheckEmail(email); why != "" {
			return "", nil, Usagef("--kit %s: the folder's name should be the address, as in people/alice@spectrum.net (%s)", opt.Kit, why)
		}
		for _, f := range installFiles {
			if len(wanted) > 0 && !wanted[f.client] {
				continue
			}
			data, err := os.ReadFile(filepath.Join(opt.Kit, filepath.FromSlash(f.file)))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return "", nil, fmt.Errorf("reading the kit: %w", err)
			}
			files[f.client] = data
		}
		if len(files) == 0 {
			return "", nil, fmt.Errorf("the kit %s holds nothing spectrumgen install can set up (%s)", opt.Kit, strings.Join(installable(), ", "))
		}
		return email, files, nil
	}
	if opt.Manifest != "" {
		return "", nil, Usagef("install sets up one account: give --email (or --kit people/<address>), not --manifest")
	}
	if len(wanted) == 0 {
		return "", nil, Usagef("choose what to set up with --client (%s)", strings.Join(installable(), ", "))
	}
	in := opt.Input
	in.Clients = nil
	for _, f := range installFiles {
		if wanted[f.client] {
			in.Clients = append(in.Clients, f.client)
		}
	}
	m, err := load(in, s)
	if err != nil {
		return "", nil, err
	}
	a := m.Accounts[0]
	warn(s, m.Warnings)
	gens := generatorMap()
	for _, f := range installFiles {
		if !wanted[f.client] {
			continue
		}
		out, err := gens[f.client].Generate(a)
		if err != nil {
			return "", nil, err
		}
		for _, file := range out {
			if file.Path == f.file {
				files[f.client] = file.Data
			}
		}
	}
	return a.Email, files, nil
}

// undoInstall undoes the newest install.
func undoInstall(env install.Env, force bool, s *IO) error {
	dir, err := install.Latest(env.StateDir())
	if err != nil {
		return err
	}
	if dir == "" {
		return fmt.Errorf("there is no install to undo (none recorded in %s)", env.StateDir())
	}
	u, err := install.Undo(dir, force)
	if err != nil {
		return err
	}
	for _, p := range u.Restored {
		fmt.Fprintf(s.Err, "  restored %s\n", p)
	}
	for _, p := range u.Removed {
		fmt.Fprintf(s.Err, "  removed %s (the install had created it)\n", p)
	}
	fmt.Fprintf(s.Err, "undid the install of %s for %s\n", u.Email, u.Client)
	return nil
}
