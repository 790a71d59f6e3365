package kit

import (
	"strings"
	"testing"
)

// FuzzRecordReader: any SHA256SUMS text reads without a panic, into groups
// in strictly increasing order or an error; and a kit path written by
// sumLine (sha256sum's own escaping) reads back as the same path, in its
// person's group.
func FuzzRecordReader(f *testing.F) {
	f.Add("a@x.net", "README.txt", "garbage\n")
	f.Add("b@x.net", "dir/with\\back\nslash", strings.Repeat("0", 64)+"  people/a/b\n")
	f.Fuzz(func(t *testing.T, email, rel, junk string) {
		rr := newRecordReader("S", strings.NewReader(junk))
		last := ""
		for {
			g, err := rr.next()
			if err != nil || g == nil {
				break
			}
			if g.key() <= last {
				t.Fatalf("groups out of order: %q after %q", g.key(), last)
			}
			last = g.key()
		}
		if dirName(email) != "" || strings.Contains(email, "\n") || !safeRel(rel) {
			return
		}
		sum := strings.Repeat("ab", 32)
		rr = newRecordReader("S", strings.NewReader(sumLine(sum, IndexName)+sumLine(sum, "people/"+email+"/"+rel)+sumLine(sum, "zips/"+email+".zip")))
		g, err := rr.next()
		if err != nil {
			t.Fatal(err)
		}
		if g == nil || g.email != email || g.files[rel] != sum || !g.zip || len(g.files) != 1 {
			t.Fatalf("read back %+v for %q / %q", g, email, rel)
		}
	})
}
