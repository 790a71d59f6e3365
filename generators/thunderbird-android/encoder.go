package tbandroid

import (
	"fmt"
	"sync"
)

// A QR code encoder for one byte segment (ISO/IEC 18004), written here
// because go-qr, even told the mask, took most of a person's time in a
// bulk run: it works module by module on [][]bool. This one keeps what
// every code of a version shares (the function patterns, the path the data
// takes, the masks) in a layout made once per version, so a code is its
// codewords dropped along that path into a packed grid. The tests hold it,
// module for module, to go-qr's code for every version, level and mask.

// level is an error correction level, L, M, Q or H.
type level int

const (
	levelL level = iota
	levelM
	levelQ
	levelH
)

// formatBits is how the format information names each level.
var formatBits = [...]int{levelL: 1, levelM: 0, levelQ: 3, levelH: 2}

// eccPerBlock and eccBlocks are, by level and version (1 to 40), the error
// correction codewords of each block and the number of blocks (ISO/IEC
// 18004, table 9).
var eccPerBlock = [4][41]int{
	{0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
	{0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
}

var eccBlocks = [4][41]int{
	{0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
	{0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
	{0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
	{0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
}

// layout is what every code of one version shares.
type layout struct {
	fixed  grid     // the function patterns, format information light
	path   []uint16 // the data modules in the order the codewords fill them, x<<8 | y
	mask0  grid     // the modules mask 0 flips: the data modules with (x+y) even
	deltas [8]maskDelta
}

// maskDelta is what turns the code drawn with mask 0 into the code drawn
// with another mask, as a grid and its transpose: the data modules that
// one mask flips and the other does not, and the format bits that differ.
type maskDelta struct{ rows, cols grid }

var layouts [41]struct {
	once sync.Once
	l    *layout
}

// layoutOf returns version v's layout, made on first use.
func layoutOf(v int) *layout {
	e := &layouts[v]
	e.once.Do(func() { e.l = newLayout(v) })
	return e.l
}

func newLayout(v int) *layout {
	n := 17 + 4*v
	l := &layout{}
	l.fixed.n, l.mask0.n = n, n
	var function grid // the modules that hold no data
	function.n = n
	draw := func(x, y int, dark bool) {
		function.set(x, y)
		l.fixed.put(x, y, dark)
	}
	for i := range n { // timing patterns
		draw(6, i, i%2 == 0)
		draw(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {n - 4, 3}, {3, n - 4}} { // finder patterns and their light separators
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				if x, y := c[0]+dx, c[1]+dy; x >= 0 && x < n && y >= 0 && y < n {
					d := max(abs(dx), abs(dy))
					draw(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	align := alignmentCenters(v)
	for i, cx := range align {
		for j, cy := range align {
			last := len(align) - 1
			if i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0 {
				continue // on a finder pattern
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					draw(cx+dx, cy+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	for _, p := range formatModules(n) { // format information: set per code
		draw(p[0], p[1], false)
	}
	draw(8, n-8, true) // the dark module
	if v >= 7 {        // version information: 6 bits and a BCH(18,6) remainder, twice
		rem := v
		for range 12 {
			rem = rem<<1 ^ (rem>>11)*0x1f25
		}
		bits := v<<12 | rem
		for i := range 18 {
			a, b := n-11+i%3, i/3
			draw(a, b, bits>>i&1 == 1)
			draw(b, a, bits>>i&1 == 1)
		}
	}

	// The path: two-module columns from the right, up and down in turn,
	// stepping over the vertical timing pattern.
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		up := (right+1)&2 == 0
		for vert := range n {
			y := vert
			if up {
				y = n - 1 - vert
			}
			for x := right; x >= right-1; x-- {
				if !function.dark(x, y) {
					l.path = append(l.path, uint16(x<<8|y))
				}
			}
		}
	}

	// The masks, as deltas from mask 0. A mask's format bits differ from
	// mask 0's by the same bits whatever the level: the format's code is
	// linear.
	var masks [8]grid
	for m := range masks {
		masks[m].n = n
		for _, p := range l.path {
			if x, y := int(p>>8), int(p&0xff); maskFlips(m, x, y) {
				masks[m].set(x, y)
			}
		}
	}
	l.mask0 = masks[0]
	for m := range l.deltas {
		var d grid
		d.xor(&masks[m], &masks[0])
		f := format(levelL, m) ^ format(levelL, 0)
		for i, p := range formatModules(n) {
			d.put(p[0], p[1], f>>(i%15)&1 == 1)
		}
		l.deltas[m].rows = d
		l.deltas[m].cols = *d.transpose()
	}
	return l
}

// alignmentCenters returns the rows (and columns) of version v's alignment
// patterns' centers: 6, the last at size-7, evenly spaced between (by an
// even step, 26 in version 32).
func alignmentCenters(v int) []int {
	if v == 1 {
		return nil
	}
	k := v/7 + 2
	step := (v*4 + k*2 + 1) / (k*2 - 2) * 2
	if v == 32 {
		step = 26
	}
	c := make([]int, k)
	c[0] = 6
	for i, p := k-1, 17+4*v-7; i >= 1; i, p = i-1, p-step {
		c[i] = p
	}
	return c
}

// formatModules returns where the format information's 15 bits go, bit 0
// first, and then again for the second copy.
func formatModules(n int) [][2]int {
	var p [][2]int
	for i := range 15 {
		switch {
		case i < 6:
			p = append(p, [2]int{8, i})
		case i < 8:
			p = append(p, [2]int{8, i + 1}) // past the timing pattern
		case i == 8:
			p = append(p, [2]int{7, 8})
		default:
			p = append(p, [2]int{14 - i, 8})
		}
	}
	for i := range 15 {
		if i < 8 {
			p = append(p, [2]int{n - 1 - i, 8})
		} else {
			p = append(p, [2]int{8, n - 15 + i})
		}
	}
	return p
}

// format returns the format information of a level and mask: 5 bits and a
// BCH(15,5) remainder, XOR 101010000010010.
func format(l level, mask int) int {
	data := formatBits[l]<<3 | mask
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	return (data<<10 | rem) ^ 0x5412
}

// maskFlips reports whether mask m flips the data module at (x, y).
func maskFlips(m, x, y int) bool {
	switch m {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// dataModules is how many modules of a version-v code hold codewords: all
// but the function patterns (finders with separators and format
// information, timing, alignment, version information, the dark module).
func dataModules(v int) int {
	n := 17 + 4*v
	m := n*n - 3*8*8 - 2*15 - 1 - 2*(n-16)
	if v >= 2 {
		k := v/7 + 2 // alignment centers a side; three are on finders
		m -= (k*k-3)*25 - 2*(k-2)*5
	}
	if v >= 7 {
		m -= 2 * 18
	}
	return m
}

// dataCapacity is how many data codewords a code of version v holds at
// level l.
func dataCapacity(v int, l level) int {
	return dataModules(v)/8 - eccPerBlock[l][v]*eccBlocks[l][v]
}

// byteSegmentBits is the length of one byte segment of n bytes in version
// v: mode, count (8 bits up to version 9, 16 after), data.
func byteSegmentBits(v, n int) int {
	if v <= 9 {
		return 4 + 8 + 8*n
	}
	return 4 + 16 + 8*n
}

// chooseVersion returns the smallest version whose codes hold payload at
// level M, and the highest level that still holds it in that version (as
// go-qr's EncodeBinary does).
func chooseVersion(n int) (int, level, error) {
	for v := 1; v <= 40; v++ {
		if byteSegmentBits(v, n) <= 8*dataCapacity(v, levelM) {
			l := levelM
			for _, up := range []level{levelQ, levelH} {
				if byteSegmentBits(v, n) <= 8*dataCapacity(v, up) {
					l = up
				}
			}
			return v, l, nil
		}
	}
	return 0, 0, fmt.Errorf("%d bytes do not fit in a QR code", n)
}

// layOut returns the code of payload in version v at level l drawn with
// mask 0, and its transpose.
func layOut(payload []byte, v int, l level) (rows, cols *grid) {
	lay := layoutOf(v)
	// The data codewords: mode 0100 (bytes), count, bytes, up to four 0
	// bits, then the pad bytes 11101100 and 00010001 in turn.
	data := make([]byte, 0, dataCapacity(v, l))
	if v <= 9 {
		data = append(data, 0x40|byte(len(payload)>>4), byte(len(payload))<<4)
	} else {
		data = append(data, 0x40|byte(len(payload)>>12), byte(len(payload)>>4), byte(len(payload))<<4)
	}
	for _, b := range payload { // each byte straddles two codewords, after the 4-bit mode
		data[len(data)-1] |= b >> 4
		data = append(data, b<<4)
	}
	// The last byte's 4 bits left are the terminator.
	for pad := byte(0xec); len(data) < cap(data); pad ^= 0xec ^ 0x11 {
		data = append(data, pad)
	}
	codewords := interleave(data, v, l)

	rows = new(grid)
	*rows = lay.fixed
	for i, p := range lay.path[:8*len(codewords)] {
		if codewords[i/8]>>(7-i%8)&1 == 1 {
			rows.set(int(p>>8), int(p&0xff))
		}
	}
	rows.xor(rows, &lay.mask0)
	f := format(l, 0)
	for i, p := range formatModules(rows.n) {
		rows.put(p[0], p[1], f>>(i%15)&1 == 1)
	}
	return rows, rows.transpose()
}

// interleave splits the data codewords into blocks, adds each block's
// Reed-Solomon codewords, and interleaves them: the first codeword of
// each block, then the second... the error correction likewise.
func interleave(data []byte, v int, l level) []byte {
	nb, ne := eccBlocks[l][v], eccPerBlock[l][v]
	total := dataModules(v) / 8
	short := nb - total%nb     // blocks of total/nb codewords; the others have one data codeword more
	shortData := total/nb - ne // data codewords of a short block
	divisor := rsDivisors[ne]
	blocks := make([][]byte, nb)
	ecc := make([][]byte, nb)
	for i, k := 0, 0; i < nb; i++ {
		size := shortData
		if i >= short {
			size++
		}
		blocks[i] = data[k : k+size]
		ecc[i] = rsRemainder(blocks[i], divisor)
		k += size
	}
	out := make([]byte, 0, total)
	for i := range shortData + 1 {
		for _, b := range blocks {
			if i < len(b) {
				out = append(out, b[i])
			}
		}
	}
	for i := range ne {
		for _, e := range ecc {
			out = append(out, e[i])
		}
	}
	return out
}
