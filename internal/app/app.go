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
	"runtime/debug"
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
	// InTTY and ErrTTY say whether In and Err are terminals; they decide
	// prompting and progress bars.
	InTTY, ErrTTY bool
	// Color is false under NO_COLOR or when Err is not a terminal.
	Color bool
	// OutTTY says whether Out is a terminal; NoColor that NO_COLOR is set.
	// Together they choose ✓/✗ marks or plain words in reports.
	OutTTY, NoColor bool
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

// ExitCode maps an error to the exit status: 0 ok, 2 usage, 1 anything else.
func ExitCode(err error) int {
	var u UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}

// Input names where the accounts come from: a manifest, or one account
// given with flags.
type Input struct {
	Manifest        string
	Email, Name     string
	PasswordCommand string
	Profile         string
	ProfilesFiles   []string
	Clients         []string // from --client; nil means the manifest's
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
	opt := manifest.Options{Profiles: profiles, Clients: registry.Names(), Profile: in.Profile, ClientsOverride: clients, Check: checkClients}
	if in.Manifest != "" {
		if in.Email != "" {
			return nil, Usagef("give either --manifest or --email, not both")
		}
		data, err := readManifest(in.Manifest, s)
		if err != nil {
			return nil, err
		}
		setMemoryBudget(len(data))
		if strings.EqualFold(filepath.Ext(in.Manifest), ".csv") {
			return manifest.ParseCSV(in.Manifest, data, opt) // a spreadsheet or directory export
		}
		return manifest.Parse(in.Manifest, data, opt)
	}
	if in.Email == "" {
		if !s.InTTY {
			return nil, Usagef("no accounts: give --manifest FILE, or --email ADDRESS (see spectrumgen --help)")
		}
		if in.Email, err = s.prompt("Email address: "); err != nil {
			return nil, err
		}
		if in.Name == "" {
			if in.Name, err = s.prompt("Your name (as shown to people you write to): "); err != nil {
				return nil, err
			}
		}
	}
	return manifest.Single(in.Email, in.Name, in.PasswordCommand, opt)
}

// setMemoryBudget sets the garbage collector's soft memory limit to a
// constant plus a multiple of the manifest's size, unless GOMEMLIMIT says
// otherwise. Parsing YAML builds a node tree some 15 times the file's
// size; without a limit the collector lets the heap grow to twice that
// before it runs, and a 100,000-person run peaked near 500 MB. With it, it
// collects sooner, trading some CPU time while parsing for memory that
// stays near the manifest's own size plus a constant.
func setMemoryBudget(manifestSize int) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(memoryBudgetBase + 2*int64(manifestSize))
}

// memoryBudgetBase is the constant part of the memory budget.
const memoryBudgetBase = 160 << 20

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

func (s *IO) prompt(question string) (string, error) {
	if s.in == nil {
		s.in = bufio.NewReader(s.In)
	}
	fmt.Fprint(s.Err, question)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		return "", Usagef("no answer given")
	}
	return strings.TrimSpace(line), nil
}

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
			case c == "all":
				out = append(out, names...)
			case !contains(names, c):
				return nil, Usagef("--client: unknown client %q%s; known clients: %s, all", c, suggest(c, names), strings.Join(names, ", "))
			default:
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// checkClients runs the kit writer's checks of an account (its clients'
// generators.Checker), during validation, so that each problem is
// reported at its place; the kit writer does not run them again.
func checkClients(a account.Account) error {
	return kit.CheckAccount(generatorMap(), a)
}

// generatorMap maps client names to generators; it is made once.
var generatorMap = sync.OnceValue(func() map[string]generators.Generator {
	m := map[string]generators.Generator{}
	for _, g := range registry.All() {
		m[g.Name()] = g
	}
	return m
})

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
