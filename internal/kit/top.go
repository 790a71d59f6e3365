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

// topWritten counts the files at the top and their bytes.
type topWritten struct {
	files, written int
	bytes          int64
}

// writeTop writes server/README.txt, index.html and SHA256SUMS, in that
// order. server holds the SHA256SUMS lines of the shared files, kits those
// of the people's kits and zips, carry those of kits an earlier run wrote
// for people no longer listed (kept: former names them for the index).
// zips says whether the kits have zips.
func (o *outDir) writeTop(accounts []account.Account, zips bool, former []string, shared []generators.File,
	server sumLines, kits, carry *spool) (topWritten, error) {
	var tw topWritten
	paths := make([]string, len(shared))
	for i, f := range shared {
		paths[i] = f.Path
	}
	readme, err := instructions.ServerReadme(paths)
	if err != nil {
		return tw, err
	}
	wrote, err := writeFileAtomic(filepath.Join(o.root, filepath.FromSlash(ServerReadmeName)), readme, 0o644)
	if err != nil {
		return tw, err
	}
	tw.count(wrote, int64(len(readme)))
	idx := instructions.Index{
		People:      len(accounts),
		Clients:     instructions.IndexClients(accounts),
		Zip:         zips,
		Former:      former,
		ServerFiles: append([]string{"README.txt"}, paths...),
	}
	if len(accounts) > 0 {
		idx.Organization = accounts[0].Organization
	}
	var indexSum string
	indexSize, wrote, err := o.stream(IndexName, 0o644, func(w *bufio.Writer) error {
		h := sha256.New()
		err := instructions.WriteIndex(io.MultiWriter(w, h), idx, accounts)
		indexSum = hex.EncodeToString(h.Sum(nil))
		return err
	})
	if err != nil {
		return tw, err
	}
	tw.count(wrote, indexSize)
	// server/README.txt sorts before the shared files (upper case first).
	var first sumLines
	first.add(ServerReadmeName, readme)
	sumsSize, wrote, err := o.stream(SumsName, 0o644, func(w *bufio.Writer) error {
		if _, err := w.WriteString(sumLine(indexSum, IndexName)); err != nil {
			return err
		}
		if err := mergeGroups(w, kits, carry); err != nil {
			return err
		}
		if _, err := w.Write(first.b); err != nil {
			return err
		}
		_, err := w.Write(server.b)
		return err
	})
	if err != nil {
		return tw, err
	}
	tw.count(wrote, sumsSize)
	return tw, nil
}

func (tw *topWritten) count(wrote bool, size int64) {
	tw.files++
	if wrote {
		tw.written++
		tw.bytes += size
	}
}

// mergeGroups writes the kit groups of two spools (each in the kits'
// order) to w, merged in that order.
func mergeGroups(w io.Writer, a, b *spool) error {
	if b.n == 0 { // nothing to merge in (no former kits kept): copy, unparsed
		if _, err := a.reader(); err != nil {
			return err
		}
		_, err := io.Copy(w, a.f)
		return err
	}
	ra, err := a.reader()
	if err != nil {
		return err
	}
	rb, err := b.reader()
	if err != nil {
		return err
	}
	ga, err := ra.next()
	if err != nil {
		return err
	}
	gb, err := rb.next()
	if err != nil {
		return err
	}
	for ga != nil || gb != nil {
		var g *group
		if gb == nil || (ga != nil && ga.key() < gb.key()) {
			g = ga
			if ga, err = ra.next(); err != nil {
				return err
			}
		} else {
			g = gb
			if gb, err = rb.next(); err != nil {
				return err
			}
		}
		if _, err := w.Write(g.raw(nil)); err != nil {
			return err
		}
	}
	return nil
}

// stream writes the file name at the top of the output through a buffer
// to a temporary file, then renames it into place: readers never see a
// half-written index, and nothing is held in memory but the buffer.
func (o *outDir) stream(name string, perm os.FileMode, fill func(*bufio.Writer) error) (size int64, wrote bool, err error) {
	path := filepath.Join(o.root, name)
	tmp := filepath.Join(o.root, ".tmp-"+name+"-"+randomSuffix())
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return 0, false, fmt.Errorf("writing %s: %w", name, err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	if fi, serr := f.Stat(); serr == nil {
		size = fi.Size()
	}
	if err := errors.Join(err, f.Close(), os.Chmod(tmp, perm)); err != nil {
		os.Remove(tmp)
		return 0, false, fmt.Errorf("writing %s: %w", name, err)
	}
	if sameContent(tmp, path) {
		// Unchanged: keep the old file, so a rerun touches nothing.
		return size, false, os.Remove(tmp)
	}
	if _, err := checkRegular(path); err != nil { // never replace a link, FIFO or device
		os.Remove(tmp)
		return 0, false, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, false, err
	}
	return size, true, nil
}

// sameContent reports whether files a and b hold the same bytes and mode,
// reading both in pieces so memory stays flat for a large index.
func sameContent(a, b string) bool {
	fa, err := openRegular(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := openRegular(b)
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
