package tbandroid

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	qr "github.com/piglig/go-qr"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// refPenalty scores a grid (of an odd size, as codes are) the plain way, module by module, from the rules
// as go-qr applies them: each row and column is cut into runs, the border
// counting as light without end.
func refPenalty(g *grid) int {
	n := g.n
	s := 0
	for dir := range 2 {
		for a := range n {
			line := make([]bool, n)
			for b := range n {
				if dir == 0 {
					line[b] = g.dark(b, a) // row a
				} else {
					line[b] = g.dark(a, b) // column a
				}
			}
			s += refLine(line)
		}
	}
	for y := range n - 1 { // N2
		for x := range n - 1 {
			c := g.dark(x, y)
			if g.dark(x+1, y) == c && g.dark(x, y+1) == c && g.dark(x+1, y+1) == c {
				s += 3
			}
		}
	}
	dark := 0 // N4
	for y := range n {
		for x := range n {
			if g.dark(x, y) {
				dark++
			}
		}
	}
	k := 0 // each full 5% away from half
	for 20*dark < (10-k-1)*n*n || 20*dark > (10+k+1)*n*n {
		k++
	}
	return s + 10*k
}

// refWide counts refLine's finder-like patterns of a unit above 1, to
// tell that a test meets them.
var refWide int

// refLine scores N1 and N3 on one line.
func refLine(line []bool) int {
	type run struct {
		dark bool
		n    int  // modules in the line
		edge bool // light up to the border, which is light without end
	}
	runs := []run{{false, 0, true}}
	for _, d := range line {
		if last := &runs[len(runs)-1]; last.dark == d {
			last.n++
		} else {
			runs = append(runs, run{d, 1, false})
		}
	}
	if last := &runs[len(runs)-1]; last.dark {
		runs = append(runs, run{false, 0, true})
	} else {
		last.edge = true
	}
	s := 0
	for _, r := range runs {
		if r.n >= 5 { // N1
			s += 3 + r.n - 5
		}
	}
	atLeast := func(r run, k int) bool { return r.edge || r.n >= k }
	for j := 3; j+3 < len(runs); j++ { // N3: dark u, light u, dark 3u, light u, dark u
		u := runs[j].n / 3
		exact := func(r run) bool { return !r.edge && r.n == u }
		if !runs[j].dark || runs[j].n != 3*u || u == 0 ||
			!exact(runs[j-2]) || !exact(runs[j-1]) || !exact(runs[j+1]) || !exact(runs[j+2]) {
			continue
		}
		before, after := runs[j-3], runs[j+3]
		if atLeast(before, 4*u) && atLeast(after, u) {
			s += 40
		}
		if atLeast(after, 4*u) && atLeast(before, u) {
			s += 40
		}
		if u > 1 && (atLeast(before, 4*u) || atLeast(after, 4*u)) && atLeast(before, u) && atLeast(after, u) {
			refWide++
		}
	}
	return s
}

// gridOf makes a grid and its transpose from dark(x, y).
func gridOf(n int, dark func(x, y int) bool) (rows, cols *grid) {
	rows, cols = &grid{n: n}, &grid{n: n}
	for y := range n {
		for x := range n {
			if dark(x, y) {
				rows.set(x, y)
				cols.set(y, x)
			}
		}
	}
	return rows, cols
}

// checkPenalty requires the packed penalty to equal refPenalty.
func checkPenalty(t *testing.T, what string, rows, cols *grid) {
	t.Helper()
	if got, want := penalty(rows, cols, math.MaxInt), refPenalty(rows); got != want {
		t.Fatalf("%s: penalty %d, the plain scorer says %d", what, got, want)
	}
}

// TestPenaltyOnGrids holds the packed penalty to the plain one on grids
// that are not QR codes: random ones of every odd size from 1 to 177 modules,
// and ones drawn in blocks of 2 to 6 modules, which make the finder-like
// patterns of larger units (u light, 3u dark...) that codes rarely have,
// at the edges too.
func TestPenaltyOnGrids(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	wide := 0
	for i := range 600 {
		n := 1 + 2*r.IntN(maxSize/2+1) // odd, as every QR code, whose dark share is never exactly half
		u := 1
		if i%2 == 1 {
			u = 2 + r.IntN(5)
		}
		density := []float64{0.5, 0.2, 0.8}[i%3]
		cells := make([]bool, (n/u+1)*(n/u+1))
		for c := range cells {
			cells[c] = r.Float64() < density
		}
		rows, cols := gridOf(n, func(x, y int) bool { return cells[(y/u)*(n/u+1)+x/u] })
		before := refWide
		checkPenalty(t, fmt.Sprintf("random grid of %d, unit %d", n, u), rows, cols)
		if refWide > before {
			wide++
		}
	}
	if wide < 20 {
		t.Fatalf("only %d grids had finder-like patterns of a unit above 1: the test does not test them", wide)
	}
}

