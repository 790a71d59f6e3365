package tbandroid

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"regexp"
	"strconv"
	"testing"
)

func decodePNG(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }

func xmlWellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

var svgRun = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// svgArea adds up the modules the SVG's path paints.
func svgArea(t *testing.T, svg string) int {
	t.Helper()
	n := 0
	for _, m := range svgRun.FindAllStringSubmatch(svg, -1) {
		w, _ := strconv.Atoi(m[3])
		back, _ := strconv.Atoi(m[4])
		if w != back {
			t.Fatalf("run %q does not close", m[0])
		}
		n += w
	}
	return n
}
