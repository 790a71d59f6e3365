package generators

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"
)

// Pieces is a template cut once, when it is parsed, into pieces that each
// read either the person or only profile-level data P (a provider's hosts,
// ports and security, words that depend on them). Every person's pages
// execute the person pieces; the profile pieces are executed once per value
// of P and their output reused, so the cost per person is that of the
// template's few actions that print the person (an address, a name).
//
// The cut is sound because it cannot read the person by mistake and the
// escaping stays html/template's own:
//   - a piece counts as profile-level only when every field it reads
//     exists in P, and it is executed with a value of P, a struct that
//     holds no person's fields: it cannot print one;
//   - an HTML piece is an html/template of its own, which html/template
//     escapes as it does any template: starting in HTML text, and refusing
//     one that ends anywhere else (inside a tag, an attribute, a script).
//     So every piece starts where the one before ended, in HTML text, and
//     each value is escaped for the same place as in the whole template.
//     A cut that would end a piece elsewhere is not made: the piece grows
//     to the next cut html/template accepts.
//
// Pieces are safe for concurrent use.
type Pieces[P comparable] struct {
	name   string
	pieces []piece

	mu    sync.Mutex
	cache map[P][]string // the profile pieces' output, by profile
}

// piece is a run of the template's top-level nodes.
type piece struct {
	profile bool
	index   int // among the profile pieces: where its output is cached
	exec    func(w io.Writer, data any) error
	// field is set for a person piece that is one action printing one
	// field ({{.Email}}, {{.In.User}}): its output depends on nothing but
	// the field's value, so outputs is asked first (see values).
	field   []string
	outputs *values
}

// maxProfiles bounds the cache: a run has a handful of profiles; a
// manifest whose people override their servers one by one should not
// grow it without end (it starts again when full).
const maxProfiles = 64

// MustParseHTMLPieces parses the html/template name of fsys (with the other
// files in also, e.g. templates it calls by name) and cuts it into pieces;
// it panics if it does not parse or cannot be cut.
func MustParseHTMLPieces[P comparable](fsys fs.FS, name string, also ...string) *Pieces[P] {
	// ParseFS names each template by its file's base name.
	file := name
	name = path.Base(file)
	t := htmltemplate.Must(htmltemplate.New(name).ParseFS(fsys, append([]string{file}, also...)...))
	var others []*parse.Tree // the templates name calls
	for _, a := range t.Templates() {
		if a.Name() != name && a.Tree != nil {
			others = append(others, a.Tree)
		}
	}
	p, err := cut[P](name, t.Tree, &htmlValues, func(tree *parse.Tree) func(io.Writer, any) error {
		pt := htmltemplate.Must(htmltemplate.New(name).AddParseTree(name, tree))
		for _, o := range others {
			htmltemplate.Must(pt.AddParseTree(o.Name, o.Copy()))
		}
		return pt.Execute
	})
	if err != nil {
		panic(err)
	}
	return p
}

// MustParseTextPieces is MustParseHTMLPieces for a text/template, which
// can be cut between any two of its top-level nodes.
func MustParseTextPieces[P comparable](fsys fs.FS, name string) *Pieces[P] {
	t := texttemplate.Must(texttemplate.New(path.Base(name)).ParseFS(fsys, name))
	name = path.Base(name)
	p, err := cut[P](name, t.Tree, &textValues, func(tree *parse.Tree) func(io.Writer, any) error {
		return texttemplate.Must(texttemplate.New(name).AddParseTree(name, tree)).Execute
	})
	if err != nil {
		panic(err)
	}
	return p
}

