package tbandroid

import (
	"encoding/binary"
	"hash/crc32"
	"math/bits"
)

// size is the width of the image in modules, quiet zone included.
func (g *grid) size() int { return g.n + 2*quietZone }

// modulePairs is the PNG byte of two modules side by side at 4 pixels a
// module (1 is white), by their two bits in a grid word (1 is dark): the
// first module is the low bit and the high nibble.
var modulePairs = [4]byte{0xff, 0x0f, 0xf0, 0x00}

// PNG draws g as a PNG: one-bit grayscale, pngScale pixels a module,
// black on white. image/png and zbarimg read it back in the tests.
//
// It is written here rather than with image/png or compress/zlib, which
// took longer than making the code: an image of a QR code is module rows,
// each pngScale identical pixel rows, and many alike. rowDeflater writes
// each new pixel row byte by byte and every repeat of the row before as
// one back-reference, in a few microseconds, about 2 kB for a typical code.
func (g *grid) PNG() []byte {
	n := g.size() * pngScale // pixels a side
	line := make([]byte, 1+(n+7)/8)
	var z rowDeflater
	z.out.bytes = make([]byte, 0, 64+g.size()*len(line)*9/8) // every module row's first pixel row as literals
	for y := -quietZone; y < g.n+quietZone; y++ {
		line[0] = 0 // filter: none
		for i := 1; i < len(line); i++ {
			line[i] = 0xff
		}
		if y >= 0 && y < g.n {
			// Two modules a byte; the quiet zone is an even number of
			// modules, so the code starts on a byte.
			for x := 0; x < g.n; x += 2 {
				line[1+(quietZone+x)/2] = modulePairs[g.w[x/64][pad+y]>>(x%64)&3]
			}
		}
		for range pngScale {
			z.row(line)
		}
	}
	idat := z.finish()
	b := make([]byte, 0, len(idat)+64)
	b = append(b, "\x89PNG\r\n\x1a\n"...)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(n))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(n))
	ihdr[8] = 1 // bit depth; color type 0 (grayscale), deflate, filter 0, no interlace
	b = appendChunk(b, "IHDR", ihdr)
	b = appendChunk(b, "IDAT", idat)
	return appendChunk(b, "IEND", nil)
}

// appendChunk appends a PNG chunk: length, type, data, CRC of type and data.
func appendChunk(b []byte, kind string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, kind...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// rowDeflater writes equal-length rows as a zlib stream (RFC 1950) of one
// deflate block with the fixed Huffman codes (RFC 1951, 3.2.6): a row
// unlike the one before is literal bytes, and a run of rows like the one
// before is one copy of it, made from a back-reference a row long.
type rowDeflater struct {
	out     bitWriter
	last    []byte // the last row written
	repeats int    // rows like last, not written yet
	a, b    uint32 // the Adler-32 of the rows so far
	sum     uint32 // what last adds to a (its bytes' sum),
	weight  uint32 // and what it adds to b, besides len(last)·a
}

// row adds one row.
func (z *rowDeflater) row(r []byte) {
	if z.last == nil {
		z.out.bytes = append(z.out.bytes, 0x78, 0x01) // deflate, 32 kB window; no dictionary
		z.out.bits(1, 1)                              // the last block,
		z.out.bits(1, 2)                              // with fixed codes
		z.a = 1
	}
	if z.last == nil || string(r) != string(z.last) {
		z.flush()
		z.last = append(z.last[:0], r...)
		z.sum, z.weight = 0, 0
		for i, c := range r {
			z.out.literal(c)
			z.sum += uint32(c)
			z.weight += uint32(len(r)-i) * uint32(c)
		}
	} else {
		z.repeats++
	}
	// Adler-32 adds each byte to a, and then a to b: for the whole row,
	// its sum to a, and len(r)·a + Σ (len(r)-i)·r[i] to b.
	const mod = 65521
	z.a, z.b = (z.a+z.sum)%mod, (z.b+uint32(len(r))*z.a+z.weight)%mod
}

// flush writes the pending repeats of the last row: copies of the bytes
// one row back, up to 258 at a time (and never fewer than 3).
func (z *rowDeflater) flush() {
	left := z.repeats * len(z.last)
	z.repeats = 0
	for left > 0 {
		n := min(left, 258)
		if left-n > 0 && left-n < 3 {
			n = left - 3
		}
		left -= n
		i := codeOf(lengthBase[:], n)
		if code := 257 + i; code < 280 {
			z.out.code(uint32(code-256), 7)
		} else {
			z.out.code(uint32(0xc0+code-280), 8)
		}
		z.out.bits(uint64(n-lengthBase[i]), lengthExtra[i])
		d := len(z.last)
		i = codeOf(distBase[:], d)
		z.out.code(uint32(i), 5)
		z.out.bits(uint64(d-distBase[i]), distExtra[i])
	}
}

// finish ends the block and the stream, and returns it.
func (z *rowDeflater) finish() []byte {
	z.flush()
	z.out.code(0, 7) // end of block (256)
	z.out.flush()
	return binary.BigEndian.AppendUint32(z.out.bytes, z.b<<16|z.a)
}

// The deflate codes of copy lengths (257 + index) and of distances
// (index), by the smallest length or distance each stands for, and the
// number of extra bits that tell the rest (RFC 1951, 3.2.5).
var (
	lengthBase  = [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [...]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [...]uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// codeOf returns the index of the last base that is at most v.
func codeOf(base []int, v int) int {
	i := len(base) - 1
	for base[i] > v {
		i--
	}
	return i
}

// bitWriter packs bits into bytes, least significant bit first (RFC 1951,
// 3.1.1).
type bitWriter struct {
	bytes []byte
	acc   uint64
	n     uint // bits in acc
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	if w.n >= 32 {
		w.bytes = binary.LittleEndian.AppendUint32(w.bytes, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

// code writes a Huffman code of n bits, which go most significant first.
func (w *bitWriter) code(c uint32, n uint) {
	w.bits(uint64(bits.Reverse32(c)>>(32-n)), n)
}

// literal writes byte c with its fixed code.
func (w *bitWriter) literal(c byte) {
	l := fixedLiterals[c]
	w.bits(l.code, l.n)
}

// fixedLiterals is the fixed code of each byte, reversed as bits writes it.
var fixedLiterals = func() (t [256]struct {
	code uint64
	n    uint
}) {
	for c := range t {
		code, n := 0x30+c, uint(8) // bytes 0 to 143: 00110000 to 10111111
		if c >= 144 {
			code, n = 0x190+c-144, 9 // 144 to 255: 110010000 to 111111111
		}
		t[c].code, t[c].n = uint64(bits.Reverse32(uint32(code))>>(32-n)), n
	}
	return t
}()

// flush writes the bits left, padded to a whole byte.
func (w *bitWriter) flush() {
	for w.n > 0 {
		w.bytes = append(w.bytes, byte(w.acc))
		w.acc >>= 8
		w.n -= min(w.n, 8)
	}
}
