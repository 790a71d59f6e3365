package tbandroid

import (
	"math"
	"math/bits"
)

// The mask choice. go-qr's, module by module, was 80% of a person's QR
// code time.
//
// ISO/IEC 18004 (7.8.3) has the encoder try the eight mask patterns and
// keep the one with the lowest penalty: N1 runs of five or more modules of
// one color in a row or column, N2 2×2 blocks of one color, N3 patterns
// that look like a finder (dark-light-dark-dark-dark-light-dark, 1:1:3:1:1,
// with four light modules on one side), N4 a dark share far from half. We
// keep that rule, scored exactly as go-qr scores it (the tests hold our
// penalty to a plain module-by-module one, and our choice and the final
// code to go-qr's own for many payloads), but fast:
//
//   - A mask flips a fixed set of modules, the same for every payload of a
//     version, and changes the 15 format bits that name it, by an amount
//     that also does not depend on the payload (the format's code is
//     linear). So the code is laid out once, with mask 0, and each other
//     mask is that code XOR a difference kept in the version's layout.
//   - The modules are packed 64 to a word, and the rules are counted on 64
//     columns (or rows) at once with AND and popcount, rather than module
//     by module.

// bestMask returns the mask with the lowest penalty, the first one on a
// tie (as go-qr), for the code drawn with mask 0, and that code's grid
// with the mask applied.
func bestMask(rows0, cols0 *grid) (int, *grid) {
	d := &layoutOf((rows0.n - 17) / 4).deltas
	best, bestScore := 0, math.MaxInt
	var rows, cols grid
	for m := range d {
		rows.xor(rows0, &d[m].rows)
		cols.xor(cols0, &d[m].cols)
		if s := penalty(&rows, &cols, bestScore); s < bestScore {
			best, bestScore = m, s
		}
	}
	rows.xor(rows0, &d[best].rows)
	return best, &rows
}

// penalty is the code's score under rules N1 to N4 (go-qr's weights: 3,
// 3, 40, 10); rows and cols are the same code and its transpose. Past
// half-way, a score already at limit or more is returned as it is: it
// cannot win.
func penalty(rows, cols *grid, limit int) int {
	n := rows.n
	s := blocks(rows) + balance(rows)
	for k := range rows.words() {
		s += lineRuns(rows.w[k][:n+2*pad], lowBits(n-64*k)) // columns
	}
	if s >= limit {
		return s
	}
	for k := range cols.words() {
		s += lineRuns(cols.w[k][:n+2*pad], lowBits(n-64*k)) // rows
	}
	return s
}

func ones(w uint64) int { return bits.OnesCount64(w) }

// lineRuns scores N1 and N3 on up to 64 lines side by side: d[pad+i] holds
// position i of every line, one bit a line, lines marks the bits in use.
func lineRuns(d []uint64, lines uint64) int {
	n := len(d) - 2*pad
	s := 0
	var prevD5, prevL5 uint64
	for i := range n {
		// w is positions i-4 to i+10 (the padding is light); dk(k) and
		// lt(k) are the lines dark and light at i+k.
		w := (*[15]uint64)(d[pad+i-4:])
		dk := func(k int) uint64 { return w[4+k] }
		lt := func(k int) uint64 { return ^w[4+k] & lines }

		// N1: a run of m >= 5 modules costs 3 + (m-5): one for each of
		// its m-4 windows of five, plus 2 for the run (its first window).
		d5 := dk(0) & dk(1) & dk(2) & dk(3) & dk(4)
		if i+5 <= n {
			l5 := lt(0) & lt(1) & lt(2) & lt(3) & lt(4)
			s += ones(d5) + ones(l5) + 2*(ones(d5&^prevD5)+ones(l5&^prevL5))
			prevD5, prevL5 = d5, l5
		}

		// N3, unit 1: dark, light, three dark, light, dark, with four
		// light modules before it, or after it; each side counts 40.
		if core := dk(0) & lt(1) & dk(2) & dk(3) & dk(4) & lt(5) & dk(6); core != 0 {
			before4 := lt(-4) & lt(-3) & lt(-2) & lt(-1)
			after4 := lt(7) & lt(8) & lt(9) & lt(10)
			s += 40 * (ones(core&before4&lt(7)) + ones(core&after4&lt(-1)))
		}

		// N3, larger units u (rare): a dark run of 3u >= 6 from i, after
		// exactly two light modules and followed by two (u = 2), or after
		// three or more and nine dark or more (u >= 3). wideFinders
		// checks the rest one line at a time.
		c := lt(-2) & lt(-1) & d5 & dk(5) & (dk(-3)&lt(6)&lt(7) | lt(-3)&dk(6)&dk(7)&dk(8))
		for ; c != 0; c &= c - 1 {
			s += 40 * wideFinders(d, i, bits.TrailingZeros64(c))
		}
	}
	return s
}

// wideFinders counts, as go-qr's N3 does, the finder-like patterns of unit
// u >= 2 whose 3u dark run starts at position q of line j: u dark, u
// light, 3u dark, u light, u dark, with 4u light modules on a side (and at
// least u on the other). Beyond the code's edge is light without end.
func wideFinders(d []uint64, q, j int) int {
	n := len(d) - 2*pad
	dark := func(i int) bool { return i >= 0 && i < n && d[pad+i]>>j&1 == 1 }
	// run is the length of the run of one color from i, stepping by step.
	run := func(i, step int, color bool) int {
		c := 0
		for ; dark(i) == color; i += step {
			if i < 0 || i >= n {
				return 2 * maxSize // light up to the edge: longer than any 4u
			}
			c++
		}
		return c
	}
	m := run(q, 1, true)
	u := m / 3
	if m%3 != 0 || run(q-1, -1, false) != u || run(q-1-u, -1, true) != u ||
		run(q+m, 1, false) != u || run(q+m+u, 1, true) != u {
		return 0
	}
	before, after := run(q-1-2*u, -1, false), run(q+m+2*u, 1, false)
	c := 0
	if before >= 4*u && after >= u {
		c++
	}
	if after >= 4*u && before >= u {
		c++
	}
	return c
}

// blocks scores N2: 3 for each 2×2 square of one color (overlapping ones
// count each).
func blocks(g *grid) int {
	n, nw := g.n, g.words()
	s := 0
	for k := range nw {
		left := lowBits(n - 1 - 64*k) // columns with a column to their right
		for y := pad; y < pad+n-1; y++ {
			a, b := g.w[k][y], g.w[k][y+1]
			var a1, b1 uint64 // the next word, whose low bit is right of a's top one
			if k+1 < nw {
				a1, b1 = g.w[k+1][y], g.w[k+1][y+1]
			}
			same := ^(a ^ b)                    // rows y and y+1 agree at x
			sameRight := same>>1 | ^(a1^b1)<<63 // ... at x+1
			flat := ^(a ^ (a>>1 | a1<<63))      // row y agrees at x and x+1
			s += 3 * ones(same&sameRight&flat&left)
		}
	}
	return s
}

// balance scores N4: 10 for each full 5% the dark share is away from 50%
// (go-qr's formula).
func balance(g *grid) int {
	dark := 0
	for k := range g.words() {
		for _, w := range g.w[k][pad : pad+g.n] {
			dark += ones(w)
		}
	}
	total := g.n * g.n
	diff := dark*20 - total*10
	if diff < 0 {
		diff = -diff
	}
	return 10 * ((diff+total-1)/total - 1)
}