// cut groups the top-level nodes of tree into runs of one kind, profile
// (text included) or person, and makes a template of each run with build.
// A run ends only where html/template accepts it as a whole template (see
// escapes). A person piece that prints one field shares outputs.
func cut[P comparable](name string, tree *parse.Tree, outputs *values, build func(*parse.Tree) func(io.Writer, any) error) (*Pieces[P], error) {
	profileType := reflect.TypeFor[P]()
	var zeroP P
	zeroOf := func(profile bool) any {
		if profile {
			return zeroP
		}
		return nil
	}
	nodes := tree.Root.Nodes
	sub := func(i, j int) *parse.Tree {
		c := tree.Copy()
		c.Root.Nodes = c.Root.Nodes[i:j]
		return c
	}
	p := &Pieces[P]{name: name}
	start, profile, nProfile := 0, true, 0
	flush := func(end int) {
		pc := piece{profile: profile, exec: build(sub(start, end))}
		if profile {
			pc.index = nProfile
			nProfile++
		} else if end == start+1 {
			if f := loneField(nodes[start]); f != nil {
				pc.field, pc.outputs = f.Ident, outputs
			}
		}
		p.pieces = append(p.pieces, pc)
	}
	for i, n := range nodes {
		isProfile := readsOnly(n, profileType)
		if i == start {
			profile = isProfile
			continue
		}
		if isProfile == profile {
			continue
		}
		// A run of the other kind begins at i: end the current one here
		// if html/template accepts it so; otherwise it takes n in, and
		// reads the person if n does.
		if escapes(build(sub(start, i)), zeroOf(profile)) == nil {
			flush(i)
			start, profile = i, isProfile
		} else {
			profile = profile && isProfile
		}
	}
	if len(nodes) > 0 {
		flush(len(nodes))
	}
	for _, pc := range p.pieces {
		err := escapes(pc.exec, zeroOf(pc.profile))
		if pc.profile && err == nil {
			// A profile piece must also run with P: fail now, not for
			// the first person.
			err = pc.exec(io.Discard, zeroP)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: cannot cut into pieces: %w", name, err)
		}
	}
	return p, nil
}

// escapes returns html/template's error when it refuses exec's template
// (it escapes a template when first executed: exec runs it with zero
// data, whose other errors do not count).
func escapes(exec func(io.Writer, any) error, zero any) error {
	var e *htmltemplate.Error
	if err := exec(io.Discard, zero); errors.As(err, &e) {
		return err
	}
	return nil
}

// Execute writes the template executed with data, whose profile-level
// values are profile: the profile pieces' output for profile (executed
// the first time, then cached), and the person pieces executed with data.
func (p *Pieces[P]) Execute(w *bytes.Buffer, data any, profile P) error {
	cached, err := p.profilePieces(profile)
	if err != nil {
		return err
	}
	for _, pc := range p.pieces {
		if pc.profile {
			w.WriteString(cached[pc.index])
			continue
		}
		if pc.field != nil {
			if v, ok := stringField(data, pc.field); ok {
				out, err := pc.outputs.of(v, pc.exec, data)
				if err != nil {
					return err
				}
				w.WriteString(out)
				continue
			}
		}
		if err := pc.exec(w, data); err != nil {
			return err
		}
	}
	return nil
}

// values are the outputs of pieces that print one string field and
// nothing else, by the field's value: such a piece starts in HTML text
// (html/template) or in plain text (text/template), so html/template
// chooses the same escaping for every one of them, and its output depends
// on the value alone. A person's address is printed some 40 times in their
// pages; with this, html/template escapes it once. There is one for HTML
// pieces and one for text pieces, each bounded: it starts again when full.
type values struct {
	mu  sync.Mutex
	out map[string]string
}

var htmlValues, textValues values

// maxValues bounds a values: a few people's values for each worker.
const maxValues = 1024

// of returns the output of exec (a piece printing only the string value
// v of data) for v, executing it only if no piece has printed v yet.
func (vs *values) of(v string, exec func(io.Writer, any) error, data any) (string, error) {
	vs.mu.Lock()
	out, ok := vs.out[v]
	vs.mu.Unlock()
	if ok {
		return out, nil
	}
	var b strings.Builder
	if err := exec(&b, data); err != nil {
		return "", err
	}
	out = b.String()
	vs.mu.Lock()
	if len(vs.out) >= maxValues || vs.out == nil {
		vs.out = make(map[string]string)
	}
	vs.out[v] = out
	vs.mu.Unlock()
	return out, nil
}

// loneField returns the field of an action that prints one field and
// nothing else ({{.Email}}), or nil.
func loneField(n parse.Node) *parse.FieldNode {
	a, ok := n.(*parse.ActionNode)
	if !ok || a.Pipe == nil || len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) != 1 || len(a.Pipe.Cmds[0].Args) != 1 {
		return nil
	}
	f, _ := a.Pipe.Cmds[0].Args[0].(*parse.FieldNode)
	return f
}

