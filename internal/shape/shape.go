// Package shape makes a pure renderer fast on data that mostly repeats. A
// bulk run renders the same file for thousands of accounts that differ only
// in their strings, and the renderers (text/template, the plist encoder)
// spend most of their time on reflection.
//
// A Cache renders once per shape of data (the truth of every bool, each
// int, which strings are empty, which pointers are nil, each slice's
// length) with a marker in place of every non-empty string, splits the
// output at the markers and keeps the pieces. Rendering is then appending
// the pieces and the data's strings, each written as the renderer writes a
// string (Escape). The first rendering of each shape is also done plainly
// and compared, and data types with methods are refused, since a method
// could compute from a string what a marker would not show.
//
// The caller promises what makes this exact: the renderer writes each
// string of the data only through Escape, decides nothing else on a
// string's content, and writes the marker unchanged (Escape(marker) ==
// marker, and no marker appears in the renderer's own text).
package shape

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
)

// Cache holds the pieces of one renderer's output per shape of data. It is
// safe for concurrent use.
type Cache struct {
	render func(data any) ([]byte, error)
	opt    Options
	mu     sync.RWMutex
	forms  map[reflect.Type]map[string]*form // by the data's type and shape
	count  atomic.Int64
}

// Options say how the renderer writes strings.
type Options struct {
	// Escape appends s as the renderer writes a string; nil: unchanged.
	Escape func(dst []byte, s string) []byte
	// A marker is Open, the string's index, then Close. The renderer must
	// write it unchanged, and its own text must not hold Open.
	Open  string
	Close byte
	// Pointers lets data hold pointers; whether each is nil is part of the
	// shape. Off, data with pointers is refused.
	Pointers bool
}

// MaxForms bounds a Cache's memory; past it, Render renders plainly.
const MaxForms = 4096

// New returns a Cache for render.
func New(render func(data any) ([]byte, error), opt Options) *Cache {
	if opt.Escape == nil {
		opt.Escape = func(dst []byte, s string) []byte { return append(dst, s...) }
	}
	return &Cache{render: render, opt: opt, forms: map[reflect.Type]map[string]*form{}}
}

// Built is how many forms the Cache has made.
func (c *Cache) Built() int64 { return c.count.Load() }

// Held is how many forms the Cache keeps.
func (c *Cache) Held() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := 0
	for _, m := range c.forms {
		n += len(m)
	}
	return n
}

// Render returns render(data), from the pieces of data's shape. The data's
// type is part of the key: values of two types can have the same shape, and
// a type is checked for methods only when its first form is made.
func (c *Cache) Render(data any) ([]byte, error) {
	v := reflect.ValueOf(data)
	w := walks.Get().(*walk)
	defer func() {
		clear(w.vals) // let the strings go
		walks.Put(w)
	}()
	*w = walk{pointers: c.opt.Pointers, key: w.key[:0], vals: w.vals[:0]}
	if err := w.collect(v); err != nil {
		return nil, err
	}
	t := v.Type()
	c.mu.RLock()
	f := c.forms[t][string(w.key)] // no copy of the key: a map look-up
	c.mu.RUnlock()
	if f == nil {
		nf, err := c.newForm(v, w)
		if err != nil {
			return nil, err
		}
		if c.count.Add(1) > MaxForms {
			return c.fill(nf, w.vals), nil
		}
		c.mu.Lock()
		if c.forms[t] == nil {
			c.forms[t] = map[string]*form{}
		}
		if f = c.forms[t][string(w.key)]; f == nil {
			f = nf
			c.forms[t][string(w.key)] = nf
		}
		c.mu.Unlock()
	}
	return c.fill(f, w.vals), nil
}

// form is the output for one shape: literal bytes with holes for strings.
type form struct {
	pieces []piece
	size   int // bytes of literal text
}

// piece is literal text (val < 0) or the val'th string of the data.
type piece struct {
	lit string
	val int
}

func (c *Cache) fill(f *form, vals []string) []byte {
	n := f.size
	for _, p := range f.pieces {
		if p.val >= 0 {
			n += len(vals[p.val]) + len(vals[p.val])/8 // room for some escapes
		}
	}
	out := make([]byte, 0, n)
	for _, p := range f.pieces {
		if p.val >= 0 {
			out = c.opt.Escape(out, vals[p.val])
		} else {
			out = append(out, p.lit...)
		}
	}
	return out
}

