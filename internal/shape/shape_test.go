package shape

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// doc is XML data of the kinds a Cache follows: strings (some optional),
// ints, a pointer, a slice.
type doc struct {
	XMLName xml.Name `xml:"doc"`
	Name    string   `xml:"name"`
	Note    string   `xml:"note,omitempty"`
	Port    int      `xml:"port"`
	SSL     *bool    `xml:"ssl"`
	Items   []string `xml:"item"`
}

func encodeXML(d any) ([]byte, error) { return xml.Marshal(d) }

func newXMLCache() *Cache {
	return New(encodeXML, Options{Escape: AppendXMLText, Open: "\uE000", Close: ';', Pointers: true})
}

var hostile = []string{"", "a", "<b>&amp;</b>", `"q" 'a'`, "\t\r\n", "\x00\x01", "\uE000", "\uE0000;", "\uE0001;x", "ü日本", "\xff", "]]>"}

// TestMatchesRenderer renders many values of a few shapes through the
// Cache and directly: the bytes must agree, and values of a shape seen
// before must not make new forms.
func TestMatchesRenderer(t *testing.T) {
	c := newXMLCache()
	yes, no := true, false
	var built int64
	for round := range 2 {
		for i, name := range hostile {
			for _, ssl := range []*bool{nil, &yes, &no} {
				d := doc{Name: name, Note: hostile[(i+3)%len(hostile)], Port: 993 + i%2, SSL: ssl,
					Items: hostile[:i%3]}
				got, err := c.Render(d)
				want, werr := encodeXML(d)
				if err != nil || werr != nil || !bytes.Equal(got, want) {
					t.Fatalf("Render(%+v) = %q, %v\nthe encoder gives %q, %v", d, got, err, want, werr)
				}
			}
		}
		if round == 0 {
			built = c.Built()
		} else if n := c.Built(); n != built {
			t.Errorf("the second round made %d new forms; the shapes were all seen", n-built)
		}
	}
	if built == 0 || built > 100 {
		t.Errorf("%d forms for a few shapes", built)
	}
}

// TestRefuses: data the Cache cannot follow, and renderers that do more
// with a string than write it.
func TestRefuses(t *testing.T) {
	type withPtr struct{ P *string }
	s := "x"
	if _, err := New(encodeXML, Options{Open: "\uE000", Close: ';'}).Render(withPtr{&s}); err == nil {
		t.Error("a pointer was accepted without Options.Pointers")
	}
	if _, err := newXMLCache().Render(map[string]string{"a": "b"}); err == nil {
		t.Error("a map was accepted")
	}
	type withMethod struct{ N fmt.Stringer }
	if _, err := newXMLCache().Render(withMethod{}); err == nil {
		t.Error("an interface field was accepted")
	}
	upper := New(func(d any) ([]byte, error) {
		return []byte(strings.ToUpper(d.(struct{ S string }).S)), nil
	}, Options{Open: "\x00", Close: 1})
	if out, err := upper.Render(struct{ S string }{"abc"}); err == nil {
		t.Errorf("a renderer that changes its strings was cached: %q", out)
	}
	own := New(func(d any) ([]byte, error) {
		return []byte("\uE000 is mine, " + d.(struct{ S string }).S), nil
	}, Options{Open: "\uE000", Close: ';'})
	if out, err := own.Render(struct{ S string }{"abc"}); err == nil {
		t.Errorf("a renderer whose own text holds the marker was cached: %q", out)
	}
}

// TestConcurrent renders from many goroutines at once (run with -race).
func TestConcurrent(t *testing.T) {
	c := newXMLCache()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				d := doc{Name: fmt.Sprint(g, "<", i), Port: i % 3, Items: hostile[:i%4]}
				got, err := c.Render(d)
				want, _ := encodeXML(d)
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("Render(%+v) = %q, %v; want %q", d, got, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzMatchesRenderer compares the Cache with the encoder for any strings.
func FuzzMatchesRenderer(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+1)%len(hostile)], i, i%2 == 0)
	}
	c := newXMLCache()
	f.Fuzz(func(t *testing.T, name, item string, port int, ssl bool) {
		d := doc{Name: name, Note: item, Port: port % 4, SSL: &ssl, Items: []string{item, name}}
		got, err := c.Render(d)
		want, werr := encodeXML(d)
		if (err == nil) != (werr == nil) || err == nil && !bytes.Equal(got, want) {
			t.Fatalf("Render = %q, %v; the encoder gives %q, %v", got, err, want, werr)
		}
	})
}