// TestHandMadeFinders: single lines, scored by hand (N1 and N3 only).
func TestHandMadeFinders(t *testing.T) {
	for _, tc := range []struct {
		line string // '#' dark
		want int
	}{
		{"#.###.#", 80},                                // the border is light: 4 or more on both sides
		{"....#.###.#....", 80},                        // light runs of 4 are no N1
		{"#....#.###.#.#", 40},                         // 4 light before, 1 after
		{"#...#.###.#...#", 0},                         // 3 light on each side
		{"#.###.#.#.###.#", 80},                        // two patterns, each with the border on one side
		{"##.###.#", 0},                                // 2:1:3:1:1
		{"##..######..##", 80 + 4},                     // unit 2, and the run of 6 (N1: 3+1)
		{"#.##..######..##", 4},                        // unit 2, but 1 light before
		{"#..##..######..##", 40 + 4},                  // unit 2, 2 light before, the border after
		{".........###...#########...###", 80 + 7 + 7}, // unit 3; N1: 9 light, 9 dark
		{"#.#.#.#.#.#.#.#.#.#.#", 0},
		{"######", 4},
	} {
		n := len(tc.line)
		d := make([]uint64, n+2*pad) // one line: bit 0
		var line []bool
		for x, c := range tc.line {
			if c == '#' {
				d[pad+x] = 1
			}
			line = append(line, c == '#')
		}
		if got := lineRuns(d, 1); got != tc.want {
			t.Errorf("%q: lineRuns %d, want %d", tc.line, got, tc.want)
		}
		if got := refLine(line); got != tc.want {
			t.Errorf("%q: refLine %d, want %d", tc.line, got, tc.want)
		}
	}
}

// sameAsGoQR requires encode's code to be go-qr's own, module for module:
// the same version, error correction, data, and mask.
func sameAsGoQR(t *testing.T, p []byte) {
	t.Helper()
	want, err := qr.EncodeBinary(p, qr.Medium)
	got, gerr := encode(p)
	if err != nil || gerr != nil {
		if (err == nil) != (gerr == nil) {
			t.Fatalf("%d bytes: go-qr says %v, encode says %v", len(p), err, gerr)
		}
		return
	}
	if got.n != want.Size() {
		t.Fatalf("%d bytes: %d modules, go-qr made %d", len(p), got.n, want.Size())
	}
	for y := range got.n {
		for x := range got.n {
			if got.dark(x, y) != want.Module(x, y) {
				t.Fatalf("%d bytes %q: module (%d,%d) differs from go-qr's code", len(p), p, x, y)
			}
		}
	}
}

