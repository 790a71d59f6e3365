// Command spectrumgen turns a manifest of Spectrum mail accounts into ready
// configuration for mail clients, packaged as one onboarding kit per person.
//
// This file only wires flags to the functions in internal/app.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"github.com/spectrumgen/spectrumgen/internal/app"
	"github.com/spectrumgen/spectrumgen/internal/docs"
)

// version, commit and date are set by release builds (.goreleaser.yaml)
// with -ldflags "-X main.version=1.2.3 -X main.commit=... -X main.date=...".
var version, commit, date string

func main() {
	stop := startCPUProfile(os.Getenv)
	stopHeap := startHeapProfile(os.Getenv)
	code := run(os.Args, os.Stdin, os.Stdout, os.Stderr)
	stopHeap()
	stop()
	os.Exit(code)
}

// run is main without the process: testscript calls it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := app.NewIO(stdin, stdout, stderr, os.LookupEnv)
	a := newApp(s)
	if complete(args, s) {
		return 0
	}
	err := a.RunContext(context.Background(), hoist(args, commandNames(a)))
	if err != nil {
		fmt.Fprintln(stderr, app.FormatError(err))
	}
	return app.ExitCode(err)
}

func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return app.Version(version, commit, date, bi)
}

func newApp(s *app.IO) *cli.App {
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintf(s.Out, "spectrumgen %s\n", c.App.Version) }
	a := &cli.App{
		Name:    "spectrumgen",
		Usage:   "mail-client configuration and onboarding kits for Spectrum email accounts",
		Version: buildVersion(),
		Description: `Reads a manifest of accounts (or one account from --email) and writes, per person,
ready configuration for Thunderbird and the other clients in 'spectrumgen clients',
with instructions, under OUT/people/<address>/. Options go before or after the command.

Examples:
   spectrumgen --manifest accounts.yaml --out kits
   spectrumgen --client thunderbird --email me@spectrum.net --name "Me" -o -
   spectrumgen validate --manifest staff.csv
   spectrumgen verify --email me@spectrum.net
   spectrumgen help verify

Exit status: 0 done, 1 failed, 2 wrong usage (an unknown option, command or value),
3 kits written but some people's clients left out (listed on stderr; see --strict).`,
		Reader:               s.In,
		Writer:               s.Out,
		ErrWriter:            s.Err,
		EnableBashCompletion: true,
		Flags:                flags(generateFlags...),
		Action:               generateAction(s),
		OnUsageError:         usageError,
		ExitErrHandler:       func(*cli.Context, error) {}, // run() prints and exits
		Commands: []*cli.Command{
			{
				Name:   "generate",
				Usage:  "write kits (the same as running spectrumgen without a command)",
				Flags:  flags(generateFlags...),
				Action: generateAction(s),
			},
			{
				Name:      "validate",
				Usage:     "check a manifest and print what it holds; writes nothing",
				UsageText: "spectrumgen validate --manifest accounts.yaml",
				Flags:     flags(inputFlags...),
				Action: noArgs(func(c *cli.Context) error {
					return app.Validate(c.Context, input(c), s)
				}),
			},
			{
				Name:   "clients",
				Usage:  "list the mail clients spectrumgen writes configuration for",
				Action: noArgs(func(c *cli.Context) error { return app.Clients(s) }),
			},
			{
				Name:      "profiles",
				Usage:     "list the provider profiles and their servers",
				UsageText: "spectrumgen profiles [--json] [--profiles FILE]",
				Flags:     flags("profiles", "json"),
				Action: noArgs(func(c *cli.Context) error {
					return app.Profiles(c.StringSlice("profiles"), c.Bool("json"), s)
				}),
			},
			{
				Name:      "schema",
				Usage:     "print the JSON Schema of the manifest, for editors",
				UsageText: "spectrumgen schema > spectrumgen.schema.json",
				Flags:     flags("profiles"),
				Action:    noArgs(func(c *cli.Context) error { return app.Schema(c.StringSlice("profiles"), s) }),
			},
			{
				Name:      "verify",
				Usage:     "connect to one account's IMAP and SMTP servers with its settings and explain any failure",
				UsageText: "spectrumgen verify --email ADDRESS [--profile P | --manifest FILE] [--ca-file PEM] [--timeout 10] [--json] [--probe] [--password-stdin]",
				Description: `Checks DNS, the connection, TLS (1.2 or newer, certificate verified), the greeting
and capabilities of the incoming (IMAP) and outgoing (SMTP) server, with exactly the
settings spectrumgen generates for the address. With a password it also logs in,
counts the folders, shows the newest INBOX headers and authenticates to SMTP (nothing
is sent). The password comes from --password-stdin, $SPECTRUMGEN_PASSWORD or a prompt;
never from a flag. It is never sent over an unencrypted connection.
--probe tries the usual ports (IMAP 993/143, SMTP 465/587/25) without logging in
and suggests the profile that matches what answers.
Exit status: 0 every check ran and passed, 1 a check failed, 2 usage,
3 nothing failed but some checks did not run (no password: the login is untested).`,
				Flags: flags(verifyFlags...),
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return app.Usagef("verify takes no arguments; did you mean --email %s?", c.Args().First())
					}
					return app.Verify(c.Context, app.VerifyOptions{
						Input:         input(c),
						CAFile:        c.String("ca-file"),
						Timeout:       c.Generic("timeout").(*seconds).Duration,
						JSON:          c.Bool("json"),
						Probe:         c.Bool("probe"),
						PasswordStdin: c.Bool("password-stdin"),
					}, s)
				},
			},
			installCommand(s),
			{
				Name:   "man",
				Usage:  "print the manual page (roff) made from this help, for packagers",
				Hidden: true,
				Action: func(c *cli.Context) error { return docs.Man(c.App, s.Out) },
			},
			{
				Name:      "completion",
				Usage:     "print a shell completion script (bash or zsh)",
				UsageText: "source <(spectrumgen completion bash)",
				Action: func(c *cli.Context) error {
					if c.NArg() > 1 {
						return app.Usagef("completion: name one shell: bash or zsh")
					}
					return app.Completion(c.Args().First(), s)
				},
			},
		},
	}
	for _, c := range a.Commands {
		c.OnUsageError = usageError // every flag mistake exits 2
	}
	return a
}

