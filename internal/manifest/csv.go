package manifest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	textunicode "golang.org/x/text/encoding/unicode"
	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

const csvFix = `put a cell that holds a comma or a quote in double quotes, and double each quote inside: "Pat ""The Boss"" O'Brien"`

// ParseCSV validates and resolves a CSV manifest, as exported from a
// spreadsheet or a directory: a header row naming the columns, then one row
// per person. The address column may be called email or what Google
// Workspace, Microsoft 365, Entra ID, Active Directory, Outlook and HR
// systems call it ("Email Address", "E-mail Address", mail,
// UserPrincipalName...); the name comes from a name column ("Display
// name"...) or is joined from first, middle and last names. Other columns
// are ignored with one warning naming them. The delimiter (comma,
// semicolon or tab) is found by reading the first rows (detectComma), and
// LF, CRLF and CR line ends all read. Clients in one cell are separated by
// semicolons, commas or spaces; client and profile names are read in any
// case. Text is UTF-8, with or without a byte order mark, or UTF-16 with
// one. Every row goes through the same
// checks and resolution as a YAML account, and every problem is reported
// at once as file:line:column: row N, column NAME: what; fix.
//
// Cells are only ever read as text: a name such as =cmd|'/C calc'!A0 is a
// name, and spectrumgen writes no CSV that a spreadsheet could run it from.
func ParseCSV(file string, data []byte, opt Options) (*Manifest, error) {
	var errs diag.List
	d := &strictyaml.Decoder{File: file, Errs: &errs}
	at := func(line, col int, msg, fix string) {
		errs.Add(diag.Error{File: file, Line: line, Col: col, Msg: msg, Fix: fix})
	}
	if len(data) > strictyaml.MaxSize {
		at(0, 0, fmt.Sprintf("file is %d MB, larger than the %d MB limit", len(data)>>20, strictyaml.MaxSize>>20), "split the file")
		return nil, errs.Err()
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // spreadsheet exports add a UTF-8 BOM
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		// Excel's "Unicode Text" and PowerShell's Out-File write UTF-16
		// with a byte order mark: it says how to read them.
		utf8Data, err := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(utf8Data, utf8.RuneError) { // the decoder marks what it cannot read
			at(1, 1, "file is UTF-16 text that does not decode", `export it as "CSV UTF-8"`)
			return nil, errs.Err()
		}
		data = utf8Data
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		at(0, 0, "file is not UTF-8 text", `export it as "CSV UTF-8" (is this the right file?)`)
		return nil, errs.Err()
	}
	text := prepareCSV(data)
	cr := csv.NewReader(bytes.NewReader(text.data))
	cr.Comma = text.comma
	cr.FieldsPerRecord = -1 // rows may drop empty trailing cells; checked below
	pos := func(field int) (int, int) {
		l, c := cr.FieldPos(field)
		return l + text.skipped, c
	}
	syntax := func(err error) {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			at(0, 0, "not valid CSV: "+err.Error(), csvFix)
			return
		}
		if errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line {
			// A cell opened with a quote that never closes swallows the
			// rest of the file: say where it starts, not where the file ends.
			at(pe.StartLine+text.skipped, openQuoteColumn(text.data, pe.StartLine),
				fmt.Sprintf("not valid CSV: a quoted cell starts here and is not closed before line %d", pe.Line+text.skipped), csvFix)
			return
		}
		at(pe.Line+text.skipped, pe.Column, "not valid CSV: "+pe.Err.Error(), csvFix)
	}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			at(0, 0, "file is empty", "start with a header row: email,name,clients")
		} else {
			syntax(err)
		}
		return nil, errs.Err()
	}
	headerLine, _ := pos(0)
	cols, problems := readHeader(header)
	for _, p := range problems {
		l, c := headerLine, 0
		if p.col >= 0 {
			l, c = pos(p.col)
		}
		at(l, c, "header: "+p.msg, p.fix)
	}
	if len(problems) > 0 {
		return nil, errs.Err()
	}
	r := newResolver(d, opt)
	r.expect(bytes.Count(text.data, []byte("\n"))) // about one row a line
	if note := cols.note(); note != "" {
		r.warnings = append(r.warnings, fmt.Sprintf("%s:%d: header: %s", file, headerLine, note))
	}
	rows := 0
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			syntax(err)
			break
		}
		line, _ := pos(0)
		if len(rec) > len(header) && !blank(rec[len(header):]) {
			l, c := pos(len(header))
			at(l, c, fmt.Sprintf("row %d has %d cells, the header names %d columns", row, len(rec), len(header)),
				fmt.Sprintf("remove the extra cells, or name their column in the header (cells are separated by %s here)", delimiterName(text.comma)))
			continue
		}
		if blank(rec) {
			continue
		}
		rows++
		r.readCSVRow(pos, rec, cols, row, line)
	}
	if rows == 0 && errs.Len() == 0 {
		at(headerLine+1, 0, "the file has a header but no people", "add one row per person below the header")
	}
	m, err := r.done()
	if err != nil || errs.Len() > 0 {
		return nil, csvPaths(&errs)
	}
	return m, nil
}

