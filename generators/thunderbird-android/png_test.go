package tbandroid

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"testing"
)

// TestPNGStream reads the PNG's bytes with the standard library's zlib
// reader, which checks the Adler-32 sum that image/png does not read: the
// chunks' lengths and CRCs, the header, and every pixel row, on grids of
// every odd size up to a version 40 code's, random, blank and black.
func TestPNGStream(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 300 {
		n := 1 + 2*r.IntN(maxSize/2+1)
		g := &grid{n: n}
		for y := range n {
			for x := range n {
				if i%3 == 0 && r.IntN(2) == 0 || i%3 == 1 && r.IntN(50) == 0 || i%3 == 2 && r.IntN(50) > 0 {
					g.set(x, y)
				}
			}
		}
		checkPNGStream(t, g, g.PNG())
	}
}

func checkPNGStream(t *testing.T, g *grid, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("no PNG signature")
	}
	b = b[8:]
	var kinds []string
	var ihdr, idat []byte
	for len(b) > 0 {
		if len(b) < 12 || len(b) < 12+int(binary.BigEndian.Uint32(b)) {
			t.Fatalf("a chunk runs past the end")
		}
		size := int(binary.BigEndian.Uint32(b))
		kind, data := string(b[4:8]), b[8:8+size]
		if crc := binary.BigEndian.Uint32(b[8+size:]); crc != crc32.ChecksumIEEE(b[4:8+size]) {
			t.Fatalf("%s: bad CRC", kind)
		}
		kinds = append(kinds, kind)
		switch kind {
		case "IHDR":
			ihdr = data
		case "IDAT":
			idat = append(idat, data...)
		}
		b = b[12+size:]
	}
	if len(kinds) != 3 || kinds[0] != "IHDR" || kinds[1] != "IDAT" || kinds[2] != "IEND" {
		t.Fatalf("chunks %v", kinds)
	}
	px := g.size() * pngScale
	want := make([]byte, 13)
	binary.BigEndian.PutUint32(want, uint32(px))
	binary.BigEndian.PutUint32(want[4:], uint32(px))
	want[8] = 1
	if !bytes.Equal(ihdr, want) {
		t.Fatalf("IHDR % x, want % x", ihdr, want)
	}
	z, err := zlib.NewReader(bytes.NewReader(idat))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(z) // checks the Adler-32
	if err != nil {
		t.Fatalf("%d modules: inflating: %v", g.n, err)
	}
	// The rows, drawn pixel by pixel: filter byte 0, then 1 bit a pixel,
	// 1 for white, padded with white.
	var rows []byte
	rowBytes := (px + 7) / 8
	for y := range px {
		row := make([]byte, 1+rowBytes)
		for x := range 8 * rowBytes {
			mx, my := x/pngScale-quietZone, y/pngScale-quietZone
			dark := x < px && mx >= 0 && my >= 0 && mx < g.n && my < g.n && g.dark(mx, my)
			if !dark {
				row[1+x/8] |= 0x80 >> (x % 8)
			}
		}
		rows = append(rows, row...)
	}
	if !bytes.Equal(raw, rows) {
		t.Fatalf("%d modules: the pixel rows differ from the grid's", g.n)
	}
}
