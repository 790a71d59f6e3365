package manifest

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// pieceSize is about how much of the accounts list one piece holds: its
// nodes take some 14 times that while it is read.
const pieceSize = 64 << 10

// listSplit is a manifest cut around its accounts list, found line by line
// (splitAccounts).
type listSplit struct {
	// rest is the document with the list's lines emptied (their line
	// breaks kept, so every line keeps its number): the top-level keys,
	// with `accounts:` holding nothing.
	rest        []byte
	accountsAt  int     // line of `accounts:`
	indent      int     // column of the items' "-", from 0
	pieces      []piece // the list's lines, cut before items
	itemsAtMost int     // lines that start an item: at least the number of items
}

// piece is a run of whole lines of the list, starting with an item.
type piece struct {
	start, end int // bytes of the file
	line       int // of start
}

// parseInPieces parses a manifest whose accounts are a block list at the
// top level piece by piece: the document with the list emptied, then each
// piece of the list on its own, resolving its accounts and dropping its
// nodes before the next. ok is false, and nothing is reported, when the
// file is not of that shape or a piece does not read on its own as items
// at the list's place (a quoted text or a [flow, list] running across a
// cut, an anchor, bad YAML): the caller then reads the file whole, which
// gives the same result for a file of that shape and reports the problems
// at their places for any other.
//
// Workers parse the pieces ahead of the resolving (readahead.go).
func parseInPieces(file string, data []byte, opt Options, size int) (m *Manifest, err error, ok bool) {
	return parsePieces(file, data, opt, size, pieceWorkers())
}

// parsePieces is parseInPieces with workers goroutines reading pieces
// ahead (none: each piece is read when its turn comes). The result does
// not depend on workers.
func parsePieces(file string, data []byte, opt Options, size, workers int) (m *Manifest, err error, ok bool) {
	sp, ok := splitAccounts(data, size)
	if !ok {
		return nil, nil, false
	}
	// The workers start on the list while the rest is read.
	ra := startReadAhead(file, data, sp, opt, workers)
	defer ra.close()
	var errs diag.List
	d := &strictyaml.Decoder{File: file, Errs: &errs}
	root := d.Parse(sp.rest)
	if root == nil || !emptyAccountsAt(root, sp.accountsAt) {
		return nil, nil, false
	}
	r, v := readTop(d, root, opt)
	if v == nil {
		return nil, nil, false
	}
	root = nil
	r.expect(sp.itemsAtMost)
	i := 0
	for k := range sp.pieces {
		pp := ra.take(k)
		if !pp.ok {
			return nil, nil, false
		}
		for j, it := range pp.inputs {
			path := strictyaml.Index("accounts", i)
			if it.redo {
				r.readAccount(pp.items[j], path)
				pp.items[j] = nil
			} else {
				it.in.path = path
				r.add(it.in)
			}
			i++
		}
	}
	ra.close() // before the clients' checks, which use every CPU
	m, err = r.done()
	return m, err, true
}

// emptyAccountsAt reports whether the top-level mapping root has one key
// accounts, at line and column 1, with no value: the line splitAccounts
// took for that key is the key.
func emptyAccountsAt(root *yaml.Node, line int) bool {
	if root.Kind != yaml.MappingNode {
		return false
	}
	found := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value != "accounts" {
			continue
		}
		found++
		if k.Line != line || k.Column != 1 || v.Kind != yaml.ScalarNode || v.Tag != "!!null" || v.Value != "" {
			return false
		}
	}
	return found == 1
}

// parsePiece parses one piece of the list on its own and returns its items
// with the lines they have in the file. ok is false unless the piece is
// exactly one block list starting on its first line at indent, with no
// anchor or alias.
func parsePiece(text []byte, line, indent int) ([]*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, false
	}
	if len(doc.Content) != 1 {
		return nil, false
	}
	seq := doc.Content[0]
	if seq.Kind != yaml.SequenceNode || seq.Style&yaml.FlowStyle != 0 || seq.Line != 1 || seq.Column != indent+1 {
		return nil, false
	}
	stack := []*yaml.Node{seq}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			return nil, false
		}
		n.Line += line - 1
		stack = append(stack, n.Content...)
	}
	return seq.Content, true
}

