// Package strictyaml reads YAML documents strictly while keeping every node's
// line and column, so each problem can be reported at its place: unknown keys
// (with a suggestion), duplicate keys, wrong types, anchors and aliases. It
// collects every problem instead of stopping at the first.
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/diag"
)

// MaxSize is the largest input accepted, far above any real manifest
// (100,000 people take about 12 MB).
const MaxSize = 64 << 20

// Decoder reports problems of one file into Errs.
type Decoder struct {
	File string
	Errs *diag.List
}

// Errorf records a problem at n's position.
func (d *Decoder) Errorf(n *yaml.Node, path, fix, format string, args ...any) {
	e := diag.Error{File: d.File, Path: path, Msg: fmt.Sprintf(format, args...), Fix: fix}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.Errs.Add(e)
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// Parse decodes data into one YAML document node. It returns nil after
// recording the problem when the input is too large, is not UTF-8 text,
// is not YAML, or holds more or fewer than one document.
func (d *Decoder) Parse(data []byte) *yaml.Node {
	if len(data) > MaxSize {
		d.Errs.Add(diag.Error{File: d.File, Msg: fmt.Sprintf("file is %d MB, larger than the %d MB limit", len(data)>>20, MaxSize>>20),
			Fix: "split the manifest into several files"})
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // spreadsheet editors add a UTF-8 BOM
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		d.Errs.Add(diag.Error{File: d.File, Line: 1, Col: 1, Msg: "file is UTF-16 text", Fix: "save it as UTF-8"})
		return nil
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		d.Errs.Add(diag.Error{File: d.File, Line: line, Msg: "file is not UTF-8 text", Fix: "save it as UTF-8 (is this the right file?)"})
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		d.Errs.Add(diag.Error{File: d.File, Msg: "file is empty", Fix: "start from testdata/example.yaml or `spectrumgen schema`"})
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		d.Errs.Add(diag.Error{File: d.File, Msg: "file holds only comments", Fix: "start from testdata/example.yaml or `spectrumgen schema`"})
		return nil
	} else if err != nil {
		e := diag.Error{File: d.File, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "),
			Fix: "check the indentation and quoting near that line"}
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = "not valid YAML: " + strings.TrimPrefix(strings.TrimPrefix(err.Error(), "yaml: "), m[0]+": ")
		}
		d.Errs.Add(e)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.Errorf(&extra, "", "keep one document per file", "a second YAML document starts here")
		return nil
	}
	if len(doc.Content) == 0 {
		d.Errs.Add(diag.Error{File: d.File, Msg: "file holds no YAML value"})
		return nil
	}
	root := doc.Content[0]
	if !d.rejectAliases(root) {
		return nil
	}
	return root
}

// firstInvalid returns the offset of the first NUL or invalid UTF-8 byte.
func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || r == 0 {
			return i
		}
		i += size
	}
	return len(data)
}

// rejectAliases reports anchors and aliases: a manifest has no use for them
// and they are how "billion laughs" inputs blow up.
func (d *Decoder) rejectAliases(root *yaml.Node) bool {
	ok := true
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			d.Errorf(n, "", "write the value out in full", "YAML anchors and aliases (&, *) are not supported")
			ok = false
			continue
		}
		stack = append(stack, n.Content...)
	}
	return ok
}

// Fields checks that n is a mapping whose keys are all in known, with no
// duplicates, and returns the value node of each key present.
func (d *Decoder) Fields(n *yaml.Node, path string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "", "expected a mapping of keys (%s), found %s", strings.Join(known, ", "), kind(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, path, "", "a key must be a plain name")
			continue
		}
		if !slices.Contains(known, key) {
			fix := "remove it; known keys: " + strings.Join(known, ", ")
			d.Errorf(k, join(path, key), fix, "unknown key %q%s", key, diag.Suggest(key, known))
			continue
		}
		if _, dup := out[key]; dup {
			d.Errorf(k, join(path, key), "keep one of them", "key %q appears twice", key)
			continue
		}
		out[key] = v
	}
	return out
}

// String reads a scalar string. Numbers and booleans are refused: a value
// like `no` or `1e3` is almost always a mistake in a name or an address.
func (d *Decoder) String(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!null") {
		d.Errorf(n, path, `put the value in quotes`, "expected text, found %s", kind(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

// Int reads a scalar integer.
func (d *Decoder) Int(n *yaml.Node, path string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.Errorf(n, path, "", "expected a whole number, found %s", kind(n))
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 0, 32)
	if err != nil {
		d.Errorf(n, path, "", "number %s is out of range", n.Value)
		return 0, false
	}
	return int(v), true
}

// Bool reads a scalar boolean (true or false).
func (d *Decoder) Bool(n *yaml.Node, path string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.Errorf(n, path, "write true or false", "expected true or false, found %s", kind(n))
		return false, false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		d.Errorf(n, path, "write true or false", "expected true or false")
		return false, false
	}
	return b, true
}

// Seq checks that n is a sequence and returns its items.
func (d *Decoder) Seq(n *yaml.Node, path string) ([]*yaml.Node, bool) {
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "write a list, e.g. [a, b] or one `- item` per line", "expected a list, found %s", kind(n))
		return nil, false
	}
	return n.Content, true
}

// kind names a node's type in a person's words.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		return "the number " + n.Value
	case "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!str":
		return fmt.Sprintf("the text %q", n.Value)
	}
	return n.Tag + " " + n.Value
}

// Index returns path[i].
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
