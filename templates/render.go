package templates

import (
	"bytes"
	"fmt"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/spectrumgen/spectrumgen/internal/shape"
)

// Render executes the named template of Text with data, through textCache.
func Render(name string, data any) ([]byte, error) { return textCache.Render(name, data) }

var textCache = MustCache(Text)

// Cache renders the templates of one set fast, with the same result as
// ExecuteTemplate: each template through a shape.Cache, which executes it
// once per shape of data with markers in place of the strings and then
// only splices each call's strings into the pieces. That is exact because
// the templates only print fields and test them (MustCache checks every
// template, see checkPrintOnly): where a template printed a marker, it
// would have printed the string.
type Cache struct {
	t      *template.Template
	byName sync.Map // template name -> *shape.Cache
}

// maxForms bounds the forms kept per template.
const maxForms = shape.MaxForms

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

// Markers stand for the data's strings while a form is made: NUL, the
// string's index, SOH. No template's text holds a NUL (checkPrintOnly).
const markOpen, markClose = '\x00', '\x01'

// Render returns the named template executed with data.
func (c *Cache) Render(name string, data any) ([]byte, error) {
	sc, ok := c.byName.Load(name)
	if !ok {
		sc, _ = c.byName.LoadOrStore(name, shape.New(func(d any) ([]byte, error) {
			var b bytes.Buffer
			err := c.t.ExecuteTemplate(&b, name, d)
			return b.Bytes(), err
		}, shape.Options{Open: string(markOpen), Close: markClose}))
	}
	out, err := sc.(*shape.Cache).Render(data)
	if err != nil {
		return nil, fmt.Errorf("rendering %s: %w", name, err)
	}
	return out, nil
}

// built and held count the forms made and kept, over all templates.
func (c *Cache) built() (n int64) {
	c.byName.Range(func(_, sc any) bool { n += sc.(*shape.Cache).Built(); return true })
	return n
}

func (c *Cache) held() (n int) {
	c.byName.Range(func(_, sc any) bool { n += sc.(*shape.Cache).Held(); return true })
	return n
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
