package manifest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// pieceOpts are options whose Check leaves one client out for some names,
// so the comparisons below cover what is left out too.
func pieceOpts(t testing.TB) Options {
	opt := opts(t.(*testing.T))
	opt.Check = func(a account.Account) error {
		if strings.Contains(a.Name, "!") {
			return &ClientError{Client: "mutt", Err: errors.New("mutt refuses names with !")}
		}
		return nil
	}
	return opt
}

// samePiecewise parses data piece by piece (cut before every item) and
// whole, and fails unless both give the same manifest or the same errors.
// It returns whether the piecewise reader took the file.
func samePiecewise(t *testing.T, data []byte, opt Options) bool {
	t.Helper()
	return samePiecewiseCut(t, data, opt, 1)
}

// samePiecewiseCut is samePiecewise with pieces of about size bytes. The
// pieces are read one after another and by one and by three workers: all
// three must take the file or decline it alike, and read it alike.
func samePiecewiseCut(t *testing.T, data []byte, opt Options, size int) bool {
	t.Helper()
	pm, perr, ok := parsePieces("m.yaml", data, opt, size, 0)
	for _, workers := range []int{1, 3} {
		cm, cerr, cok := parsePieces("m.yaml", data, opt, size, workers)
		if cok != ok || fmt.Sprint(cerr) != fmt.Sprint(perr) || !reflect.DeepEqual(cm, pm) {
			t.Fatalf("%d workers read differently from none, pieces of %d bytes, for\n%s\nok %v, %v\nerrors: %v\nworkers: ok %v, %v\nerrors: %v",
				workers, size, data, ok, pm, perr, cok, cm, cerr)
		}
	}
	if !ok {
		return false
	}
	wm, werr := parseWhole("m.yaml", data, opt)
	if fmt.Sprint(perr) != fmt.Sprint(werr) {
		t.Fatalf("errors differ for\n%s\npieces: %v\nwhole:  %v", data, perr, werr)
	}
	if !reflect.DeepEqual(pm, wm) {
		t.Fatalf("manifests differ for\n%s\npieces: %+v\nwhole:  %+v", data, pm, wm)
	}
	return true
}

// TestPiecesMatchWhole: for manifests of the usual shape the piecewise
// reader is the one used and reads exactly what the whole-file reader
// reads; for the shapes it cannot cut, it declines.
func TestPiecesMatchWhole(t *testing.T) {
	opt := pieceOpts(t)
	for _, tc := range []struct {
		name, yaml string
		pieces     bool // the piecewise reader takes it
	}{
		{"plain", "version: 1\naccounts:\n  - email: a@spectrum.net\n    name: A\n  - email: b@charter.net\n    profile: charter\n", true},
		{"compact list", "version: 1\naccounts:\n- email: a@spectrum.net\n- email: b@spectrum.net\n  name: \"B, \\\"Jr\\\"\"\n", true},
		{"keys after the list", "accounts:  # people\n  - email: a@spectrum.net\n\n# the rest\n  - email: b@spectrum.net\ndefaults:\n  clients: [mutt]\nversion: 1\norganization: Acme\n", true},
		{"crlf", "version: 1\r\naccounts:\r\n  - email: a@spectrum.net\r\n    name: A\r\n  - email: b@spectrum.net\r\n", true},
		{"errors in items", "version: 2\norganizaton: x\naccounts:\n  - email: a@spectrum.net\n    nmae: A\n  - email: a@spectrum.net\n  - email: bob\n  - email: c@nowhere.example\n  - name: only\n  - [1, 2]\n", true},
		{"left out", "version: 1\naccounts:\n  - email: a@spectrum.net\n    name: Hey!\n  - email: b@spectrum.net\n    name: Bee!\n    clients: [mutt]\n", true},
		{"block text", "version: 1\naccounts:\n  - email: a@spectrum.net\n    name: |\n      two\n      lines\n  - email: b@spectrum.net\n", true},
		{"quoted text across an item line", "version: 1\naccounts:\n  - email: a@spectrum.net\n    name: \"one\n  - email: b@spectrum.net\"\n  - email: c@spectrum.net\n", false},
		{"flow list across an item line", "version: 1\naccounts:\n  - email: a@spectrum.net\n    clients: [mutt,\n  - apple]\n", false},
		{"quoted text past the list", "version: 1\naccounts:\n  - email: a@spectrum.net\n    name: \"one\ndefaults: x\"\n", false},
		{"anchor", "version: 1\naccounts:\n  - &a\n    email: a@spectrum.net\n  - *a\n", false},
		{"anchor in the rest", "version: 1\ndefaults: &d\n  clients: [mutt]\naccounts:\n  - email: a@spectrum.net\n", false},
		{"not a list", "version: 1\naccounts:\n  email: a@spectrum.net\n", false},
		{"empty list", "version: 1\naccounts:\n", false},
		{"flow list", "version: 1\naccounts: [{email: a@spectrum.net}]\n", false},
		{"indented key after the list", "version: 1\naccounts:\n  - email: a@spectrum.net\n name: x\n", false},
		{"second document", "version: 1\naccounts:\n  - email: a@spectrum.net\n---\nversion: 1\n", false},
		{"accounts inside a quoted text", "organization: \"x\naccounts:\n  - email: a@spectrum.net\n\"\nversion: 1\n", false},
		{"two accounts keys", "version: 1\naccounts:\n  - email: a@spectrum.net\naccounts:\n  - email: b@spectrum.net\n", false},
		{"lone CR", "version: 1\raccounts:\n  - email: a@spectrum.net\n", false},
		{"tag directive", "%TAG ! tag:example.com:\n---\nversion: 1\naccounts:\n  - email: a@spectrum.net\n    name: !x y\n", false},
		{"bad yaml in an item", "version: 1\naccounts:\n  - email: a@spectrum.net\n    name: [\n  - email: b@spectrum.net\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := samePiecewise(t, []byte(tc.yaml), opt); got != tc.pieces {
				t.Errorf("read piecewise: %v, want %v", got, tc.pieces)
			}
		})
	}
}

