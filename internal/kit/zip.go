package kit

import (
	"archive/zip"
	"bytes"
	"github.com/klauspost/compress/flate"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spectrumgen/spectrumgen/generators"
)

// zipTime is the fixed timestamp of every zip entry, so the same kit always
// gives the same zip bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// zipLevel is the deflate level of kit zips. Measured with BenchmarkZip on
// a full kit (every client; 46,280 bytes stored), in CPU time per kit on
// this project's loaded 2-core machine: the standard library's level 1
// took 0.99 ms for 19,572 bytes; klauspost/compress's level 1 0.64 ms for
// 19,620, its level 6 0.89 ms for 18,378, its Huffman-only 0.39 ms for
// 30,065. Level 1 of klauspost/compress keeps nearly all the saving at the
// least cost; the workers compress in parallel, off the single writer.
const zipLevel = flate.BestSpeed

// deflaters holds flate writers for reuse: each holds some hundreds of kB
// of tables, too much to make per file. A channel, not a sync.Pool: the
// collector empties pools at every cycle, and under the run's memory limit
// (internal/app/membudget.go) cycles come often, so a pool would make new
// writers again and again. Its room is one writer per CPU, as many as
// workers compress at once; more are let go.
var deflaters = make(chan *flate.Writer, runtime.GOMAXPROCS(0))

// pooledDeflater returns its flate writer to deflaters when closed.
type pooledDeflater struct{ *flate.Writer }

func (d pooledDeflater) Close() error {
	err := d.Writer.Close()
	select {
	case deflaters <- d.Writer:
	default:
	}
	return err
}

func newDeflater(w io.Writer) (io.WriteCloser, error) {
	select {
	case fw := <-deflaters:
		fw.Reset(w)
		return pooledDeflater{fw}, nil
	default:
		fw, err := flate.NewWriter(w, zipLevel)
		return pooledDeflater{fw}, err
	}
}

// Zip returns a reproducible, deflated zip of files (already sorted by
// path) inside a folder named after the person, with fixed times and the
// files' modes. Deflate is deterministic for a given library version and
// level, so the same kit gives the same bytes (TestZipReproducible).
func Zip(folder string, files []generators.File) ([]byte, error) {
	var size int
	for _, f := range files {
		size += len(f.Data)
	}
	b := bytes.NewBuffer(make([]byte, 0, size/2+len(files)*(100+2*len(folder))))
	w := zip.NewWriter(b)
	w.RegisterCompressor(zip.Deflate, newDeflater)
	for _, f := range files {
		h := &zip.FileHeader{Name: folder + "/" + f.Path, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(f.Perm())
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
		if f.Perm()&0o044 != 0o044 {
			return 0o600
		}
	}
	return 0o644
}
