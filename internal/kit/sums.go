package kit

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
)

// SHA256SUMS lists every file this run wrote or kept, in sha256sum's
// format, so `sha256sum -c SHA256SUMS` checks a kit tree handed over: first
// index.html, then the kits in address order (each kit's files by path,
// then the person's zip in zips/), then server/ by path. Hashes come from
// the bytes in memory as each kit is written: nothing is read back from
// disk. It is also the record of what spectrumgen wrote (record.go).

// sumLines collects lines for SHA256SUMS.
type sumLines struct{ b []byte }

// add appends the line of the file at path (slash-separated) holding data,
// and returns the hash.
func (l *sumLines) add(path string, data []byte) [32]byte {
	sum := sha256.Sum256(data)
	l.addSum(path, sum)
	return sum
}

// addSum appends the line of the file at path whose hash is sum.
func (l *sumLines) addSum(path string, sum [32]byte) {
	l.b = append(l.b, sumLine(hex.EncodeToString(sum[:]), path)...)
}

// sumLine formats one line as sha256sum does ("<hex>  <path>"), in its
// escaped form ("\<hex>  <path>" with \\ and \n) for a path holding a
// backslash or a newline.
func sumLine(sum, path string) string {
	if strings.ContainsAny(path, "\\\n") {
		path = strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(path)
		return `\` + sum + "  " + path + "\n"
	}
	return sum + "  " + path + "\n"
}

// spool holds the kits' SHA256SUMS lines on disk while the run goes on, so
// memory does not grow with the number of people.
type spool struct {
	f *os.File
	w *bufio.Writer
	n int64 // bytes added
}

func (o *outDir) newSpool() (*spool, error) {
	f, err := os.CreateTemp(o.root, ".tmp-sums-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary file: %w", err)
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (s *spool) add(lines []byte) error {
	n, err := s.w.Write(lines)
	s.n += int64(n)
	return err
}

// reader reads the spool's groups from the start.
func (s *spool) reader() (*recordReader, error) {
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return newRecordReader(s.f.Name(), s.f), nil
}

// discard removes the spool file.
func (s *spool) discard() {
	if s == nil {
		return
	}
	s.f.Close()
	os.Remove(s.f.Name())
}