// splitAccounts finds, line by line, a top-level `accounts:` key (at
// column 1, nothing after it but a comment) followed by a block list: the
// lines from its first item (a line of some indent, then "- "), through
// every line more indented than that, every further item at that indent,
// and blank and comment lines, up to the first other line, which must be
// at column 1 (the next top-level key). It cuts the list before items,
// into pieces of about size bytes. ok is false for any other shape, and for
// text the whole-file reader refuses or reads with other line breaks
// (too large, not UTF-8, a NUL, a lone CR, NEL, LS or PS).
//
// The cuts are only candidates: a line that looks like an item may sit
// inside a quoted text or a flow list running over several lines. Then
// the piece before it does not parse on its own, and neither does a list
// that ends early for the same reason; parseInPieces checks both.
func splitAccounts(data []byte, size int) (listSplit, bool) {
	var sp listSplit
	if len(data) > strictyaml.MaxSize || !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 ||
		bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) ||
		bytes.Contains(data, []byte("\u0085")) || bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029")) {
		return sp, false
	}
	if bytes.Count(data, []byte("\r")) != bytes.Count(data, []byte("\r\n")) {
		return sp, false // a lone CR breaks lines for YAML, not here
	}
	if bytes.HasPrefix(data, []byte("%")) || bytes.Contains(data, []byte("\n%")) {
		return sp, false // a directive (%TAG) changes how the pieces would read
	}
	// Lines: [start, end) without the line break; next is the next line.
	line, start := 1, 0
	next := func(s int) int {
		if i := bytes.IndexByte(data[s:], '\n'); i >= 0 {
			return s + i + 1
		}
		return len(data)
	}
	text := func(s, e int) []byte {
		return bytes.TrimSuffix(bytes.TrimSuffix(data[s:e], []byte("\n")), []byte("\r"))
	}
	// The accounts key.
	for ; start < len(data); start, line = next(start), line+1 {
		if isAccountsKey(text(start, next(start))) {
			break
		}
	}
	if start >= len(data) {
		return sp, false
	}
	sp.accountsAt = line
	start, line = next(start), line+1
	// Its first item, after blank and comment lines.
	for ; start < len(data) && blankOrComment(text(start, next(start))); start, line = next(start), line+1 {
	}
	if start >= len(data) {
		return sp, false
	}
	indent, ok := itemStart(text(start, next(start)))
	if !ok {
		return sp, false
	}
	sp.indent = indent
	listStart := start
	cur := piece{start: start, line: line}
	for ; start < len(data); start, line = next(start), line+1 {
		t := text(start, next(start))
		if blankOrComment(t) {
			continue
		}
		n := leadingSpaces(t)
		if n > indent {
			continue
		}
		if in, ok := itemStart(t); !ok || in != indent {
			break // the first line past the list
		}
		sp.itemsAtMost++
		if start-cur.start >= size {
			cur.end = start
			sp.pieces = append(sp.pieces, cur)
			cur = piece{start: start, line: line}
		}
	}
	listEnd := start
	if listEnd < len(data) {
		t := text(listEnd, next(listEnd))
		if leadingSpaces(t) != 0 || bytes.HasPrefix(t, []byte("---")) || bytes.HasPrefix(t, []byte("...")) || t[0] == '\t' {
			return sp, false // not a top-level key: the whole reader says what it is
		}
	}
	cur.end = listEnd
	sp.pieces = append(sp.pieces, cur)
	rest := make([]byte, 0, listStart+bytes.Count(data[listStart:listEnd], []byte("\n"))+len(data)-listEnd)
	rest = append(rest, data[:listStart]...)
	for _, c := range data[listStart:listEnd] {
		if c == '\n' {
			rest = append(rest, '\n')
		}
	}
	rest = append(rest, data[listEnd:]...)
	sp.rest = rest
	return sp, true
}

// isAccountsKey reports whether a line is `accounts:` at column 1 with
// nothing after it but blanks and a comment.
func isAccountsKey(t []byte) bool {
	after, ok := bytes.CutPrefix(t, []byte("accounts:"))
	if !ok || len(after) == 0 {
		return ok
	}
	if after[0] != ' ' && after[0] != '\t' {
		return false // "accounts:x" is one word, not a key
	}
	after = bytes.TrimLeft(after, " \t")
	return len(after) == 0 || after[0] == '#'
}

// itemStart reports whether a line starts a block list item ("-" then a
// blank or the end of the line, after spaces) and at which indent.
func itemStart(t []byte) (int, bool) {
	n := leadingSpaces(t)
	if n >= len(t) || t[n] != '-' {
		return 0, false
	}
	if n+1 < len(t) && t[n+1] != ' ' && t[n+1] != '\t' {
		return 0, false
	}
	return n, true
}

// blankOrComment reports whether a line holds only blanks, or a comment
// after them.
func blankOrComment(t []byte) bool {
	t = bytes.TrimLeft(t, " \t")
	return len(t) == 0 || t[0] == '#'
}

func leadingSpaces(t []byte) int {
	n := 0
	for n < len(t) && t[n] == ' ' {
		n++
	}
	return n
}
