package tbandroid

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"

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

// PNG draws m as a two-color PNG: pngScale pixels a module, black on white.
func (m matrix) PNG() ([]byte, error) {
	n := m.size() * pngScale
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for py := (y + quietZone) * pngScale; py < (y+quietZone+1)*pngScale; py++ {
				off := img.PixOffset((x+quietZone)*pngScale, py)
				for i := range pngScale {
					img.Pix[off+i] = 1
				}
			}
		}
	}
	var b bytes.Buffer
	// BestSpeed: a one-bit image of large squares compresses well at any
	// level, and BestCompression took ten times as long.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("writing the PNG: %w", err)
	}
	return b.Bytes(), nil
}

// SVG draws m as an SVG: one module per user unit, a white square behind
// one path of the dark runs of each row, crisp edges so that scaling it
// never blurs modules together.
func (m matrix) SVG() []byte {
	n := strconv.Itoa(m.size())
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ` + n + " " + n +
		`" width="` + strconv.Itoa(m.size()*pngScale) + `" height="` + strconv.Itoa(m.size()*pngScale) + `" shape-rendering="crispEdges">` + "\n")
	b.WriteString(`<rect width="` + n + `" height="` + n + `" fill="#ffffff"/>` + "\n")
	b.WriteString(`<path fill="#000000" d="`)
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start+quietZone, y+quietZone, x-start, x-start)
		}
	}
	b.WriteString(`"/>` + "\n</svg>\n")
	return b.Bytes()
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
