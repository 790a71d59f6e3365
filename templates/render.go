package templates

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"
)

// Render executes the named template of Text with data, through textCache.
func Render(name string, data any) ([]byte, error) { return textCache.Render(name, data) }

var textCache = MustCache(Text)

// Cache renders the templates of one set fast, with the same result as
// ExecuteTemplate. A bulk run renders the same template for thousands of
// accounts that differ only in their values, and text/template spends most
// of its time on reflection.
//
// So a Cache executes each template once per shape of data (the truth of
// every bool, which strings are empty, each int, each slice's length) with
// a unique marker in place of every string, splits the output at the markers
// and keeps the pieces. Rendering an account is then appending the pieces
// and its strings. This is exact because the templates only print fields
// and test them (MustCache checks every template, see checkPrintOnly) and
// data holds no methods (checked per type): where a template printed a
// marker, it would have printed the string.
type Cache struct {
	t     *template.Template
	forms sync.Map // formKey -> *form
	count atomic.Int64
}

// formKey names a form. The data's type is part of it: values of two types
// can have the same shape (struct{X, Y string} and struct{Y, X string}), and
// a type is checked for methods only when its first form is made.
type formKey struct {
	name  string
	typ   reflect.Type
	shape string
}

// maxForms bounds a Cache's memory; past it, Render executes the template.
const maxForms = 4096

// MustCache returns a Cache of the templates t holds now; it panics if a
// template does more than print and test fields. The Cache keeps a clone of
// t: templates added to or redefined in t later, which these checks never
// saw, do not reach it.
func MustCache(t *template.Template) *Cache {
	t, err := t.Clone()
	if err != nil {
		panic(err)
	}
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if err := checkPrintOnly(tt.Tree.Root); err != nil {
			panic(fmt.Sprintf("template %s: %v (a Cache needs templates that only print and test fields)", tt.Name(), err))
		}
	}
	return &Cache{t: t}
}

// Render returns the named template executed with data.
func (c *Cache) Render(name string, data any) ([]byte, error) {
	v := reflect.ValueOf(data)
	var w walk
	if err := w.collect(v); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", name, err)
	}
	key := formKey{name, v.Type(), string(w.key)}
	f, ok := c.forms.Load(key)
	if !ok {
		nf, err := c.newForm(name, v, &w)
		if err != nil {
			return nil, fmt.Errorf("rendering %s: %w", name, err)
		}
		if c.count.Add(1) > maxForms {
			return nf.fill(w.vals), nil
		}
		f, _ = c.forms.LoadOrStore(key, nf)
	}
	return f.(*form).fill(w.vals), nil
}

// form is one template rendered for one shape of data: literal text with
// holes for the data's strings.
type form struct {
	pieces []piece
	size   int // bytes of literal text
}

// piece is literal text, or (lit == "" and val >= 0) the val'th string.
type piece struct {
	lit string
	val int
}

func (f *form) fill(vals []string) []byte {
	n := f.size
	for _, p := range f.pieces {
		if p.val >= 0 {
			n += len(vals[p.val])
		}
	}
	out := make([]byte, 0, n)
	for _, p := range f.pieces {
		if p.val >= 0 {
			out = append(out, vals[p.val]...)
		} else {
			out = append(out, p.lit...)
		}
	}
	return out
}

// Markers stand for the data's strings while a form is made: NUL, the
// string's index, SOH. No template's text holds a NUL (checked).
const markOpen, markClose = '\x00', '\x01'

func marker(i int) string { return string(markOpen) + strconv.Itoa(i) + string(markClose) }

// newForm renders the template once with markers for w's strings, splits
// the output at them, and checks the result against a plain execution with
// the real data.
func (c *Cache) newForm(name string, v reflect.Value, w *walk) (*form, error) {
	if err := methodFree(v.Type(), map[reflect.Type]bool{}); err != nil {
		return nil, err
	}
	next := 0
	marked := withMarkers(v, &next)
	var b bytes.Buffer
	if err := c.t.ExecuteTemplate(&b, name, marked.Interface()); err != nil {
		return nil, err
	}
	f, err := split(b.Bytes(), len(w.vals))
	if err != nil {
		return nil, err
	}
	b.Reset()
	if err := c.t.ExecuteTemplate(&b, name, v.Interface()); err != nil {
		return nil, err
	}
	if !bytes.Equal(b.Bytes(), f.fill(w.vals)) {
		return nil, fmt.Errorf("the template does more with its values than print them; Render cannot serve it")
	}
	return f, nil
}