func (c *Cache) marker(i int) string { return c.opt.Open + strconv.Itoa(i) + string(c.opt.Close) }

// newForm renders once with markers for w's strings, splits the output at
// them, and checks the result against a plain rendering of the real data.
func (c *Cache) newForm(v reflect.Value, w *walk) (*form, error) {
	if err := methodFree(v.Type(), map[reflect.Type]bool{}); err != nil {
		return nil, err
	}
	next := 0
	marked := c.withMarkers(v, &next)
	out, err := c.render(marked.Interface())
	if err != nil {
		return nil, err
	}
	f, err := c.split(out, len(w.vals))
	if err != nil {
		return nil, err
	}
	plain, err := c.render(v.Interface())
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(plain, c.fill(f, w.vals)) {
		return nil, fmt.Errorf("the renderer does more with its strings than write them; it cannot be cached by shape")
	}
	return f, nil
}

// split cuts rendered output at the markers.
func (c *Cache) split(out []byte, nvals int) (*form, error) {
	f := &form{}
	open := []byte(c.opt.Open)
	for len(out) > 0 {
		i := bytes.Index(out, open)
		if i < 0 {
			f.pieces = append(f.pieces, piece{lit: string(out), val: -1})
			f.size += len(out)
			break
		}
		if i > 0 {
			f.pieces = append(f.pieces, piece{lit: string(out[:i]), val: -1})
			f.size += i
		}
		rest := out[i+len(open):]
		j := bytes.IndexByte(rest, c.opt.Close)
		n, err := strconv.Atoi(string(rest[:max(j, 0)]))
		if j < 0 || err != nil || n < 0 || n >= nvals {
			return nil, fmt.Errorf("the renderer's own text holds %q, which marks strings", c.opt.Open)
		}
		f.pieces = append(f.pieces, piece{val: n})
		out = rest[j+1:]
	}
	return f, nil
}

// walks reuses walks' buffers across calls.
var walks = sync.Pool{New: func() any { return new(walk) }}

// walk collects the shape key and the non-empty strings of a value, in a
// fixed order (fields in order, slices in order).
type walk struct {
	pointers bool // pointers allowed
	key      []byte
	vals     []string
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
	case reflect.Pointer:
		if !w.pointers {
			return fmt.Errorf("data holding a pointer (%s) cannot be cached by shape", v.Type())
		}
		if v.IsNil() {
			w.key = append(w.key, 'n')
			return nil
		}
		w.key = append(w.key, '*')
		return w.collect(v.Elem())
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
		return fmt.Errorf("data of kind %s cannot be cached by shape", v.Kind())
	}
	return nil
}

// withMarkers returns a deep copy of v with every non-empty string replaced
// by its marker, numbered in walk order.
func (c *Cache) withMarkers(v reflect.Value, next *int) reflect.Value {
	cp := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.String:
		if v.String() != "" {
			cp.SetString(c.marker(*next))
			*next++
		}
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(c.withMarkers(v.Elem(), next))
			cp.Set(p)
		}
	case reflect.Slice:
		cp.Set(reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
		for i := range v.Len() {
			cp.Index(i).Set(c.withMarkers(v.Index(i), next))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			cp.Field(i).Set(c.withMarkers(v.Field(i), next))
		}
	default:
		cp.Set(v)
	}
	return cp
}

// methodFree reports an error if t or a type inside it has methods: a
// renderer could call one, and its result need not follow the markers.
func methodFree(t reflect.Type, seen map[reflect.Type]bool) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	if t.NumMethod() > 0 || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).NumMethod() > 0) {
		return fmt.Errorf("data type %s has methods; only plain data can be cached by shape", t)
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Pointer:
		return methodFree(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				return fmt.Errorf("data type %s has an unexported field; only plain data can be cached by shape", t)
			}
			if err := methodFree(t.Field(i).Type, seen); err != nil {
				return err
			}
		}
	}
	return nil
}
