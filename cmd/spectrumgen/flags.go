package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// flagDefs defines every flag once; a command lists the names it takes
// (flags). Each call makes fresh flag values, as urfave/cli keeps parse
// state in them.
var flagDefs = map[string]func() cli.Flag{
	"manifest": func() cli.Flag {
		return &cli.StringFlag{Name: "manifest", Aliases: []string{"m"}, EnvVars: []string{"SPECTRUMGEN_MANIFEST"},
			Usage: "manifest `FILE` of accounts: YAML, or CSV when it ends in .csv or .tsv (or with --format csv); - reads standard input"}
	},
	"format": func() cli.Flag {
		return &cli.StringFlag{Name: "format", Usage: "`FORMAT` of the manifest, csv or yaml, for standard input and names without .csv/.yaml"}
	},
	"email": func() cli.Flag {
		return &cli.StringFlag{Name: "email", Aliases: []string{"e"}, Usage: "one account's `ADDRESS`, instead of a manifest (with verify and --manifest: that manifest's account)"}
	},
	"name": func() cli.Flag {
		return &cli.StringFlag{Name: "name", Aliases: []string{"n"}, Usage: "the account's display `NAME`, with --email (asked at a terminal; else none)"}
	},
	"password-command": func() cli.Flag {
		return &cli.StringFlag{Name: "password-command", Usage: "`COMMAND` that prints the password, with --email ({email} is replaced)"}
	},
	"client": func() cli.Flag {
		return &cli.StringSliceFlag{Name: "client", Aliases: []string{"c"}, Usage: "mail `CLIENT` to generate for; repeat or separate with commas (default: the manifest's, or all)"}
	},
	"profile": func() cli.Flag {
		return &cli.StringFlag{Name: "profile", Aliases: []string{"p"}, EnvVars: []string{"SPECTRUMGEN_PROFILE"},
			Usage: "provider `PROFILE` for --email, or for a manifest's accounts whose domain no profile lists (default: by the address's domain, see 'spectrumgen profiles')"}
	},
	"profiles": func() cli.Flag {
		return &cli.StringSliceFlag{Name: "profiles", EnvVars: []string{"SPECTRUMGEN_PROFILES"},
			Usage: "`FILE` of provider profiles that add to or override the built-in ones"}
	},
	"strict": func() cli.Flag {
		return &cli.BoolFlag{Name: "strict", Usage: "stop before writing anything when one person's client cannot be written (default: write the rest, list what was left out, exit 3)"}
	},
	"out": func() cli.Flag {
		return &cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "kits", EnvVars: []string{"SPECTRUMGEN_OUT"},
			Usage: "output `FOLDER`, or - to print the one file of one client to stdout"}
	},
	"zip": func() cli.Flag {
		return &cli.BoolFlag{Name: "zip", Aliases: []string{"z"}, Usage: "also write zips/<address>.zip per person"}
	},
	"prune": func() cli.Flag {
		return &cli.BoolFlag{Name: "prune", Usage: "remove the kits and zips of people no longer in the manifest (only files spectrumgen wrote)"}
	},
	"jobs": func() cli.Flag {
		return &cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "`N` workers", DefaultText: "one per CPU"}
	},
	"quiet": func() cli.Flag {
		return &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar and no summary line"}
	},
	"sign-cert": func() cli.Flag {
		return &cli.StringFlag{Name: "sign-cert", EnvVars: []string{"SPECTRUMGEN_SIGN_CERT"}, Usage: "PEM certificate `FILE` that signs Apple profiles (or defaults.sign_cert)"}
	},
	"sign-key": func() cli.Flag {
		return &cli.StringFlag{Name: "sign-key", EnvVars: []string{"SPECTRUMGEN_SIGN_KEY"}, Usage: "unencrypted PEM private key `FILE` of --sign-cert (or defaults.sign_key)"}
	},
	"sign-chain": func() cli.Flag {
		return &cli.StringFlag{Name: "sign-chain", EnvVars: []string{"SPECTRUMGEN_SIGN_CHAIN"}, Usage: "PEM `FILE` of intermediate certificates, optional (or defaults.sign_chain)"}
	},
	"ca-file": func() cli.Flag {
		return &cli.StringFlag{Name: "ca-file", Usage: "trust the certificates in this PEM `FILE` instead of the system's"}
	},
	"timeout": func() cli.Flag {
		return &cli.GenericFlag{Name: "timeout", Value: &seconds{10 * time.Second}, DefaultText: "10s",
			Usage: "`LIMIT` for each network step: seconds (10) or a duration (10s, 1m30s)"}
	},
	"json": func() cli.Flag {
		return &cli.BoolFlag{Name: "json", Usage: "print JSON (verify: JSON Lines, one object per check, then a summary)"}
	},
	"probe": func() cli.Flag {
		return &cli.BoolFlag{Name: "probe", Usage: "try the usual ports and TLS modes (no login) and suggest a profile"}
	},
	"password-stdin": func() cli.Flag {
		return &cli.BoolFlag{Name: "password-stdin", Usage: "read the password from the first line of standard input"}
	},
	"kit": func() cli.Flag {
		return &cli.StringFlag{Name: "kit", Usage: "install what the kit `FOLDER` (people/<address>) holds for this machine"}
	},
	"profile-dir": func() cli.Flag {
		return &cli.StringFlag{Name: "profile-dir", Usage: "Thunderbird profile `FOLDER` (default: the default profile)"}
	},
	"yes": func() cli.Flag {
		return &cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "do not ask before changing files"}
	},
	"dry-run": func() cli.Flag {
		return &cli.BoolFlag{Name: "dry-run", Usage: "show what would change, and change nothing"}
	},
	"undo": func() cli.Flag {
		return &cli.BoolFlag{Name: "undo", Usage: "put back the files the newest install changed"}
	},
	"force": func() cli.Flag {
		return &cli.BoolFlag{Name: "force", Usage: "with --undo: put them back even if they changed since"}
	},
}