// stringField returns the field of data at path when it is a plain string
// field, as the template reads it; false for anything else (a method of
// that name, which the template would call instead, a nil pointer, a
// named string type such as template.HTML, whose escaping differs).
func stringField(data any, path []string) (string, bool) {
	v := reflect.ValueOf(data)
	for _, id := range path {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return "", false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return "", false
		}
		if _, ok := reflect.PointerTo(v.Type()).MethodByName(id); ok {
			return "", false
		}
		f, ok := v.Type().FieldByName(id)
		if !ok || !f.IsExported() {
			return "", false
		}
		var err error
		if v, err = v.FieldByIndexErr(f.Index); err != nil {
			return "", false
		}
	}
	if v.Type() != stringType {
		return "", false
	}
	return v.String(), true
}

var stringType = reflect.TypeFor[string]()

// profilePieces returns the output of the profile pieces for profile.
func (p *Pieces[P]) profilePieces(profile P) ([]string, error) {
	p.mu.Lock()
	cached, ok := p.cache[profile]
	p.mu.Unlock()
	if ok {
		return cached, nil
	}
	var b bytes.Buffer
	for _, pc := range p.pieces {
		if !pc.profile {
			continue
		}
		b.Reset()
		if err := pc.exec(&b, profile); err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		cached = append(cached, b.String())
	}
	p.mu.Lock()
	if len(p.cache) >= maxProfiles || p.cache == nil {
		p.cache = make(map[P][]string)
	}
	p.cache[profile] = cached
	p.mu.Unlock()
	return cached, nil
}

// readsOnly reports whether node reads no data but fields that exist in
// the struct type profile (and calls no template with data): then its
// output is the same for the person's data and for the profile's. With
// and range change what the fields are of, and a variable can hold any
// of the data: either makes the node read the person, to be safe.
func readsOnly(node parse.Node, profile reflect.Type) bool {
	switch n := node.(type) {
	case nil:
		return true
	case *parse.TextNode, *parse.CommentNode, *parse.StringNode, *parse.NumberNode,
		*parse.BoolNode, *parse.NilNode, *parse.IdentifierNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !readsOnly(c, profile) {
				return false
			}
		}
		return true
	case *parse.ActionNode:
		return readsOnly(n.Pipe, profile)
	case *parse.PipeNode:
		if n == nil {
			return true
		}
		if len(n.Decl) > 0 {
			return false
		}
		for _, c := range n.Cmds {
			if !readsOnly(c, profile) {
				return false
			}
		}
		return true
	case *parse.CommandNode:
		for _, a := range n.Args {
			if !readsOnly(a, profile) {
				return false
			}
		}
		return true
	case *parse.IfNode:
		return readsOnly(n.Pipe, profile) && readsOnly(n.List, profile) && readsOnly(n.ElseList, profile)
	case *parse.RangeNode:
		// {{range .Field}} over an array of P: its body reads the
		// element's fields.
		elem, ok := rangedElem(n.Pipe, profile)
		return ok && readsOnly(n.List, elem) && readsOnly(n.ElseList, profile)
	case *parse.TemplateNode:
		// Called without data, a template prints the same for anyone.
		return n.Pipe == nil
	case *parse.FieldNode:
		t := profile
		for _, id := range n.Ident {
			if t.Kind() != reflect.Struct {
				return false
			}
			f, ok := t.FieldByName(id)
			if !ok || !f.IsExported() {
				return false
			}
			t = f.Type
		}
		return true
	}
	// Dot, variables, chains, with: the person, to be safe.
	return false
}

// rangedElem returns the element type of the array or slice that pipe, a
// lone field of profile with no variables, ranges over.
func rangedElem(pipe *parse.PipeNode, profile reflect.Type) (reflect.Type, bool) {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return nil, false
	}
	f, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || !readsOnly(f, profile) {
		return nil, false
	}
	t := profile
	for _, id := range f.Ident {
		sf, _ := t.FieldByName(id)
		t = sf.Type
	}
	if k := t.Kind(); k != reflect.Array && k != reflect.Slice {
		return nil, false
	}
	return t.Elem(), true
}

// Profiles returns how many profiles' output the cache holds: for tests
// that check the cache is hit.
func (p *Pieces[P]) Profiles() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.cache)
}
