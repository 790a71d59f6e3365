// Package guidetext renders a client's README steps (generators.Guide) from
// the client's own two templates: a text/template for README.txt, written
// one paragraph or list item per line and wrapped here to the page width,
// and an html/template for README.html, which escapes every value itself.
package guidetext

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/generators"
)

// Width is the widest line of README.txt, in characters: readable in
// Notepad without word wrap, and on paper (the generators.Steps contract).
const Width = 74

// Render executes txt and html with data and returns the section's steps:
// the text wrapped to Width, neither with a trailing newline.
func Render(txt *texttemplate.Template, html *htmltemplate.Template, data any) (generators.Steps, error) {
	var tb, hb bytes.Buffer
	if err := txt.Execute(&tb, data); err != nil {
		return generators.Steps{}, fmt.Errorf("README.txt steps: %w", err)
	}
	if err := html.Execute(&hb, data); err != nil {
		return generators.Steps{}, fmt.Errorf("README.html steps: %w", err)
	}
	return generators.Steps{
		Text: Wrap(strings.TrimRight(tb.String(), "\n")),
		HTML: htmltemplate.HTML(strings.TrimRight(hb.String(), "\n")),
	}, nil
}

// Wrap breaks every line of s that is wider than Width at spaces. A line
// that starts with a list marker ("1. ", "- ") or with spaces continues
// under its first word, so numbered steps keep their hanging indent. A word
// wider than the page (a very long address) stands on its own line: it is
// never cut, since a person copies it.
func Wrap(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/Width*4)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		wrapLine(&b, line)
	}
	return b.String()
}

func wrapLine(b *strings.Builder, line string) {
	line = strings.TrimRight(line, " ")
	if utf8.RuneCountInString(line) <= Width {
		b.WriteString(line)
		return
	}
	indent := hangingIndent(line)
	prefix, rest := line[:indent], line[indent:]
	n := utf8.RuneCountInString(prefix)
	first := true
	for w := range strings.FieldsSeq(rest) {
		wl := utf8.RuneCountInString(w)
		switch {
		case first && n+wl > Width && strings.TrimSpace(prefix) != "":
			// The marker and a word wider than the page: the marker
			// stands alone and the word under it, on a line of its own.
			b.WriteString(strings.TrimRight(prefix, " "))
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(" ", indent))
		case first:
			b.WriteString(prefix)
		case n+1+wl > Width:
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(" ", indent))
			n = indent
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += wl
		first = false
	}
}

// hangingIndent returns the width of line's leading spaces and list marker
// ("12. " or "- ") together: where its continuation lines start.
func hangingIndent(line string) int {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	j := i
	for j < len(line) && line[j] >= '0' && line[j] <= '9' {
		j++
	}
	if j > i && strings.HasPrefix(line[j:], ". ") {
		return j + 2
	}
	if strings.HasPrefix(line[i:], "- ") {
		return i + 2
	}
	return i
}
