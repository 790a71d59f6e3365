// Package app holds what each command does, apart from its command-line
// wiring (cmd/spectrumgen): every function takes its options and an IO, so
// the commands can be driven from tests with buffers instead of a terminal.
package app

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/kit"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// IO is where a command reads and writes. Data goes to Out, everything for
// people (progress, warnings, errors) to Err.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// InTTY, OutTTY and ErrTTY say whether In, Out and Err are terminals
	// (NewIO finds out): they decide prompting, progress bars, and ✓/✗
	// marks or plain words in reports.
	InTTY, OutTTY, ErrTTY bool
	// NoColor is the one colour setting: NO_COLOR is set. A writer gets
	// colour only when it is a terminal and NoColor is false (colorOn).
	NoColor bool
	// ReadSecret reads a line from the terminal without echo (a
	// password); nil when In is not a terminal.
	ReadSecret func() ([]byte, error)

	in *bufio.Reader
}

// UsageError is an error in how the command was called: exit status 2.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

// NotVerifiedError is a verify run where nothing failed but some checks did
// not run (no password, say): not a pass, and not a failure. Exit status 3.
type NotVerifiedError struct{ Msg string }

func (e NotVerifiedError) Error() string { return e.Msg }

// LeftOutError says a bulk run wrote every kit it could but left out some
// people's clients (manifest.LeftOut, listed as warnings): exit status 3,
// so a script notices without taking it for a failure that wrote nothing.
type LeftOutError struct {
	People, Clients int
	Wrote           bool // false for validate, which writes nothing
}

func (e LeftOutError) Error() string {
	if !e.Wrote {
		return fmt.Sprintf("%s of %s would be left out (listed above); the rest is valid", plural(e.Clients, "client kit"), plural(e.People, "person", "people"))
	}
	return fmt.Sprintf("left out %s of %s (listed above); everything else is written; fix them and run again, or use --strict to stop instead",
		plural(e.Clients, "client kit"), plural(e.People, "person", "people"))
}

// leftOut returns the LeftOutError a run with clients left out ends
// with, or nil.
func leftOut(l []manifest.LeftOut, wrote bool) error {
	if len(l) == 0 {
		return nil
	}
	people := map[string]bool{}
	for _, x := range l {
		people[x.Email] = true
	}
	return LeftOutError{People: len(people), Clients: len(l), Wrote: wrote}
}

