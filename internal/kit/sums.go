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

// sumsWriter writes the new SHA256SUMS while the kits are written, so
// their lines are copied once, straight from each kit (or from the kept
// spool) to the file: index.html's line goes first but is known last (the
// index is written after the kits), so its place is reserved and filled in
// at the end; then each kit's lines in the kits' order, merged with those
// of former people's kits kept (the survey's carry spool); then the top's
// and server/'s lines.
type sumsWriter struct {
	t     *topFile
	w     *bufio.Writer
	carry *recordReader
	next  *group // carry's next group; nil when done
}

// indexLineLen is the length of index.html's line: a hash is always 64 hex
// digits, and the name needs no escaping.
var indexLineLen = len(sumLine(strings.Repeat("0", 64), IndexName))

func (o *outDir) newSumsWriter(carry *spool) (_ *sumsWriter, err error) {
	t, err := o.createTop(SumsName, 0o644)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			t.discard()
		}
	}()
	if err := t.reserve(indexLineLen); err != nil {
		return nil, err
	}
	s := &sumsWriter{t: t, w: bufio.NewWriterSize(t, 256<<10)}
	if carry != nil && carry.n > 0 {
		if s.carry, err = carry.reader(); err != nil {
			return nil, err
		}
		if s.next, err = s.carry.next(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// addKit appends the lines of the kit whose folder sorts as key (its
// address and "/"), after the former kits that sort before it.
func (s *sumsWriter) addKit(key string, lines []byte) error {
	if err := s.carryBefore(key); err != nil {
		return err
	}
	_, err := s.w.Write(lines)
	return err
}

// carryBefore writes the former kits' groups that sort before key; all
// that are left when key is "".
func (s *sumsWriter) carryBefore(key string) error {
	for s.next != nil && (key == "" || s.next.key() < key) {
		if _, err := s.w.Write(s.next.raw(nil)); err != nil {
			return err
		}
		var err error
		if s.next, err = s.carry.next(); err != nil {
			return err
		}
	}
	return nil
}

// finish writes what is left, the lines after the kits (tail) and
// index.html's line, and puts the file in place unless it is the same as
// the one there (topFile.commit).
func (s *sumsWriter) finish(indexSum string, tail ...[]byte) (size int64, wrote bool, err error) {
	if err := s.carryBefore(""); err != nil {
		return 0, false, fmt.Errorf("writing %s: %w", SumsName, err)
	}
	for _, b := range tail {
		if _, err := s.w.Write(b); err != nil {
			return 0, false, err
		}
	}
	if err := s.w.Flush(); err != nil {
		return 0, false, err
	}
	line := sumLine(indexSum, IndexName)
	if len(line) != indexLineLen {
		return 0, false, fmt.Errorf("writing %s: index.html's line %q is not %d bytes long", SumsName, line, indexLineLen)
	}
	if err := s.t.writeAt([]byte(line), 0); err != nil {
		return 0, false, err
	}
	wrote, err = s.t.commit()
	return s.t.size, wrote, err
}

func (s *sumsWriter) discard() {
	if s != nil {
		s.t.discard()
	}
}
