package kit

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/instructions"
)

// Names of the files at the top of the output and in server/.
const (
	IndexName        = "index.html"
	SumsName         = "SHA256SUMS"
	ServerReadmeName = "server/README.txt"
)

// writeTop writes server/README.txt, index.html and SHA256SUMS, in that
// order, and returns how many files and bytes it wrote. server holds the
// SHA256SUMS lines of the shared files, kits those of the people's kits.
func (o *outDir) writeTop(opt Options, accounts []account.Account, shared []generators.File, server sumLines, kits *spool) (int, int64, error) {
	paths := make([]string, len(shared))
	for i, f := range shared {
		paths[i] = f.Path
	}
	readme, err := instructions.ServerReadme(paths)
	if err != nil {
		return 0, 0, err
	}
	if err := writeFileAtomic(filepath.Join(o.root, filepath.FromSlash(ServerReadmeName)), readme, 0o644); err != nil {
		return 0, 0, err
	}
	idx := instructions.Index{
		People:      len(accounts),
		Clients:     instructions.IndexClients(accounts),
		Zip:         opt.Zip,
		ServerFiles: append([]string{"README.txt"}, paths...),
	}
	if len(accounts) > 0 {
		idx.Organization = accounts[0].Organization
	}
	var indexSum string
	indexSize, err := o.stream(IndexName, 0o644, func(w *bufio.Writer) error {
		h := sha256.New()
		err := instructions.WriteIndex(io.MultiWriter(w, h), idx, accounts)
		indexSum = hex.EncodeToString(h.Sum(nil))
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	// server/README.txt sorts before the shared files (upper case first).
	var first sumLines
	first.add(ServerReadmeName, readme)
	sumsSize, err := o.stream(SumsName, 0o644, func(w *bufio.Writer) error {
		if _, err := w.WriteString(sumLine(indexSum, IndexName)); err != nil {
			return err
		}
		if err := kits.copyTo(w); err != nil {
			return err
		}
		if _, err := w.Write(first.b); err != nil {
			return err
		}
		_, err := w.Write(server.b)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return 3, int64(len(readme)) + indexSize + sumsSize, nil
}

// stream writes the file name at the top of the output through a buffer
// to a temporary file, then renames it into place: readers never see a
// half-written index, and nothing is held in memory but the buffer.
func (o *outDir) stream(name string, perm os.FileMode, fill func(*bufio.Writer) error) (int64, error) {
	path := filepath.Join(o.root, name)
	tmp := filepath.Join(o.root, ".tmp-"+name+"-"+randomSuffix())
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", name, err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	var size int64
	if fi, serr := f.Stat(); serr == nil {
		size = fi.Size()
	}
	if err := errors.Join(err, f.Close(), os.Chmod(tmp, perm)); err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("writing %s: %w", name, err)
	}
	if sameContent(tmp, path) {
		// Unchanged: keep the old file, so a rerun touches nothing.
		return size, os.Remove(tmp)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return size, nil
}

// sameContent reports whether files a and b hold the same bytes and mode,
// reading both in pieces so memory stays flat for a large index.
func sameContent(a, b string) bool {
	fa, err := os.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	sa, err1 := fa.Stat()
	sb, err2 := fb.Stat()
	if err1 != nil || err2 != nil || sa.Size() != sb.Size() || sa.Mode() != sb.Mode() || !sb.Mode().IsRegular() {
		return false
	}
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return ea == eb || (errors.Is(ea, io.ErrUnexpectedEOF) && errors.Is(eb, io.ErrUnexpectedEOF)) ||
				(errors.Is(ea, io.EOF) && errors.Is(eb, io.EOF))
		}
	}
}