// plural writes "1 person", "2 people"; the plural is word+"s" unless given.
func plural(n int, word string, pl ...string) string {
	if n == 1 {
		return "1 " + word
	}
	if len(pl) > 0 {
		return fmt.Sprintf("%d %s", n, pl[0])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ExitCode maps an error to the exit status: 0 ok, 2 usage, 3 partly
// done (a bulk run that left clients out, a verify run with checks that did
// not run), 1 anything else.
func ExitCode(err error) int {
	var (
		u UsageError
		l LeftOutError
		n NotVerifiedError
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	case errors.As(err, &l), errors.As(err, &n):
		return 3
	}
	return 1
}

// Input names where the accounts come from: a manifest, or one account
// given with flags.
type Input struct {
	Manifest        string
	Format          string // "csv", "yaml", or "" to go by the name (and content, for stdin)
	Email, Name     string
	PasswordCommand string
	Profile         string
	ProfilesFiles   []string
	Clients         []string // from --client; nil means the manifest's
	// Strict stops a run when one person's client cannot be written,
	// instead of leaving that client out (manifest.Options.Strict).
	Strict bool

	// askName asks for a display name at the terminal when --email comes
	// without --name (generate and validate; verify needs no name).
	askName bool
	// made, when set, says which accounts this program made a kit of in the
	// output folder (kit.Made): their client checks passed then, and are
	// not run again.
	made func(account.Account) bool
}

// load reads profiles and accounts, prompting for an address when none was
// given and a person is at the terminal.
func load(in Input, s *IO) (*manifest.Manifest, error) {
	profiles, err := profile.Load(in.ProfilesFiles...)
	if err != nil {
		return nil, err
	}
	clients, err := splitClients(in.Clients)
	if err != nil {
		return nil, err
	}
	if in.Profile != "" {
		// Checked here, before any account is resolved with it, so the
		// error names it (not a symptom such as an empty server setting).
		name := strings.ToLower(strings.TrimSpace(in.Profile))
		if _, ok := profiles.Get(name); !ok {
			names := profiles.Names()
			return nil, Usagef("--profile: unknown profile %q%s; known profiles: %s (or add one with --profiles)",
				in.Profile, suggest(name, names), strings.Join(names, ", "))
		}
		in.Profile = name
	}
	check := checkClients
	if made := in.made; made != nil {
		check = func(a account.Account) error {
			if made(a) {
				return nil
			}
			return checkClients(a)
		}
	}
	opt := manifest.Options{Profiles: profiles, Clients: registry.Names(), Profile: in.Profile, ClientsOverride: clients,
		Check: check, Strict: in.Strict}
	if in.Manifest != "" {
		if in.Email != "" {
			return nil, Usagef("give either --manifest or --email, not both")
		}
		if in.Format != "" && in.Format != "csv" && in.Format != "yaml" {
			return nil, Usagef("--format %q: write csv or yaml", in.Format)
		}
		data, err := readManifest(in.Manifest, s)
		if err != nil {
			return nil, err
		}
		setMemoryBudget(len(data))
		name := in.Manifest
		if name == "-" {
			name = "stdin"
		}
		parse := manifest.Parse
		if manifestFormat(in.Manifest, in.Format, data) == "csv" {
			parse = manifest.ParseCSV // a spreadsheet or directory export
		}
		m, err := parse(name, data, opt)
		if err == nil {
			fitMemoryBudget()
		}
		return m, err
	}
	if in.Format != "" {
		return nil, Usagef("--format is for --manifest; give --manifest FILE")
	}
	if in.Email == "" {
		if !s.InTTY {
			return nil, Usagef("no accounts: give --manifest FILE, or --email ADDRESS (see spectrumgen --help)")
		}
		if in.Email, err = s.askEmail(); err != nil {
			return nil, err
		}
	}
	noName := false
	if in.Name == "" && in.askName {
		if s.InTTY {
			if in.Name, err = s.askName(in, opt); err != nil {
				return nil, err
			}
		} else {
			noName = true
		}
	}
	m, err := manifest.Single(in.Email, in.Name, in.PasswordCommand, opt)
	if err != nil {
		// Every value here came from a flag (or an answer checked as
		// typed): a wrong one is a usage error.
		return nil, UsageError{err.Error()}
	}
	if noName {
		fmt.Fprintf(s.Err, "note: no --name, so the kit gives %s no display name: mail clients show the address alone as the sender; give --name \"First Last\" to set one\n",
			m.Accounts[0].Email)
	}
	return m, nil
}

// manifestFormat decides how a manifest is read: --format, else its name
// (.csv and .tsv are CSV), else, for standard input and other names, its
// first line: YAML starts with a key such as "version:", a comment, "{" or
// "---"; anything else is taken for a CSV header.
func manifestFormat(path, format string, data []byte) string {
	if format != "" {
		return format
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv":
		return "csv"
	case ".yaml", ".yml":
		return "yaml"
	}
	text := strings.TrimPrefix(string(data[:min(len(data), 4096)]), "\ufeff")
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#TYPE "): // PowerShell's Export-Csv
			return "csv"
		case strings.HasPrefix(line, "#"), strings.HasPrefix(line, "---"), strings.HasPrefix(line, "%YAML"), strings.HasPrefix(line, "{"), yamlKeyRE.MatchString(line):
			return "yaml"
		}
		return "csv"
	}
	return "yaml"
}

// yamlKeyRE matches a first line such as "version: 1" or "accounts:".
var yamlKeyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*:(\s|$)`)

// readManifest reads a manifest file, or standard input for "-".
func readManifest(path string, s *IO) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(io.LimitReader(s.In, manifestLimit))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the manifest: %w", err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, manifestLimit))
}

// manifestLimit reads one byte past the parser's limit so it can say so.
const manifestLimit = 64<<20 + 1

// splitClients accepts repeated and comma-separated --client values.
func splitClients(flags []string) ([]string, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	names := registry.Names()
	var out []string
	for _, f := range flags {
		for _, c := range strings.Split(f, ",") {
			c = strings.TrimSpace(c)
			switch {
			case c == "":
			case strings.EqualFold(c, "all"):
				out = append(out, names...)
			case slices.Contains(names, strings.ToLower(c)): // "Thunderbird" is how people type it
				out = append(out, strings.ToLower(c))
			default:
				return nil, Usagef("--client: unknown client %q%s; known clients: %s, all", c, suggest(c, names), strings.Join(names, ", "))
			}
		}
	}
	return out, nil
}

// checkClients runs the kit writer's checks of an account (the address as
// a folder name, and its clients' generators.Checker) during validation,
// so that each problem is reported at its place; the kit writer does not
// run them again. A client's failure is a manifest.ClientError, so a bulk
// run can leave that client out and write the rest.
func checkClients(a account.Account) error {
	return kit.CheckAccount(generatorMap(), a, func(client string, err error) error {
		return &manifest.ClientError{Client: client, Err: err}
	})
}

// generatorMap maps client names to generators; it is made once.
var generatorMap = sync.OnceValue(func() map[string]generators.Generator {
	m := map[string]generators.Generator{}
	for _, g := range registry.All() {
		m[g.Name()] = g
	}
	return m
})
