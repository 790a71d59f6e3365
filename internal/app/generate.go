package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/kit"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
)

// GenerateOptions are the options of `spectrumgen generate`.
type GenerateOptions struct {
	Input
	Out   string // output folder, or "-" for one file on stdout
	Zip   bool
	Prune bool // remove the kits and zips of people no longer in the manifest
	Jobs  int
	Quiet bool
	Sign  SignOptions
}

// Generate writes kits, or one file to Out with -o -.
func Generate(ctx context.Context, opt GenerateOptions, s *IO) error {
	start := time.Now()
	opt.askName = true
	if opt.Out == "" {
		opt.Out = "kits"
	}
	if opt.Out != "-" {
		opt.made = kit.Made(opt.Out, generatorMap())
	}
	m, err := load(opt.Input, s)
	if err != nil {
		return err
	}
	warn(s, m.Warnings)
	warnLeftOut(s, m.LeftOut)
	sign, signID, warnings, err := signingStep(opt, m, time.Now())
	if err != nil {
		return err
	}
	warn(s, warnings)
	var steps []kit.Step
	var stepsID []string // what each step does, for kit.Options.StepsID
	if sign != nil {
		steps = append(steps, sign)
		stepsID = append(stepsID, signID)
	}
	if opt.Out == "-" {
		return writeOne(m, s, steps)
	}
	// load ran every generator check (kit.CheckAccount), reporting each at
	// its place; the kit writer trusts that.
	ko := kit.Options{Out: opt.Out, Generators: generatorMap(), Zip: opt.Zip || m.Kit.Zip, Prune: opt.Prune, Jobs: opt.Jobs, Steps: steps,
		StepsID: strings.Join(stepsID, "\n")}
	if !opt.Quiet && s.ErrTTY && len(m.Accounts) > 1 {
		ko.Progress = newProgress(s, len(m.Accounts))
	}
	sum, err := kit.Write(ctx, ko, m.Accounts)
	if err != nil {
		return err
	}
	warn(s, sum.Warnings)
	if !opt.Quiet {
		printSummary(s.Err, opt.Out, sum, time.Since(start))
	}
	return leftOut(m.LeftOut, true)
}

// writeOne prints the single file a one-account, one-client run makes.
func writeOne(m *manifest.Manifest, s *IO, steps []kit.Step) error {
	if len(m.Accounts) != 1 {
		return Usagef("-o - prints one file: give one account (--email), not a manifest of %d", len(m.Accounts))
	}
	a := m.Accounts[0]
	if len(a.Clients) != 1 {
		return Usagef("-o - prints one file: choose one client with --client (one of %s)", strings.Join(a.Clients, ", "))
	}
	g := generatorMap()[a.Clients[0]]
	files, err := g.Generate(a)
	if err != nil {
		return err
	}
	for _, step := range steps {
		if files, err = step(a, files); err != nil {
			return err
		}
	}
	if len(files) != 1 {
		var paths []string
		for _, f := range files {
			paths = append(paths, f.Path)
		}
		return Usagef("-o -: %s writes %d files (%s); use --out FOLDER", g.Name(), len(files), strings.Join(paths, ", "))
	}
	_, err = s.Out.Write(files[0].Data)
	return err
}

// Validate checks the input and writes nothing.
func Validate(ctx context.Context, in Input, s *IO) error {
	in.askName = true
	m, err := load(in, s)
	if err != nil {
		return err
	}
	warn(s, m.Warnings)
	warnLeftOut(s, m.LeftOut)
	counts := map[string]int{}
	for _, a := range m.Accounts {
		for _, c := range a.Clients {
			counts[c]++
		}
	}
	var parts []string
	for _, c := range registry.Names() {
		if counts[c] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, counts[c]))
		}
	}
	src := in.Manifest
	if src == "" {
		src = "command line"
	}
	if src == "-" {
		src = "stdin"
	}
	fmt.Fprintf(s.Out, "%s: valid: %s (%s)\n", src, plural(len(m.Accounts), "account"), strings.Join(parts, ", "))
	return leftOut(m.LeftOut, false)
}

// warnLeftOut names each person's client a bulk run leaves out, and why.
func warnLeftOut(s *IO, l []manifest.LeftOut) {
	for _, x := range l {
		fmt.Fprintln(s.Err, "warning: "+x.String())
	}
}

func warn(s *IO, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintln(s.Err, "warning: "+diag.Printable(w))
	}
}

// FormatError returns err as printed to people: manifest error lists as
// they are, anything else after "spectrumgen: ".
func FormatError(err error) string {
	// Messages quote input with %q, but an error from elsewhere (a file
	// name in an os error, say) may not: no control byte reaches stderr.
	if l, ok := err.(*diag.List); ok {
		return diag.PrintableLines(l.Error())
	}
	return diag.PrintableLines("spectrumgen: " + err.Error())
}

func humanBytes(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 10<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