// TestPiecesMatchWholeOnFiles compares the two readers on the example, the
// error list and every hostile manifest, and checks that the example and
// the error list are read piecewise.
func TestPiecesMatchWholeOnFiles(t *testing.T) {
	opt := pieceOpts(t)
	files, _ := filepath.Glob("../../testdata/hostile/*.yaml")
	files = append(files, "../../testdata/example.yaml", "testdata/many-errors.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ok := samePiecewise(t, data, opt)
		if !ok && !strings.Contains(f, "hostile") {
			t.Errorf("%s: not read piecewise", f)
		}
	}
}

// TestPiecesCutSize: a large list is cut into pieces of about the size
// asked, each starting at an item, covering the list exactly.
func TestPiecesCutSize(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\naccounts:\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "  - email: user%04d@spectrum.net\n    name: \"User %d\"\n", i, i)
	}
	b.WriteString("organization: Acme\n")
	data := []byte(b.String())
	sp, ok := splitAccounts(data, 4096)
	if !ok {
		t.Fatal("not split")
	}
	if sp.itemsAtMost != 1000 {
		t.Errorf("itemsAtMost = %d, want 1000", sp.itemsAtMost)
	}
	if n := len(sp.pieces); n < 10 || n > 20 {
		t.Errorf("%d pieces of about 4 kB for %d bytes", n, len(data))
	}
	end := sp.pieces[0].start
	for _, p := range sp.pieces {
		if p.start != end || !strings.HasPrefix(string(data[p.start:]), "  - email: ") {
			t.Fatalf("piece %+v does not follow the last (%d) at an item", p, end)
		}
		if want := 1 + strings.Count(string(data[:p.start]), "\n"); p.line != want {
			t.Errorf("piece at line %d, want %d", p.line, want)
		}
		end = p.end
	}
	if !strings.HasPrefix(string(data[end:]), "organization:") {
		t.Errorf("the list ends before %q", data[end:min(end+20, len(data))])
	}
	if strings.Count(string(sp.rest), "\n") != strings.Count(b.String(), "\n") || strings.Contains(string(sp.rest), "email") {
		t.Errorf("rest keeps the list or loses lines:\n%.200s", sp.rest)
	}
	m, err, ok := parseInPieces("m.yaml", data, opts(t), 4096)
	if !ok || err != nil || len(m.Accounts) != 1000 || m.Accounts[999].Email != "user0999@spectrum.net" || m.Organization != "Acme" {
		t.Fatalf("ok %v, err %v, %d accounts", ok, err, len(m.Accounts))
	}
}

// FuzzPieces: whatever the piecewise reader accepts to read, it reads
// exactly as the whole-file reader does, accounts, warnings, left-out
// clients and errors alike.
func FuzzPieces(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/hostile/*.yaml")
	seeds = append(seeds, "../../testdata/example.yaml", "testdata/many-errors.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil && len(data) < 64<<10 {
			f.Add(data, uint8(0))
			f.Add(data, uint8(20))
		}
	}
	f.Add([]byte("version: 1\naccounts:\n  - email: a@spectrum.net\n    name: \"one\n  - email: b@spectrum.net\"\n"), uint8(0))
	f.Add([]byte("version: 1\naccounts:\n- email: a@spectrum.net\n  name: |\n   x\n- email: b@spectrum.net\ndefaults: {clients: [mutt]}\n"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		// Cut before every item (1), or after some bytes, to vary which
		// items share a piece with a mistake or a failing cut.
		samePiecewiseCut(t, data, pieceOpts(t), 1+int(size)*4)
	})
}