// Flag sets of the commands.
var (
	inputFlags    = []string{"manifest", "format", "email", "name", "password-command", "client", "profile", "profiles", "strict"}
	generateFlags = append(append([]string{}, inputFlags...), "out", "zip", "prune", "jobs", "quiet", "sign-cert", "sign-key", "sign-chain")
	installFlags  = []string{"email", "name", "password-command", "client", "profile", "profiles", "kit", "profile-dir", "yes", "dry-run", "undo", "force"}
	verifyFlags   = []string{"email", "manifest", "format", "profile", "profiles", "ca-file", "timeout", "json", "probe", "password-stdin"}
)

// flags returns fresh flags of the given names.
func flags(names ...string) []cli.Flag {
	out := make([]cli.Flag, 0, len(names))
	for _, n := range names {
		def, ok := flagDefs[n]
		if !ok {
			panic("spectrumgen: no flag " + n)
		}
		out = append(out, def())
	}
	return out
}

// seconds is a duration flag that also takes plain seconds: "--timeout 5"
// is what people type.
type seconds struct{ time.Duration }

func (s *seconds) Set(v string) error {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		s.Duration = time.Duration(n * float64(time.Second))
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("write seconds (10) or a number with a unit (10s, 500ms, 1m)")
	}
	s.Duration = d
	return nil
}

func (s *seconds) String() string { return s.Duration.String() }

// valueFlags are the names (with dashes) of every flag that takes a value,
// so hoist can tell a flag's value from a command name.
func valueFlags() map[string]bool {
	out := map[string]bool{}
	for _, def := range flagDefs {
		f := def()
		if tv, ok := f.(cli.DocGenerationFlag); ok && tv.TakesValue() {
			for _, n := range f.Names() {
				out[dash(n)] = true
			}
		}
	}
	return out
}

func dash(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// hoist moves flags written before the command to after it, so that
// `spectrumgen -m staff.csv validate` is `spectrumgen validate -m
// staff.csv`: urfave/cli reads a flag before the command as the
// top-level command's, and the top-level command (generate) would not run.
// Arguments after "--", and runs without a command, are left alone.
func hoist(args []string, commands map[string]bool) []string {
	if len(args) < 2 {
		return args
	}
	takesValue := valueFlags()
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return args
		case a == "--version" || a == "-v":
			return args // the version is the program's, not a command's
		case strings.HasPrefix(a, "-") && len(a) > 1:
			name, _, hasValue := strings.Cut(a, "=")
			if takesValue[name] && !hasValue {
				i++ // skip the value, which may look like a command
			}
		case commands[a]:
			if i == 1 {
				return args
			}
			out := make([]string, 0, len(args))
			out = append(out, args[0], a)
			out = append(out, args[1:i]...)
			return append(out, args[i+1:]...)
		default:
			return args // an argument that is no command: the command reports it
		}
	}
	return args
}