// readCSVRow turns one row into an account input. Cells become YAML
// scalar nodes carrying their line and column, so the resolver checks and
// reports them exactly as it does for YAML.
func (r *resolver) readCSVRow(pos func(int) (int, int), rec []string, cols csvHeader, row, line int) {
	path := fmt.Sprintf("row %d", row)
	cell := func(i int) *yaml.Node {
		if i < 0 {
			return nil
		}
		if i >= len(rec) {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line} // the row ended before this cell
		}
		l, c := pos(i)
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.TrimSpace(rec[i]), Line: l, Column: c}
	}
	in := accountInput{at: place{int32(line), 1}, path: path, hasEmail: true}
	emailCell := cell(cols.email) // the header check requires the column
	in.email, in.emailAt = emailCell.Value, at(emailCell)
	if n := cell(cols.name); n != nil && n.Value != "" {
		in.name, in.nameAt = n.Value, at(n)
	} else {
		var parts []string
		for _, i := range cols.nameParts() {
			if c := cell(i); c.Value != "" {
				if len(parts) == 0 {
					in.nameAt = at(c)
				}
				parts = append(parts, c.Value)
			}
		}
		in.name = strings.Join(parts, " ")
	}
	f := map[string]*yaml.Node{}
	for _, key := range []string{"profile", "password_command"} {
		if i, ok := cols.own[key]; ok {
			if n := cell(i); n.Value != "" {
				f[key] = n
			}
		}
	}
	if n, ok := f["profile"]; ok {
		n.Value = caseless(n.Value)
	}
	if i, ok := cols.own["clients"]; ok {
		if n := cell(i); n.Value != "" {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Line: n.Line, Column: n.Column}
			for _, c := range strings.FieldsFunc(n.Value, func(r rune) bool { return r == ';' || r == ',' || unicode.IsSpace(r) }) {
				seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: caseless(c), Line: n.Line, Column: n.Column})
			}
			f["clients"] = seq
		}
	}
	in.settings = r.readSettings(f, path)
	r.add(in)
}

// caseless lower-cases a client or profile name from a spreadsheet, where
// "Thunderbird" and "Charter" are how people type them. (Both kinds of
// name are lower case.) A value too long to be a name is cut to an
// excerpt, so the error about it quotes its start only.
func caseless(v string) string {
	if len(v) > 64 {
		return excerpt(v)
	}
	return strings.ToLower(v)
}

// csvPaths rewrites the resolver's paths ("row 3.clients[1]") into the
// words of a spreadsheet ("row 3, column clients (item 2)").
func csvPaths(errs *diag.List) error {
	for i, e := range errs.Errs {
		head, rest, ok := strings.Cut(e.Path, ".")
		if !ok || !strings.HasPrefix(head, "row ") {
			continue
		}
		col, idx, _ := strings.Cut(rest, "[")
		p := head + ", column " + col
		if idx != "" {
			var n int
			if _, err := fmt.Sscanf(idx, "%d]", &n); err == nil {
				p += fmt.Sprintf(" (item %d)", n+1)
			}
		}
		errs.Errs[i].Path = p
	}
	return errs.Err()
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
