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
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/spectrumgen/spectrumgen/internal/app"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: testscript calls it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &app.IO{In: stdin, Out: stdout, Err: stderr}
	if f, ok := stdin.(*os.File); ok {
		s.InTTY = term.IsTerminal(int(f.Fd()))
	}
	if f, ok := stderr.(*os.File); ok {
		s.ErrTTY = term.IsTerminal(int(f.Fd()))
	}
	if f, ok := stdout.(*os.File); ok {
		s.OutTTY = term.IsTerminal(int(f.Fd()))
	}
	if f, ok := stdin.(*os.File); ok && s.InTTY {
		s.ReadSecret = func() ([]byte, error) { return term.ReadPassword(int(f.Fd())) }
	}
	s.Color = app.ColorEnabled(s.ErrTTY, os.LookupEnv)
	s.NoColor = !app.ColorEnabled(true, os.LookupEnv)

	err := newApp(s).RunContext(context.Background(), args)
	if err != nil {
		fmt.Fprintln(stderr, app.FormatError(err))
	}
	return app.ExitCode(err)
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newApp(s *app.IO) *cli.App {
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintf(s.Out, "spectrumgen %s\n", c.App.Version) }
	return &cli.App{
		Name:    "spectrumgen",
		Usage:   "mail-client configuration and onboarding kits for Spectrum email accounts",
		Version: buildVersion(),
		Description: `Reads a manifest of accounts (or one account from --email) and writes, per person,
ready configuration for Thunderbird and the other clients in 'spectrumgen clients',
with instructions, under OUT/people/<address>/.

Examples:
   spectrumgen --manifest accounts.yaml --out kits
   spectrumgen --client thunderbird --email me@spectrum.net --name "Me" -o -
   spectrumgen validate --manifest accounts.yaml
   spectrumgen verify --email me@spectrum.net
   spectrumgen profiles`,
		Reader:               s.In,
		Writer:               s.Out,
		ErrWriter:            s.Err,
		EnableBashCompletion: true,
		HideHelpCommand:      true,
		Flags:                generateFlags(),
		Action:               generateAction(s),
		OnUsageError:         usageError,
		ExitErrHandler:       func(*cli.Context, error) {}, // run() prints and exits
		Commands: []*cli.Command{
			{
				Name:         "generate",
				Usage:        "write kits (the same as running spectrumgen without a command)",
				Flags:        generateFlags(),
				Action:       generateAction(s),
				OnUsageError: usageError,
			},
			{
				Name:      "validate",
				Usage:     "check a manifest and print what it holds; writes nothing",
				UsageText: "spectrumgen validate --manifest accounts.yaml",
				Flags:     inputFlags(),
				Action: func(c *cli.Context) error {
					return app.Validate(c.Context, input(c), s)
				},
				OnUsageError: usageError,
			},
			{
				Name:   "clients",
				Usage:  "list the mail clients spectrumgen writes configuration for",
				Action: func(c *cli.Context) error { return app.Clients(s) },
			},
			{
				Name:      "profiles",
				Usage:     "list the provider profiles and their servers",
				UsageText: "spectrumgen profiles [--json] [--profiles FILE]",
				Flags:     []cli.Flag{profilesFlag(), &cli.BoolFlag{Name: "json", Usage: "print JSON"}},
				Action: func(c *cli.Context) error {
					return app.Profiles(c.StringSlice("profiles"), c.Bool("json"), s)
				},
				OnUsageError: usageError,
			},
			{
				Name:      "schema",
				Usage:     "print the JSON Schema of the manifest, for editors",
				UsageText: "spectrumgen schema > spectrumgen.schema.json",
				Flags:     []cli.Flag{profilesFlag()},
				Action:    func(c *cli.Context) error { return app.Schema(c.StringSlice("profiles"), s) },
			},
			{
				Name:      "verify",
				Usage:     "connect to one account's IMAP and SMTP servers with its settings and explain any failure",
				UsageText: "spectrumgen verify --email ADDRESS [--profile P | --manifest FILE] [--ca-file PEM] [--timeout 10s] [--json] [--probe] [--password-stdin]",
				Description: `Checks DNS, the connection, TLS (1.2 or newer, certificate verified), the greeting
and capabilities of the incoming (IMAP) and outgoing (SMTP) server, with exactly the
settings spectrumgen generates for the address. With a password it also logs in,
counts the folders, shows the newest INBOX headers and authenticates to SMTP (nothing
is sent). The password comes from --password-stdin, $SPECTRUMGEN_PASSWORD or a prompt;
never from a flag. It is never sent over an unencrypted connection.
--probe tries the usual ports (IMAP 993/143, SMTP 465/587/25) without logging in
and suggests the profile that matches what answers.
Exit status: 0 all passed, 1 a check failed, 2 usage.`,
				Flags: verifyFlags(),
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return app.Usagef("verify takes no arguments; did you mean --email %s?", c.Args().First())
					}
					return app.Verify(c.Context, app.VerifyOptions{
						Input: app.Input{
							Manifest:      c.String("manifest"),
							Email:         c.String("email"),
							Profile:       c.String("profile"),
							ProfilesFiles: c.StringSlice("profiles"),
						},
						CAFile:        c.String("ca-file"),
						Timeout:       c.Duration("timeout"),
						JSON:          c.Bool("json"),
						Probe:         c.Bool("probe"),
						PasswordStdin: c.Bool("password-stdin"),
					}, s)
				},
				OnUsageError: usageError,
			},
			{
				Name:      "completion",
				Usage:     "print a shell completion script (bash or zsh)",
				UsageText: "source <(spectrumgen completion bash)",
				Action: func(c *cli.Context) error {
					return app.Completion(c.Args().First(), s)
				},
			},
		},
	}
}