// TestMaskAsGoQR: for the real payloads, random ones of every length up
// to MaxPayload, and regular ones (which make long runs and finder-like
// patterns), the code is go-qr's own, mask included; and the packed
// penalty of every mask of them equals the plain scorer's.
func TestMaskAsGoQR(t *testing.T) {
	var payloads [][]byte
	all := accounts(t)
	for _, name := range hostileNames(t) {
		a := all[0]
		a.Name = name
		all = append(all, a)
	}
	for _, a := range all {
		payloads = append(payloads, mustPayload(t, a))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 450 {
		size := MaxPayload
		if i%3 > 0 {
			size = 60 // small codes, where two masks often tie
		}
		p := make([]byte, r.IntN(size+1))
		for i := range p {
			p[i] = byte(r.Uint32())
		}
		payloads = append(payloads, p)
	}
	for _, n := range []int{1, 7, 30, 100, 185, 400, MaxPayload} {
		for _, b := range []byte{0, 0xff, '[', 0x0f, 0xaa} {
			payloads = append(payloads, bytes.Repeat([]byte{b}, n))
		}
	}
	masks := map[int]int{}
	ties := 0 // codes where two masks share the lowest penalty: go-qr takes the first
	for _, p := range payloads {
		sameAsGoQR(t, p)
		v, l, err := chooseVersion(len(p))
		if err != nil {
			t.Fatal(err)
		}
		rows0, cols0 := layOut(p, v, l)
		d := &layoutOf(v).deltas
		var rows, cols grid
		var scores []int
		for m := range d {
			rows.xor(rows0, &d[m].rows)
			cols.xor(cols0, &d[m].cols)
			checkPenalty(t, fmt.Sprintf("%d bytes, mask %d", len(p), m), &rows, &cols)
			scores = append(scores, penalty(&rows, &cols, math.MaxInt))
		}
		best, _ := bestMask(rows0, cols0)
		masks[best]++
		lowest := slices.Min(scores)
		if len(slices.DeleteFunc(scores, func(s int) bool { return s != lowest })) > 1 {
			ties++
		}
	}
	if len(masks) < 8 || ties < 3 {
		t.Errorf("the payloads chose masks %v, with %d ties: too few to tell a wrong choice", masks, ties)
	}
}

// TestLayOutAsGoQR: for every version, level and mask, the code laid out
// here, with the mask's delta applied, is go-qr's code of the same payload
// in that version, level and mask, rows and columns.
func TestLayOutAsGoQR(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	eccs := []qr.Ecc{levelL: qr.Low, levelM: qr.Medium, levelQ: qr.Quartile, levelH: qr.High}
	for v := 1; v <= 40; v++ {
		if got, want := dataModules(v), len(layoutOf(v).path); got != want {
			t.Fatalf("version %d: dataModules %d, the layout has %d", v, got, want)
		}
		for l := levelL; l <= levelH; l++ {
			p := make([]byte, r.IntN((8*dataCapacity(v, l)-byteSegmentBits(v, 0))/8+1))
			for i := range p {
				p[i] = byte(r.Uint32())
			}
			rows0, cols0 := layOut(p, v, l)
			if *cols0 != *rows0.transpose() {
				t.Fatalf("version %d: the columns are not the rows transposed", v)
			}
			seg, _ := qr.MakeBytes(p)
			for m := range 8 {
				c, err := qr.EncodeSegments([]*qr.QrSegment{seg}, eccs[l], v, v, m, false)
				if err != nil {
					t.Fatalf("version %d, %d bytes: %v", v, len(p), err)
				}
				var g, gT grid
				g.xor(rows0, &layoutOf(v).deltas[m].rows)
				gT.xor(cols0, &layoutOf(v).deltas[m].cols)
				want := fromCode(c)
				if g != *want || gT != *want.transpose() {
					t.Fatalf("version %d, level %d, mask %d, %d bytes: not go-qr's code", v, l, m, len(p))
				}
			}
		}
	}
}

// fromCode reads go-qr's code into a grid.
func fromCode(c *qr.QrCode) *grid {
	g := &grid{n: c.Size()}
	for y := range g.n {
		for x := range g.n {
			if c.Module(x, y) {
				g.set(x, y)
			}
		}
	}
	return g
}

// FuzzMask: any payload's code is go-qr's own, mask included.
func FuzzMask(f *testing.F) {
	f.Add(mustPayload(f, fixture.Example(f, "thunderbird-android")[0]))
	f.Add(bytes.Repeat([]byte{'['}, 300))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		if len(p) > MaxPayload {
			p = p[:MaxPayload]
		}
		sameAsGoQR(t, p)
	})
}

// FuzzPenalty: the packed penalty equals the plain one on any grid, drawn
// from the fuzzer's bytes in blocks of unit modules.
func FuzzPenalty(f *testing.F) {
	f.Add(uint8(21), uint8(1), []byte("#.###.#"))
	f.Add(uint8(70), uint8(2), bytes.Repeat([]byte{0x5c, 0xd3, 0x01}, 30))
	f.Add(uint8(177), uint8(3), []byte{0xff, 0, 0xaa})
	f.Fuzz(func(t *testing.T, size, unit uint8, bits []byte) {
		n := 1 + 2*(int(size)%(maxSize/2+1)) // odd, as every QR code
		u := 1 + int(unit)%8
		if len(bits) == 0 {
			bits = []byte{0}
		}
		side := n/u + 1
		rows, cols := gridOf(n, func(x, y int) bool {
			i := (y/u)*side + x/u
			return bits[i/8%len(bits)]>>(i%8)&1 == 1
		})
		checkPenalty(t, fmt.Sprintf("%d modules, unit %d", n, u), rows, cols)
	})
}
