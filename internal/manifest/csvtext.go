package manifest

import (
	"bytes"
	"encoding/csv"
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

// detectComma finds the delimiter: a comma by default, a semicolon where
// spreadsheets use the comma as the decimal mark, a tab for
// "tab-separated" exports. Each candidate reads the first rows; the best
// names an address column in its header, then gives every row as many
// cells as the header, then has the most columns. (Counting delimiters on
// the header line alone is fooled by a column named "Phone; mobile".)
func detectComma(data []byte) rune {
	best, bestScore := ',', -1
	for _, c := range []rune{',', ';', '\t'} {
		if score := delimiterScore(data, c); score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// sniffRows is how many rows detectComma reads.
const sniffRows = 20

func delimiterScore(data []byte, comma rune) int {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return 0
	}
	score := min(len(header), 1000) // more columns: better
	for _, h := range header {
		if addressRank(normalizeHeader(h)) >= 0 {
			score += 1 << 20
			break
		}
	}
	consistent := true
	for range sniffRows {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if len(rec) != len(header) && !blank(rec) {
			consistent = false
		}
	}
	if consistent && len(header) > 1 {
		score += 1 << 10
	}
	return score
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