// usageError turns a flag-parsing error into exit status 2.
func usageError(_ *cli.Context, err error, _ bool) error {
	return app.Usagef("%v (see --help)", err)
}

func profilesFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "profiles", Usage: "`FILE` of provider profiles that add to or override the built-in ones", EnvVars: []string{"SPECTRUMGEN_PROFILES"}}
}

func inputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "manifest", Aliases: []string{"m"}, Usage: "manifest `FILE` of accounts (YAML, or CSV when it ends in .csv; - for YAML on stdin)", EnvVars: []string{"SPECTRUMGEN_MANIFEST"}},
		&cli.StringFlag{Name: "email", Aliases: []string{"e"}, Usage: "one account's `ADDRESS`, instead of a manifest"},
		&cli.StringFlag{Name: "name", Aliases: []string{"n"}, Usage: "the account's display `NAME`, with --email"},
		&cli.StringFlag{Name: "password-command", Usage: "`COMMAND` that prints the password, with --email ({email} is replaced)"},
		&cli.StringSliceFlag{Name: "client", Aliases: []string{"c"}, Usage: "mail `CLIENT` to generate for; repeat or separate with commas (default: the manifest's, or all)"},
		&cli.StringFlag{Name: "profile", Aliases: []string{"p"}, Usage: "provider `PROFILE` where the manifest names none (default: spectrum)", EnvVars: []string{"SPECTRUMGEN_PROFILE"}},
		profilesFlag(),
	}
}

func verifyFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "email", Aliases: []string{"e"}, Usage: "the account's `ADDRESS`"},
		&cli.StringFlag{Name: "manifest", Aliases: []string{"m"}, Usage: "take the account's settings from this manifest `FILE`", EnvVars: []string{"SPECTRUMGEN_MANIFEST"}},
		&cli.StringFlag{Name: "profile", Aliases: []string{"p"}, Usage: "provider `PROFILE` where the manifest names none (default: spectrum)", EnvVars: []string{"SPECTRUMGEN_PROFILE"}},
		profilesFlag(),
		&cli.StringFlag{Name: "ca-file", Usage: "trust the certificates in this PEM `FILE` instead of the system's"},
		&cli.DurationFlag{Name: "timeout", Usage: "`LIMIT` for each network step", Value: 10 * time.Second},
		&cli.BoolFlag{Name: "json", Usage: "print one JSON object per check"},
		&cli.BoolFlag{Name: "probe", Usage: "try the usual ports and TLS modes (no login) and suggest a profile"},
		&cli.BoolFlag{Name: "password-stdin", Usage: "read the password from the first line of standard input"},
	}
}

func generateFlags() []cli.Flag {
	return append(inputFlags(),
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "output `FOLDER`, or - to print the one file of one client to stdout", Value: "kits", EnvVars: []string{"SPECTRUMGEN_OUT"}},
		&cli.BoolFlag{Name: "zip", Aliases: []string{"z"}, Usage: "also write zips/<address>.zip per person"},
		&cli.BoolFlag{Name: "prune", Usage: "remove the kits and zips of people no longer in the manifest (only files spectrumgen wrote)"},
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "`N` workers", DefaultText: "one per CPU"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar and no summary line"},
		&cli.StringFlag{Name: "sign-cert", Usage: "PEM certificate `FILE` that signs Apple profiles (or defaults.sign_cert)", EnvVars: []string{"SPECTRUMGEN_SIGN_CERT"}},
		&cli.StringFlag{Name: "sign-key", Usage: "unencrypted PEM private key `FILE` of --sign-cert (or defaults.sign_key)", EnvVars: []string{"SPECTRUMGEN_SIGN_KEY"}},
		&cli.StringFlag{Name: "sign-chain", Usage: "PEM `FILE` of intermediate certificates, optional (or defaults.sign_chain)", EnvVars: []string{"SPECTRUMGEN_SIGN_CHAIN"}},
	)
}

func input(c *cli.Context) app.Input {
	return app.Input{
		Manifest:        c.String("manifest"),
		Email:           c.String("email"),
		Name:            c.String("name"),
		PasswordCommand: c.String("password-command"),
		Profile:         c.String("profile"),
		ProfilesFiles:   c.StringSlice("profiles"),
		Clients:         c.StringSlice("client"),
	}
}

func generateAction(s *app.IO) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.NArg() > 0 {
			return app.Usagef("unknown command %q (see --help)", c.Args().First())
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
