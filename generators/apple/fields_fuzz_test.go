package apple

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts.
// The profile must be the encoder's own output, decode to the account's
// values and hold exactly the keys of a plain account's profile: no input
// text adds a key, a payload or an element.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "apple")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		data, err := Profile(a)
		if err != nil {
			t.Fatalf("refused %+v: %v", a, err)
		}
		got := decodeMap(t, data)
		for _, d := range compare(a, got) {
			t.Errorf("howett.net/plist: %s", d)
		}
		plain, err := Profile(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		if g, w := plistShape(got), plistShape(decodeMap(t, plain)); g != w {
			t.Fatalf("profile of another shape:\n%s\nwant\n%s", g, w)
		}
	})
}

// plistShape lists every key path of a decoded plist.
func plistShape(v any) string {
	var out []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(path+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		default:
			out = append(out, path)
		}
	}
	walk("", v)
	sort.Strings(out)
	return strings.Join(out, " ")
}
