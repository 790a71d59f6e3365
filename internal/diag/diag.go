// Package diag collects input errors that name their place: every error a
// person can fix carries file:line:column, the field's path, what is wrong and
// what to do, and all of them are reported in one run.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in an input file.
type Error struct {
	File      string
	Line, Col int    // 1-based; 0 when unknown
	Path      string // e.g. "accounts[3].clients[1]"; may be empty
	Msg       string // what is wrong
	Fix       string // what to do; may be empty
}

// Error prints the error on one line: any control character that came
// from input (a YAML key holding a newline or an escape sequence, say) is
// written as an escape, so it can neither fake a line nor reach the
// terminal.
func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString("; ")
		b.WriteString(e.Fix)
	}
	return Printable(b.String())
}

// List is every error found in one or more inputs. Its zero value is ready.
type List struct {
	Errs []Error
}

// Add appends an error.
func (l *List) Add(e Error) { l.Errs = append(l.Errs, e) }

// Len returns the number of errors.
func (l *List) Len() int { return len(l.Errs) }

// Err returns nil when the list is empty, else the list sorted by place.
func (l *List) Err() error {
	if len(l.Errs) == 0 {
		return nil
	}
	sort.SliceStable(l.Errs, func(i, j int) bool {
		a, b := l.Errs[i], l.Errs[j]
		if a.File != b.File {
			return false // keep files in the order they were read
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return l
}

// Error prints one error per line, then a count.
func (l *List) Error() string {
	var b strings.Builder
	for _, e := range l.Errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	if n := len(l.Errs); n == 1 {
		b.WriteString("1 error")
	} else {
		fmt.Fprintf(&b, "%d errors", n)
	}
	return b.String()
}

// Suggest returns ` (did you mean "x"?)` for the closest candidate, or "".
func Suggest(got string, candidates []string) string {
	best, bestDist := "", len(got)/2+2
	for _, c := range candidates {
		if d := Distance(strings.ToLower(got), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// Distance is the Levenshtein edit distance between a and b, in runes:
// the one measure of a near miss ("did you mean") everywhere.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
