package kit

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"time"

	"github.com/spectrumgen/spectrumgen/generators"
)

// zipTime is the fixed timestamp of every zip entry, so the same kit always
// gives the same zip bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip returns a reproducible zip of files (already sorted by path) inside a
// folder named after the person, with fixed times and the files' modes.
func Zip(folder string, files []generators.File) ([]byte, error) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range files {
		h := &zip.FileHeader{Name: folder + "/" + f.Path, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(fileMode(f))
		fw, err := w.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeZip writes people/<email>.zip atomically.
func (o *outDir) writeZip(email string, files []generators.File) error {
	data, err := Zip(email, files)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(o.root, "people", email+".zip"), data, 0o644)
}
