package tbandroid

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync"
)

// size is the width of the image in modules, quiet zone included.
func (m *matrix) size() int { return m.n + 2*quietZone }

// modulePairs is the PNG byte of two modules side by side at 4 pixels a
// module (1 is white), by their two bits in a grid word (1 is dark): the
// first module is the low bit and the high nibble.
var modulePairs = [4]byte{0xff, 0x0f, 0xf0, 0x00}

// PNG draws m as a PNG: one-bit grayscale, pngScale pixels a module,
// black on white. It is written here rather than with image/png, whose
// generic path for one-bit images took twice as long as making the QR code
// itself; image/png and zbarimg read it back in the tests.
//
// Each module row is pngScale identical pixel rows: the first is written
// as it is (filter 0, none), the others with filter 2 ("up": the
// difference from the row above), all zero bytes, which deflate shrinks to
// almost nothing, fast.
func (m *matrix) PNG() ([]byte, error) {
	n := m.size() * pngScale
	rowBytes := (n + 7) / 8
	raw := make([]byte, 0, (1+rowBytes)*n)
	for y := -quietZone; y < m.n+quietZone; y++ {
		raw = append(raw, 0) // filter: none
		row := len(raw)
		for range rowBytes {
			raw = append(raw, 0xff)
		}
		if y >= 0 && y < m.n {
			// Two modules a byte; the quiet zone is an even number of
			// modules, so the code starts on a byte.
			for x := 0; x < m.n; x += 2 {
				raw[row+(quietZone+x)/2] = modulePairs[m.w[x/64][pad+y]>>(x%64)&3]
			}
		}
		for range pngScale - 1 {
			raw = append(raw, 2) // filter: up
			raw = append(raw, make([]byte, rowBytes)...)
		}
	}
	var b bytes.Buffer
	b.Grow(len(raw)/8 + 128)
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(n))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(n))
	ihdr[8] = 1 // bit depth; color type 0 (grayscale), deflate, filter 0, no interlace
	writeChunk(&b, "IHDR", ihdr)
	var idat bytes.Buffer
	z := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(z)
	z.Reset(&idat)
	if _, err := z.Write(raw); err != nil {
		return nil, fmt.Errorf("writing the PNG: %w", err)
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("writing the PNG: %w", err)
	}
	writeChunk(&b, "IDAT", idat.Bytes())
	writeChunk(&b, "IEND", nil)
	return b.Bytes(), nil
}

// zlibWriters keeps deflate's state (hundreds of kB of tables) between
// codes: making it anew for each person cost as much as the rest of the PNG.
var zlibWriters = sync.Pool{New: func() any {
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return z
}}

// writeChunk appends a PNG chunk: length, type, data, CRC of type and data.
func writeChunk(b *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	b.WriteString(kind)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc32.Update(crc32.ChecksumIEEE([]byte(kind)), crc32.IEEETable, data))
	b.Write(n[:])
}
