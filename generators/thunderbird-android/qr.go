package tbandroid

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// Rendering choices, for a code that phone cameras read from a screen or
// from paper:
//   - byte mode holding the UTF-8 bytes (no ECI: the app's reader decodes
//     byte segments as UTF-8 by its own setting);
//   - error correction M (15%): sturdier than Thunderbird desktop's L on
//     a printed, folded or glossy page, and MaxPayload still fits in
//     version 23 (109 modules);
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
	qr, err := qrcode.NewWith(payload,
		qrcode.WithEncodingMode(qrcode.EncModeByte),
		qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("encoding the QR code: %w", err)
	}
	var w captureWriter
	if err := qr.Save(&w); err != nil {
		return nil, fmt.Errorf("encoding the QR code: %w", err)
	}
	if len(w.m) == 0 || len(w.m) != len(w.m[0]) {
		return nil, fmt.Errorf("encoding the QR code: the library returned a %d-row matrix", len(w.m))
	}
	return w.m, nil
}

// captureWriter keeps the library's matrix; the images are drawn here, so
// their colors, quiet zone and bytes are ours to decide.
type captureWriter struct{ m matrix }

func (c *captureWriter) Write(mat qrcode.Matrix) error { c.m = mat.Bitmap(); return nil }
func (c *captureWriter) Close() error                  { return nil }

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
	enc := png.Encoder{CompressionLevel: png.BestCompression}
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
