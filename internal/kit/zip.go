package kit

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/spectrumgen/spectrumgen/generators"
)

// zipTime is the fixed timestamp of every zip entry, so the same kit always
// gives the same zip bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip returns a reproducible zip of files (already sorted by path) inside a
// folder named after the person, with fixed times and the files' modes.
// Entries are stored, not compressed: a kit is some tens of kB, and
// deflating every zip took a fifth of a large run's CPU time.
func Zip(folder string, files []generators.File) ([]byte, error) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range files {
		h := &zip.FileHeader{Name: folder + "/" + f.Path, Method: zip.Store, Modified: zipTime}
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

// writeZip writes zips/<email>.zip atomically, and reports whether it
// wrote (false: the zip there was already the same). Zips have a folder of
// their own, so that no address can name another's zip: a person whose
// address is x@spectrum.net.zip has the kit people/x@spectrum.net.zip/ and
// the zip zips/x@spectrum.net.zip.zip. A zip holding a file only its owner
// may read (0600) is itself 0600.
func (o *outDir) writeZip(email string, data []byte, mode fs.FileMode) (bool, error) {
	return writeFileAtomic(filepath.Join(o.root, "zips", email+".zip"), data, mode)
}

// zipMode is 0600 when any file in files is closed to group or others.
func zipMode(files []generators.File) fs.FileMode {
	for _, f := range files {
		if fileMode(f)&0o044 != 0o044 {
			return 0o600
		}
	}
	return 0o644
}
