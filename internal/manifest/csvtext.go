package manifest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// csvText is a CSV file made ready for encoding/csv: line ends unified,
// the delimiter found, and lines before the header skipped.
type csvText struct {
	data []byte
	// comma is the delimiter: ',', ';' or '\t'.
	comma rune
	// skipped is how many lines come before data (a "sep=;" line from
	// Excel, a "#TYPE" line from PowerShell's Export-Csv); positions the
	// reader gives are shifted by it.
	skipped int
}

// prepareCSV unifies line ends, skips the lines some exporters put before
// the header, and detects the delimiter from the header row.
//
// encoding/csv reads LF and CRLF but not the CR alone of old Mac exports
// (it would see one line holding the whole file), so a lone CR becomes an
// LF. Every CR is a line end there, so line numbers stay those an editor
// shows.
func prepareCSV(data []byte) csvText {
	if n := bytes.Count(data, []byte("\r")); n > 0 && n != bytes.Count(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	t := csvText{data: data}
	for {
		line, rest, _ := bytes.Cut(t.data, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 5 && bytes.EqualFold(line[:4], []byte("sep=")):
			// Excel's "sep=;" names the delimiter of the file.
			t.comma = rune(line[4])
		case bytes.HasPrefix(line, []byte("#TYPE ")):
			// Windows PowerShell's Export-Csv writes the .NET type first
			// unless given -NoTypeInformation.
		default:
			if t.comma == 0 {
				t.comma = detectComma(t.data)
			}
			return t
		}
		t.data = rest
		t.skipped++
	}
}

// detectComma counts the candidate delimiters outside quotes on the
// header row and takes the most frequent: a comma by default, a semicolon
// where spreadsheets use the comma as the decimal mark, a tab for
// "tab-separated" exports.
func detectComma(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		counts[c]++
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// delimiterName names a delimiter in messages.
func delimiterName(r rune) string {
	switch r {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return "commas"
}

// openQuoteColumn returns the 1-based column of the quote that is still
// open at the end of line n (1-based) of data, or 0: where a cell that
// never closes starts.
func openQuoteColumn(data []byte, n int) int {
	for i := 1; i < n; i++ {
		_, rest, ok := bytes.Cut(data, []byte("\n"))
		if !ok {
			return 0
		}
		data = rest
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	open := 0
	for i, c := range line {
		if c != '"' {
			continue
		}
		if open == 0 {
			open = i + 1
		} else {
			open = 0
		}
	}
	return open
}

// excerptRunes is how much of a value an error quotes.
const excerptRunes = 100

// excerpt shortens a value for an error message: an error about a 60 kB
// cell should quote its start, not the cell.
func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == excerptRunes {
			break
		}
		b.WriteRune(r)
		n++
	}
	return fmt.Sprintf("%s… (%d characters)", b.String(), utf8.RuneCountInString(s))
}
