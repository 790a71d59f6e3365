// Package docs makes the manual page from the command-line app itself, so
// the page says what --help says and cannot drift from it.
package docs

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/cpuguy83/go-md2man/v2/md2man"
	"github.com/urfave/cli/v2"
)

// Man writes a's manual page, section 1, as roff: urfave/cli's Markdown of
// the help (every visible command and flag), with each command's long
// description, which that Markdown leaves out, and with help text such as
// "people/<address>.zip" kept whole instead of read as an HTML tag.
func Man(a *cli.App, w io.Writer) error {
	md, err := a.ToMarkdown()
	if err != nil {
		return fmt.Errorf("man page: %w", err)
	}
	md = addDescriptions(md, a.VisibleCommands())
	page := md2man.Render([]byte("% " + a.Name + " 1\n\n" + escapeTags(md)))
	_, err = w.Write(page)
	return err
}

// addDescriptions puts each command's Description in its section, after
// the usage and before the flags, where --help shows it, keeping its line
// breaks (two trailing spaces are Markdown's line break).
func addDescriptions(md string, cmds []*cli.Command) string {
	lines := strings.Split(md, "\n")
	for _, c := range cmds {
		if c.Description == "" {
			continue
		}
		start := slices.Index(lines, "## "+strings.Join(c.Names(), ", "))
		if start < 0 {
			continue
		}
		at := start + 1
		for at < len(lines) && !strings.HasPrefix(lines[at], "**-") && !strings.HasPrefix(lines[at], "#") {
			at++
		}
		desc := strings.Split(strings.TrimSpace(c.Description), "\n")
		for i := range desc[:len(desc)-1] {
			desc[i] += "  "
		}
		desc = append(desc, "")
		if lines[at-1] != "" {
			desc = append([]string{""}, desc...)
		}
		lines = slices.Insert(lines, at, desc...)
	}
	return strings.Join(lines, "\n")
}

// tag is what Markdown would take for an HTML tag and drop from the page.
var tag = regexp.MustCompile(`<([A-Za-z/!?])`)

// escapeTags escapes "<" before a letter outside code, where Markdown would
// start an HTML tag; in code blocks (fenced, or indented four spaces)
// Markdown keeps "<" as it is, and a backslash would show.
func escapeTags(md string) string {
	lines := strings.Split(md, "\n")
	fenced := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
			continue
		}
		if fenced || strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t") {
			continue
		}
		lines[i] = tag.ReplaceAllString(l, `\<$1`)
	}
	return strings.Join(lines, "\n")
}
