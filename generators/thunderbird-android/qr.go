package tbandroid

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync"

	qr "github.com/piglig/go-qr"
)

// Rendering choices, for a code that phone cameras read from a screen or
// from paper:
//   - byte mode holding the UTF-8 bytes (no ECI: the app's reader decodes
//     byte segments as UTF-8 by its own setting);
//   - error correction M (15%) at least: sturdier than Thunderbird
//     desktop's L on a printed, folded or glossy page, and MaxPayload
//     still fits in version 23 (109 modules). The library raises it to Q
//     or H when that fits in the same size;
//   - dark modules on white with the 4-module quiet zone the standard
//     asks for: inverted (light on dark) codes are a known cause of
//     silent failures in phone scanners.
const (
	quietZone = 4 // modules of white around the code
	pngScale  = 8 // pixels per module in the PNG
)

// matrix is a QR code's modules, [y][x], true for dark.
type matrix [][]bool

// encode returns the QR code of payload.
func encode(payload []byte) (matrix, error) {
	code, err := qr.EncodeBinary(payload, qr.Medium)
	if err != nil {
		return nil, fmt.Errorf("encoding the QR code: %w", err)
	}
	n := code.Size()
	m := make(matrix, n)
	for y := range m {
		m[y] = make([]bool, n)
		for x := range m[y] {
			m[y][x] = code.Module(x, y)
		}
	}
	return m, nil
}

// size is the width of the image in modules, quiet zone included.
func (m matrix) size() int { return len(m) + 2*quietZone }

// PNG draws m as a PNG: one-bit grayscale, pngScale pixels a module,
// black on white. It is written here rather than with image/png, whose
// generic path for one-bit images took twice as long as making the QR code
// itself; image/png and zbarimg read it back in the tests.
func (m matrix) PNG() ([]byte, error) {
	n := m.size() * pngScale
	rowBytes := (n + 7) / 8
	// The image data: every pixel row is a filter byte (0, none) and the
	// row's bits, 1 for white; each module row repeats pngScale times.
	var raw bytes.Buffer
	raw.Grow((1 + rowBytes) * n)
	row := make([]byte, 1+rowBytes)
	for y := -quietZone; y < len(m)+quietZone; y++ {
		for i := 1; i < len(row); i++ {
			row[i] = 0xff
		}
		if y >= 0 && y < len(m) {
			for x, dark := range m[y] {
				if !dark {
					continue
				}
				for px := (x + quietZone) * pngScale; px < (x+quietZone+1)*pngScale; px++ {
					row[1+px/8] &^= 0x80 >> (px % 8)
				}
			}
		}
		for range pngScale {
			raw.Write(row)
		}
	}
	var idat bytes.Buffer
	z := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(z)
	z.Reset(&idat)
	if _, err := z.Write(raw.Bytes()); err != nil {
		return nil, fmt.Errorf("writing the PNG: %w", err)
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("writing the PNG: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(n))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(n))
	ihdr[8] = 1 // bit depth; color type 0 (grayscale), deflate, filter 0, no interlace
	writeChunk(&b, "IHDR", ihdr)
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
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	b.WriteString(kind)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}

// byteCapacityM is how many bytes a code of each version (1 to 40) holds
// in byte mode at error correction M (ISO/IEC 18004, table 7). A test
// holds it to the encoder for every payload size up to MaxPayload.
var byteCapacityM = [...]int{
	14, 26, 42, 62, 84, 106, 122, 152, 180, 213,
	251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
	711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370,
	1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
}

// codeSize returns the width in modules of the code of an n-byte payload,
// without encoding it: the README needs only the size.
func codeSize(n int) int {
	for i, c := range byteCapacityM {
		if n <= c {
			return 17 + 4*(i+1)
		}
	}
	return 0
}
