package tbandroid

import "math/bits"

// pad is how many light modules each line of a grid has beyond each end:
// N3 counts the light border outside the code as light modules, and
// lineRuns looks up to 10 modules ahead.
const pad = 11

// maxSize is the width of the largest code, version 40.
const maxSize = 17 + 4*40

// grid is an n×n code packed 64 modules to a word: w[k][pad+i] holds
// modules 64k to 64k+63 of row i, one bit each, 1 for dark; the entries of
// the padding are 0 (light). Walking i down a grid meets each column's
// modules in order, so the column rules are counted on 64 columns at once;
// the transposed grid does the same for the rows.
type grid struct {
	n int
	w [(maxSize + 63) / 64][maxSize + 2*pad]uint64
}

// words is how many words a row of g takes.
func (g *grid) words() int { return (g.n + 63) / 64 }

// dark reports whether the module at column x of row y is dark.
func (g *grid) dark(x, y int) bool { return g.w[x/64][pad+y]>>(x%64)&1 == 1 }

// set makes the module at column x of row y dark.
func (g *grid) set(x, y int) { g.w[x/64][pad+y] |= 1 << (x % 64) }

// xor makes g a XOR b, both n×n.
func (g *grid) xor(a, b *grid) {
	g.n = a.n
	for k := range a.words() {
		for i := pad; i < pad+a.n; i++ {
			g.w[k][i] = a.w[k][i] ^ b.w[k][i]
		}
	}
}

// put makes the module at column x of row y dark or light.
func (g *grid) put(x, y int, dark bool) {
	g.w[x/64][pad+y] &^= 1 << (x % 64)
	if dark {
		g.set(x, y)
	}
}

// transpose returns g with rows and columns swapped.
func (g *grid) transpose() *grid {
	t := &grid{n: g.n}
	for y := range g.n {
		for k := range g.words() {
			for w := g.w[k][pad+y]; w != 0; w &= w - 1 {
				t.set(y, 64*k+bits.TrailingZeros64(w))
			}
		}
	}
	return t
}

// lowBits is a word whose c lowest bits are set (none if c <= 0).
func lowBits(c int) uint64 {
	if c >= 64 {
		return ^uint64(0)
	}
	if c <= 0 {
		return 0
	}
	return 1<<c - 1
}
