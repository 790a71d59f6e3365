package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/spectrumgen/spectrumgen/internal/app"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// runOut runs spectrumgen with args and returns its stdout, failing the
// test on a non-zero exit.
func runOut(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"spectrumgen"}, args...), strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("spectrumgen %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

// completions returns what spectrumgen offers a shell for args ending in
// --generate-bash-completion. urfave/cli reads the word being completed
// from os.Args, so the test sets os.Args as a shell's call would.
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	saved := os.Args
	defer func() { os.Args = saved }()
	os.Args = append([]string{"spectrumgen"}, args...)
	return strings.Fields(runOut(t, args...))
}

// helpApp is the app as --help sees it: the commands and flags every
// generated document must cover.
func helpApp() *cli.App {
	return newApp(&app.IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
}

// flagNames are the names a user types for f: "--manifest", "-m".
func flagNames(f cli.Flag) []string {
	var names []string
	for _, n := range f.Names() {
		if len(n) == 1 {
			names = append(names, "-"+n)
		} else {
			names = append(names, "--"+n)
		}
	}
	return names
}

// roffFont matches roff's font changes (\fB bold ... \fP back).
var roffFont = regexp.MustCompile(`\\f[BIRP]`)

// hasFlagEntry reports whether a man page section (font changes removed)
// has f's entry: a line that starts with all its names and holds its usage,
// as in "--manifest, -m="": manifest FILE of accounts ...".
func hasFlagEntry(section string, f cli.Flag) bool {
	usage := ""
	if d, ok := f.(cli.DocGenerationFlag); ok {
		usage = strings.ReplaceAll(d.GetUsage(), "`", "")
	}
	for _, line := range strings.Split(section, "\n") {
		if rest, ok := strings.CutPrefix(line, strings.Join(flagNames(f), ", ")); ok &&
			(strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=")) && strings.Contains(rest, usage) {
			return true
		}
	}
	return false
}

// manSections splits a roff page into its .SH sections by title.
func manSections(page string) map[string]string {
	sections := map[string]string{}
	title := ""
	for _, line := range strings.Split(page, "\n") {
		if t, ok := strings.CutPrefix(line, ".SH "); ok {
			title = strings.Trim(t, `"`)
			continue
		}
		sections[title] += line + "\n"
	}
	return sections
}

// TestManPageCoversHelp checks that `spectrumgen man` documents every
// visible command in its own section with every one of its flags, and every
// global flag, so the page says what --help says.
func TestManPageCoversHelp(t *testing.T) {
	page := runOut(t, "man")
	if !strings.HasPrefix(page, ".nh\n.TH spectrumgen 1") {
		t.Errorf("man page does not start with a section 1 title:\n%.200s", page)
	}
	sections := manSections(page)
	a := helpApp()
	global := roffFont.ReplaceAllString(sections["GLOBAL OPTIONS"], "")
	for _, f := range a.VisibleFlags() {
		if !hasFlagEntry(global, f) {
			t.Errorf("man page: GLOBAL OPTIONS lack an entry for %s", strings.Join(flagNames(f), ", "))
		}
	}
	if len(a.VisibleCommands()) < 7 {
		t.Fatalf("the app has %d visible commands; the test expects at least 7", len(a.VisibleCommands()))
	}
	for _, c := range a.VisibleCommands() {
		body, ok := sections[c.Name]
		body = roffFont.ReplaceAllString(body, "")
		if !ok {
			t.Errorf("man page has no section for command %q", c.Name)
			continue
		}
		if !strings.Contains(body, c.Usage) {
			t.Errorf("man page: section %q lacks its usage %q", c.Name, c.Usage)
		}
		for _, f := range c.VisibleFlags() {
			if !hasFlagEntry(body, f) {
				t.Errorf("man page: section %q lacks an entry for %s", c.Name, strings.Join(flagNames(f), ", "))
			}
		}
	}
	if _, ok := sections["man"]; ok {
		t.Error("man page documents the hidden man command")
	}
	// Help text that looks like an HTML tag stays whole, and a command's
	// long description (which urfave/cli's Markdown leaves out) is there.
	for _, want := range []string{"zips/<address>.zip", "Exit status: 0 every check ran and passed"} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
}

// TestManPageRendersWithMan renders the page with the real man (groff) and
// checks it renders without warnings and shows the commands.
func TestManPageRendersWithMan(t *testing.T) {
	manPath := realtest.Need(t, "man")[0]
	page := runOut(t, "man")
	cmd := exec.Command(manPath, "--warnings", "-l", "-")
	cmd.Env = append(cmd.Environ(), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "LANG=C.UTF-8")
	cmd.Stdin = strings.NewReader(page)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("man -l: %v\n%s", err, errOut.String())
	}
	if errOut.Len() > 0 {
		t.Errorf("man -l warned:\n%s", errOut.String())
	}
	text := strings.Join(strings.Fields(out.String()), " ") // man justifies lines with extra spaces
	for _, want := range []string{"NAME", "spectrumgen - mail-client configuration", "GLOBAL OPTIONS", "--password-stdin", "zips/<address>.zip"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered man page lacks %q:\n%s", want, text)
		}
	}
	for _, c := range helpApp().VisibleCommands() {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(c.Name) + `$`).MatchString(out.String()) {
			t.Errorf("rendered man page has no heading for command %q", c.Name)
		}
	}
}

// TestCompletionCoversHelp checks what the completion scripts offer: they
// ask spectrumgen through --generate-bash-completion, so that answer must
// list every visible command (and not the hidden ones) and, after a "-",
// every flag of each command.
func TestCompletionCoversHelp(t *testing.T) {
	a := helpApp()
	words := completions(t, "--generate-bash-completion")
	for _, c := range a.VisibleCommands() {
		if !slices.Contains(words, c.Name) {
			t.Errorf("completion of a command does not offer %q: %q", c.Name, words)
		}
	}
	if slices.Contains(words, "man") {
		t.Errorf("completion offers the hidden man command: %q", words)
	}
	global := completions(t, "-", "--generate-bash-completion")
	for _, f := range a.VisibleFlags() {
		for _, n := range flagNames(f) {
			if !slices.Contains(global, n) {
				t.Errorf("completion of a global flag does not offer %s: %q", n, global)
			}
		}
	}
	for _, c := range a.VisibleCommands() {
		offered := completions(t, c.Name, "-", "--generate-bash-completion")
		for _, f := range c.VisibleFlags() {
			for _, n := range flagNames(f) {
				if !slices.Contains(offered, n) {
					t.Errorf("completion of %s's flags does not offer %s: %q", c.Name, n, offered)
				}
			}
		}
	}
}
