// Package guidetext renders a client's README steps (generators.Guide) from
// the client's own two templates: a text/template for README.txt, written
// one paragraph or list item per line and wrapped here to the page width,
// and an html/template for README.html, which escapes every value itself.
// Both are cut into generators.Pieces, so that what prints no person's
// value is executed once (once per profile for StepsOnly), not per person.
package guidetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Width is the widest line of README.txt, in characters: readable in
// Notepad without word wrap, and on paper (the generators.Steps contract).
const Width = 74

// Wrap breaks every line of s that is wider than Width at spaces. A line
// that starts with a list marker ("1. ", "- ") or with spaces continues
// under its first word, so numbered steps keep their hanging indent. A word
// wider than the page (a very long address) stands on its own line: it is
// never cut, since a person copies it.
//
// Every client's steps of every person pass through here, so it makes one
// pass and one allocation (the result): no slice of lines or words.
func Wrap(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/Width*4)
	for first := true; ; first = false {
		line, rest, more := strings.Cut(s, "\n")
		if !first {
			b.WriteByte('\n')
		}
		wrapLine(&b, line)
		if !more {
			break
		}
		s = rest
	}
	return b.String()
}

func wrapLine(b *strings.Builder, line string) {
	line = strings.TrimRight(line, " ")
	// A line of at most Width bytes has at most Width characters.
	if len(line) <= Width || utf8.RuneCountInString(line) <= Width {
		b.WriteString(line)
		return
	}
	indent := hangingIndent(line)
	prefix, rest := line[:indent], line[indent:]
	if plain(rest) {
		wrapPlain(b, prefix, rest)
		return
	}
	n := utf8.RuneCountInString(prefix)
	first := true
	for w, rest := nextField(rest); w != ""; w, rest = nextField(rest) {
		wl := utf8.RuneCountInString(w)
		switch {
		case first && n+wl > Width && strings.TrimSpace(prefix) != "":
			// The marker and a word wider than the page: the marker
			// stands alone and the word under it, on a line of its own.
			b.WriteString(strings.TrimRight(prefix, " "))
			b.WriteByte('\n')
			spaces(b, indent)
		case first:
			b.WriteString(prefix)
		case n+1+wl > Width:
			b.WriteByte('\n')
			spaces(b, indent)
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

// plain reports whether s is printable ASCII words between single spaces:
// nearly every line of the steps. Then a character is a byte and the
// words are found with IndexByte.
func plain(s string) bool {
	if s == "" || s[0] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == ' ' && s[i-1] == ' ' {
			return false
		}
	}
	return true
}

// wrapPlain is wrapLine for a plain rest (see plain): the same breaks, but
// each output line's words are copied at once, as they stand in rest.
func wrapPlain(b *strings.Builder, prefix, rest string) {
	indent := len(prefix)
	n := indent
	from := 0 // where the output line's words start in rest
	for i, first := 0, true; i < len(rest); first = false {
		end := len(rest)
		if j := strings.IndexByte(rest[i:], ' '); j >= 0 {
			end = i + j
		}
		wl := end - i
		switch {
		case first && n+wl > Width && strings.TrimSpace(prefix) != "":
			// The marker and a word wider than the page: the marker
			// stands alone and the word under it, on a line of its own.
			b.WriteString(strings.TrimRight(prefix, " "))
			b.WriteByte('\n')
			spaces(b, indent)
		case first:
			b.WriteString(prefix)
		case n+1+wl > Width:
			b.WriteString(rest[from : i-1])
			b.WriteByte('\n')
			spaces(b, indent)
			n, from = indent, i
		default:
			n++
		}
		n += wl
		i = end + 1
	}
	b.WriteString(rest[from:])
}

// nextField returns the first word of s (as strings.Fields splits it: at
// runs of Unicode white space) and what follows it; the word is "" when s
// has no more.
func nextField(s string) (word, rest string) {
	i := 0
	for i < len(s) {
		size, space := spaceAt(s[i:])
		if !space {
			break
		}
		i += size
	}
	j := i
	for j < len(s) {
		size, space := spaceAt(s[j:])
		if space {
			break
		}
		j += size
	}
	return s[i:j], s[j:]
}

// spaceAt returns the size of the character s starts with and whether it
// is white space (unicode.IsSpace); ASCII, nearly all of the text, is
// judged without a call.
func spaceAt(s string) (size int, space bool) {
	if c := s[0]; c < utf8.RuneSelf {
		return 1, c == ' ' || c >= '\t' && c <= '\r'
	}
	r, size := utf8.DecodeRuneInString(s)
	return size, unicode.IsSpace(r)
}

// spaces writes n spaces.
func spaces(b *strings.Builder, n int) {
	for range n {
		b.WriteByte(' ')
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
