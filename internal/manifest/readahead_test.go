package manifest

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/diag"
)

// listOf writes a manifest of n people, item i at line 3+2i, with the
// items of odd give in place of the usual ones.
func listOf(n int, odd map[int]string) []byte {
	var b strings.Builder
	b.WriteString("version: 1\naccounts:\n")
	for i := range n {
		if s, ok := odd[i]; ok {
			b.WriteString(s)
			continue
		}
		fmt.Fprintf(&b, "  - email: user%02d@spectrum.net\n    name: \"User %d\"\n", i, i)
	}
	b.WriteString("organization: Acme\n")
	return []byte(b.String())
}

// TestPiecesErrorsInSeveralPieces: mistakes spread over several pieces
// are reported as the whole-file reader reports them, in the same order,
// whether the pieces are read one after another or by workers, and the
// first ones are the ones expected at their places.
func TestPiecesErrorsInSeveralPieces(t *testing.T) {
	opt := pieceOpts(t)
	for _, tc := range []struct {
		name  string
		odd   map[int]string
		first []string // the first errors, in order
	}{
		{"one a piece", map[int]string{
			5:  "  - email: user05@spectrum.net\n    nmae: Five\n",
			20: "  - email: bob\n    name: Bob\n",
			21: "  - email: USER03@spectrum.net\n    name: Again\n",
			40: "  - email: user40@spectrum.net\n    imap: {port: 99999}\n",
			59: "  - name: No Email\n    clients: [mutt]\n",
		}, []string{
			`m.yaml:14:5: accounts[5].nmae: unknown key "nmae" (did you mean "name"?)`,
			`m.yaml:43:12: accounts[20].email: "bob": the address has no @`,
			`m.yaml:45:12: accounts[21].email: user03@spectrum.net is listed twice (first at line 9)`,
			`m.yaml:84:18: accounts[40].imap.port: port 99999 is out of range`,
			`m.yaml:121:5: accounts[59].email: missing`,
		}},
		{"several in one piece, first and last items", map[int]string{
			0:  "  - email: a@nowhere.example\n    name: A\n",
			1:  "  - [1, 2]\n",
			2:  "  - email: user02@spectrum.net\n    name: \"tab\\there\"\n",
			30: "  - email: user30@spectrum.net\n    clients: [mutt, thunderbrd]\n",
			31: "  - email: user31@spectrum.net\n    clients: [mutt, thunderbrd]\n",
			59: "  - email: user59@spectrum.net\n    password_command: \"x {mail}\"\n",
		}, []string{
			`m.yaml:3:12: accounts[0].email: a@nowhere.example: no profile lists the domain nowhere.example`,
			`m.yaml:5:5: accounts[1]: expected a mapping of keys`,
			`m.yaml:7:11: accounts[2].name: the name contains the control character U+0009`,
			`m.yaml:63:21: accounts[30].clients[1]: unknown client "thunderbrd" (did you mean "thunderbird"?)`,
			`m.yaml:65:21: accounts[31].clients[1]: unknown client "thunderbrd" (did you mean "thunderbird"?)`,
			`m.yaml:121:23: accounts[59].password_command: unknown placeholder {mail}`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := listOf(60, tc.odd)
			for _, size := range []int{1, 150, 400, 4096} {
				if !samePiecewiseCut(t, data, opt, size) {
					t.Fatalf("pieces of %d bytes: not read piecewise", size)
				}
			}
			sp, _ := splitAccounts(data, 400)
			if len(sp.pieces) < 8 {
				t.Fatalf("%d pieces of 400 bytes: the mistakes do not fall in several", len(sp.pieces))
			}
			_, err, _ := parsePieces("m.yaml", data, opt, 400, 3)
			var list *diag.List
			if !errors.As(err, &list) || list.Len() < len(tc.first) {
				t.Fatalf("got %v, want %d errors or more", err, len(tc.first))
			}
			for i, want := range tc.first {
				if got := list.Errs[i].Error(); !strings.HasPrefix(got, want) {
					t.Errorf("error %d:\n got %s\nwant %s...", i, got, want)
				}
			}
		})
	}
}