// split cuts rendered output at the markers.
func split(out []byte, nvals int) (*form, error) {
	f := &form{}
	for len(out) > 0 {
		i := bytes.IndexByte(out, markOpen)
		if i < 0 {
			f.pieces = append(f.pieces, piece{lit: string(out), val: -1})
			f.size += len(out)
			break
		}
		if i > 0 {
			f.pieces = append(f.pieces, piece{lit: string(out[:i]), val: -1})
			f.size += i
		}
		j := bytes.IndexByte(out[i:], markClose)
		if j < 0 {
			return nil, fmt.Errorf("the template's text holds a NUL byte")
		}
		n, err := strconv.Atoi(string(out[i+1 : i+j]))
		if err != nil || n >= nvals {
			return nil, fmt.Errorf("the template's text holds a NUL byte")
		}
		f.pieces = append(f.pieces, piece{val: n})
		out = out[i+j+1:]
	}
	return f, nil
}

// walk collects the shape key and the non-empty strings of a value, in a
// fixed order (fields in order, slices in order).
type walk struct {
	key  []byte
	vals []string
}

func (w *walk) collect(v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" {
			w.key = append(w.key, 's')
			w.vals = append(w.vals, s)
		} else {
			w.key = append(w.key, 'e')
		}
	case reflect.Bool:
		w.key = strconv.AppendBool(w.key, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.key = strconv.AppendInt(append(w.key, 'i'), v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.key = strconv.AppendUint(append(w.key, 'u'), v.Uint(), 10)
	case reflect.Slice:
		w.key = strconv.AppendInt(append(w.key, '['), int64(v.Len()), 10)
		for i := range v.Len() {
			if err := w.collect(v.Index(i)); err != nil {
				return err
			}
		}
		w.key = append(w.key, ']')
	case reflect.Struct:
		w.key = append(w.key, '{')
		for i := range v.NumField() {
			if err := w.collect(v.Field(i)); err != nil {
				return err
			}
		}
		w.key = append(w.key, '}')
	default:
		return fmt.Errorf("data of kind %s cannot be rendered by Render", v.Kind())
	}
	return nil
}

// withMarkers returns a deep copy of v with every non-empty string replaced
// by its marker, numbered in walk order.
func withMarkers(v reflect.Value, next *int) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.String:
		if v.String() != "" {
			c.SetString(marker(*next))
			*next++
		}
	case reflect.Slice:
		c.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
		for i := range v.Len() {
			c.Index(i).Set(withMarkers(v.Index(i), next))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			c.Field(i).Set(withMarkers(v.Field(i), next))
		}
	default:
		c.Set(v)
	}
	return c
}

// methodFree reports an error if t or a type inside it has methods: a
// template could call one, and its result need not follow the markers.
func methodFree(t reflect.Type, seen map[reflect.Type]bool) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	if t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0 {
		return fmt.Errorf("data type %s has methods; Render takes plain data", t)
	}
	switch t.Kind() {
	case reflect.Slice:
		return methodFree(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				return fmt.Errorf("data type %s has an unexported field; Render takes plain data", t)
			}
			if err := methodFree(t.Field(i).Type, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkPrintOnly returns an error if a template does anything with data
// but print a field ({{.X}}, {{.}}), test one ({{if .X}}), range over one
// or pass one to another template: no functions, comparisons, variables or
// pipelines, whose results Render could not follow.
func checkPrintOnly(n parse.Node) error {
	switch n := n.(type) {
	case *parse.TextNode:
		if bytes.IndexByte(n.Text, markOpen) >= 0 {
			return fmt.Errorf("the text %q holds a NUL byte, which Render uses as a marker", n.Text)
		}
		return nil
	case nil, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkPrintOnly(c); err != nil {
				return err
			}
		}
		return nil
	case *parse.ActionNode:
		return plainField(n.Pipe)
	case *parse.IfNode:
		return branches(n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return branches(n.Pipe, n.List, n.ElseList)
	case *parse.TemplateNode:
		if n.Pipe == nil {
			return nil
		}
		return plainField(n.Pipe)
	}
	return fmt.Errorf("%q is more than printing or testing a field", n)
}

func branches(p *parse.PipeNode, list, elseList *parse.ListNode) error {
	if err := plainField(p); err != nil {
		return err
	}
	if err := checkPrintOnly(list); err != nil {
		return err
	}
	return checkPrintOnly(elseList)
}

// plainField accepts a pipeline that is one field or dot, nothing else.
func plainField(p *parse.PipeNode) error {
	if len(p.Decl) == 0 && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
		switch p.Cmds[0].Args[0].(type) {
		case *parse.FieldNode, *parse.DotNode:
			return nil
		}
	}
	return fmt.Errorf("%q is more than printing or testing a field", p)
}
