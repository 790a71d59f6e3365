package manifest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// CSV columns: email is required, the others optional; their order is free.
var csvColumns = []string{"email", "name", "profile", "clients", "password_command"}

const csvFix = `put a cell that holds a comma or a quote in double quotes, and double each quote inside: "Pat ""The Boss"" O'Brien"`

// ParseCSV validates and resolves a CSV manifest, as exported from a
// spreadsheet or a directory: a header row naming the columns (email, name,
// and optionally profile, clients, password_command), then one row per
// person. Clients in one cell are separated by semicolons, commas or spaces.
// A UTF-8 byte order mark is accepted. Every row goes through the same
// checks and resolution as a YAML account, and every problem is reported at
// once as file:line:column: row N, column NAME: what; fix.
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
		at(1, 1, "file is UTF-16 text", `export it as "CSV UTF-8"`)
		return nil, errs.Err()
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		at(0, 0, "file is not UTF-8 text", `export it as "CSV UTF-8" (is this the right file?)`)
		return nil, errs.Err()
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // rows may drop empty trailing cells; checked below
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			at(0, 0, "file is empty", "start with a header row: email,name,clients")
		} else {
			csvError(at, err)
		}
		return nil, errs.Err()
	}
	headerLine, _ := cr.FieldPos(0)
	cols, ok := csvHeader(cr, header, at)
	if !ok {
		return nil, errs.Err()
	}
	r := newResolver(d, opt)
	rows := 0
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			csvError(at, err)
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > len(header) {
			l, c := cr.FieldPos(len(header))
			at(l, c, fmt.Sprintf("row %d has %d cells, the header names %d columns", row, len(rec), len(header)),
				"remove the extra cells, or name their column in the header")
			continue
		}
		if blank(rec) {
			continue
		}
		rows++
		r.readCSVRow(cr, rec, cols, row, line)
	}
	if rows == 0 && errs.Len() == 0 {
		at(headerLine+1, 0, "the file has a header but no people", "add one row per person below the header")
	}
	m, err := r.finish()
	if err != nil || errs.Len() > 0 {
		return nil, csvPaths(&errs)
	}
	return m, nil
}

// csvHeader maps each known column name to its index. A column with an
// empty name is ignored (spreadsheets export trailing empty columns);
// unknown and repeated names are errors.
func csvHeader(cr *csv.Reader, header []string, at func(int, int, string, string)) (map[string]int, bool) {
	cols := map[string]int{}
	ok := true
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		line, col := cr.FieldPos(i)
		switch {
		case name == "":
		case !slices.Contains(csvColumns, name):
			at(line, col, fmt.Sprintf("header: unknown column %q%s", h, diag.Suggest(name, csvColumns)),
				"rename or remove it; known columns: "+strings.Join(csvColumns, ", "))
			ok = false
		case cols[name] != 0:
			at(line, col, fmt.Sprintf("header: column %q appears twice", name), "keep one of them")
			ok = false
		default:
			cols[name] = i + 1 // 0 means absent
		}
	}
	if _, has := cols["email"]; !has && ok {
		line, col := cr.FieldPos(0)
		at(line, col, "header: no email column", "the first row must name the columns, e.g. email,name,clients")
		ok = false
	}
	return cols, ok
}

// readCSVRow turns one row into an account input. Cells become YAML
// scalar nodes carrying their line and column, so the resolver checks and
// reports them exactly as it does for YAML.
func (r *resolver) readCSVRow(cr *csv.Reader, rec []string, cols map[string]int, row, line int) {
	path := fmt.Sprintf("row %d", row)
	cell := func(name string) (*yaml.Node, bool) {
		i := cols[name] - 1
		if i < 0 {
			return nil, false
		}
		l, c := cr.FieldPos(min(i, len(rec)-1))
		v := ""
		if i < len(rec) {
			v = strings.TrimSpace(rec[i])
		} else {
			l, c = line, 0 // the row ended before this cell
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: l, Column: c}, true
	}
	in := accountInput{at: place{int32(line), 1}, path: path, hasEmail: true}
	emailCell, _ := cell("email") // the header check requires the column
	in.email, in.emailAt = emailCell.Value, at(emailCell)
	if n, ok := cell("name"); ok {
		in.name, in.nameAt = n.Value, at(n)
	}
	f := map[string]*yaml.Node{}
	for _, key := range []string{"profile", "password_command"} {
		if n, ok := cell(key); ok && n.Value != "" {
			f[key] = n
		}
	}
	if n, ok := cell("clients"); ok && n.Value != "" {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Line: n.Line, Column: n.Column}
		for _, c := range strings.FieldsFunc(n.Value, func(r rune) bool { return r == ';' || r == ',' || unicode.IsSpace(r) }) {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: c, Line: n.Line, Column: n.Column})
		}
		f["clients"] = seq
	}
	in.settings = r.readSettings(f, path)
	r.add(in)
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

// csvError reports a syntax error of the CSV reader at its place.
func csvError(at func(int, int, string, string), err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		at(pe.Line, pe.Column, "not valid CSV: "+pe.Err.Error(), csvFix)
		return
	}
	at(0, 0, "not valid CSV: "+err.Error(), csvFix)
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