// TestPiecesFallbackAfterErrors: a piece that does not read alone, after
// pieces with mistakes and before others, sends every reader to the whole
// file, which then reports what it finds.
func TestPiecesFallbackAfterErrors(t *testing.T) {
	opt := pieceOpts(t)
	for _, at := range []int{0, 1, 25, 58} {
		odd := map[int]string{
			10: "  - email: bob\n",
			at: "  - email: user00@spectrum.net\n    name: \"across\n  - email: a cut\"\n",
			50: "  - email: user50@spectrum.net\n    nmae: x\n",
		}
		data := listOf(60, odd)
		for _, workers := range []int{0, 1, 3} {
			// Cut before every item: the line inside the quoted text too.
			if _, _, ok := parsePieces("m.yaml", data, opt, 1, workers); ok {
				t.Errorf("item %d, %d workers: a quoted text across a cut read piecewise", at, workers)
			}
		}
		_, err := Parse("m.yaml", data, opt)
		_, werr := parseWhole("m.yaml", data, opt)
		if err == nil || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Errorf("item %d: Parse says\n%v\nthe whole-file reader\n%v", at, err, werr)
		}
	}
}

// TestPiecesNoGoroutineLeft: however the piecewise reader ends (read,
// mistakes, a piece that does not read alone, a document it cannot cut),
// its workers are gone when it returns.
func TestPiecesNoGoroutineLeft(t *testing.T) {
	opt := pieceOpts(t)
	cases := map[string][]byte{
		"read":            listOf(200, nil),
		"mistakes":        listOf(200, map[int]string{3: "  - email: bob\n", 150: "  - nmae: x\n"}),
		"first piece bad": listOf(200, map[int]string{0: "  - email: a@spectrum.net\n    name: [\n"}),
		"last piece bad":  listOf(200, map[int]string{199: "  - email: a@spectrum.net\n    name: [\n"}),
		"middle bad":      listOf(200, map[int]string{100: "  - &a\n    email: a@spectrum.net\n"}),
		"rest bad":        append([]byte("defaults: &d\n  clients: [mutt]\n"), listOf(200, nil)...),
	}
	before := runtime.NumGoroutine()
	for name, data := range cases {
		for range 5 {
			parsePieces("m.yaml", data, opt, 100, 3)
		}
		// A worker is gone once it has returned; the runtime may count
		// it a moment longer.
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Fatalf("%s: %d goroutines, %d before:\n%s", name, n, before, buf[:runtime.Stack(buf, true)])
		}
	}
}

// TestReadAheadWindow: the workers read at most twice their number of
// pieces ahead of the ones taken, and hand them out in order.
func TestReadAheadWindow(t *testing.T) {
	data := listOf(300, nil)
	sp, ok := splitAccounts(data, 100)
	if !ok || len(sp.pieces) < 100 {
		t.Fatalf("ok %v, %d pieces", ok, len(sp.pieces))
	}
	const workers = 3
	ra := startReadAhead("m.yaml", data, sp, pieceOpts(t), workers)
	defer ra.close()
	time.Sleep(50 * time.Millisecond) // let the workers fill the window
	i := 0
	for k := range sp.pieces {
		// Past the last piece, a worker counts one more and stops.
		if n := min(int(ra.next.Load()), len(sp.pieces)); n > k+2*workers {
			t.Fatalf("%d pieces handed out with %d taken; the window is %d", n, k, 2*workers)
		}
		pp := ra.take(k)
		if !pp.ok {
			t.Fatalf("piece %d did not read", k)
		}
		for _, it := range pp.inputs {
			if want := fmt.Sprintf("user%02d@", i); it.redo || !strings.HasPrefix(it.in.email, want) {
				t.Fatalf("piece %d: got %+v, want %s...", k, it, want)
			}
			i++
		}
	}
	if i != 300 {
		t.Errorf("%d items, want 300", i)
	}
}