// commandNames are the names and aliases of a's commands, and help.
func commandNames(a *cli.App) map[string]bool {
	names := map[string]bool{"help": true, "h": true}
	for _, c := range a.Commands {
		for _, n := range c.Names() {
			names[n] = true
		}
	}
	return names
}

// usageError turns a flag-parsing error into exit status 2.
func usageError(_ *cli.Context, err error, _ bool) error {
	return app.Usagef("%v (see --help)", err)
}

// noArgs refuses arguments to a command that takes none (exit 2), rather
// than ignoring what may be a mistyped option.
func noArgs(action cli.ActionFunc) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.NArg() > 0 {
			return app.Usagef("%s takes no arguments, got %q (see spectrumgen help %s)", c.Command.Name, c.Args().First(), c.Command.Name)
		}
		return action(c)
	}
}

// input reads the flags that name the accounts; a command without one of
// them reads it as empty.
func input(c *cli.Context) app.Input {
	return app.Input{
		Manifest:        c.String("manifest"),
		Format:          c.String("format"),
		Email:           c.String("email"),
		Name:            c.String("name"),
		PasswordCommand: c.String("password-command"),
		Profile:         c.String("profile"),
		ProfilesFiles:   c.StringSlice("profiles"),
		Clients:         c.StringSlice("client"),
		Strict:          c.Bool("strict"),
	}
}

func generateAction(s *app.IO) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.NArg() > 0 {
			return app.Usagef("unknown command %q (see spectrumgen help)", c.Args().First())
		}
		return app.Generate(c.Context, app.GenerateOptions{
			Input: input(c),
			Out:   c.String("out"),
			Zip:   c.Bool("zip"),
			Prune: c.Bool("prune"),
			Jobs:  c.Int("jobs"),
			Quiet: c.Bool("quiet"),
			Sign:  app.SignOptions{Cert: c.String("sign-cert"), Key: c.String("sign-key"), Chain: c.String("sign-chain")},
		}, s)
	}
}

// installCommand is `spectrumgen install`: set one account up in this
// machine's mail programs.
func installCommand(s *app.IO) *cli.Command {
	return &cli.Command{
		Name:  "install",
		Usage: "set one account up in Thunderbird, mutt, aerc, msmtp or mbsync on this machine, beside the accounts already there",
		UsageText: `spectrumgen install --client thunderbird --email ADDRESS [--name NAME] [--profile-dir DIR]
spectrumgen install --kit people/ADDRESS [--client mutt]
spectrumgen install --undo`,
		Description: `Finds the program's configuration on this machine, shows what it will change, asks,
then adds the account without touching the accounts and settings already there:
Thunderbird gets the account in its profile's prefs.js under keys that are free there
(Thunderbird must be closed); mutt and neomutt source a file of the account's own;
aerc, msmtp and mbsync get the account appended to their file. Every changed file is
backed up first; --undo puts the newest install's files back byte for byte.
Exit status: 0 done (or nothing to do), 1 failure, 2 usage.`,
		Flags: flags(installFlags...),
		Action: noArgs(func(c *cli.Context) error {
			return app.Install(c.Context, app.InstallOptions{
				Input:      input(c),
				Kit:        c.String("kit"),
				ProfileDir: c.String("profile-dir"),
				Yes:        c.Bool("yes"),
				DryRun:     c.Bool("dry-run"),
				Undo:       c.Bool("undo"),
				Force:      c.Bool("force"),
			}, s)
		}),
	}
}
