package kit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// topFile is a file at the top of the output (index.html, SHA256SUMS, the
// state file) being written under a temporary name, to be renamed into
// place (commit): readers never see a half-written file. It is compared
// with the file it would replace as it is written, so a run whose file
// comes out the same leaves the old one as it was (same bytes, same time)
// without reading anything back: the old file is read once, and only up
// to the first byte that differs. At 100,000 people SHA256SUMS is 190 MB.
type topFile struct {
	name, path string
	perm       os.FileMode
	f          *os.File
	old        *os.File // the file it replaces, while all written so far is the same
	buf        []byte   // for reading old
	size       int64
}

// createTop starts the file name (slash-separated, below the root) with
// the permissions perm.
func (o *outDir) createTop(name string, perm os.FileMode) (*topFile, error) {
	path := filepath.Join(o.root, filepath.FromSlash(name))
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-"+randomSuffix())
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_RDWR, perm)
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", name, err)
	}
	t := &topFile{name: name, path: path, perm: perm, f: f}
	// Only a regular file of the same mode can be the same file: anything
	// else is replaced (or, not a regular file, refused by commit).
	if old, err := openRegular(path); err == nil {
		// samePerm: the mode as the platform keeps it (on Windows only
		// read-only or not), as the file would get it.
		if fi, err := old.Stat(); err == nil && fi.Mode().IsRegular() && samePerm(fi.Mode().Perm(), perm) {
			t.old, t.buf = old, make([]byte, 64<<10)
		} else {
			old.Close()
		}
	}
	return t, nil
}

// Write appends p, comparing it with the old file's bytes at the same
// place while they are the same.
func (t *topFile) Write(p []byte) (int, error) {
	n, err := t.f.Write(p)
	t.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("writing %s: %w", t.name, err)
	}
	for q := p; t.old != nil && len(q) > 0; {
		chunk := q[:min(len(q), len(t.buf))]
		m, rerr := io.ReadFull(t.old, t.buf[:len(chunk)])
		if rerr != nil || !bytes.Equal(t.buf[:m], chunk) {
			t.differs()
		}
		q = q[len(chunk):]
	}
	return n, nil
}

// reserve writes n bytes to be filled in later by writeAt, before
// anything else is written; they are compared then.
func (t *topFile) reserve(n int) error {
	if _, err := t.f.Write(make([]byte, n)); err != nil {
		return fmt.Errorf("writing %s: %w", t.name, err)
	}
	t.size += int64(n)
	if t.old != nil {
		if _, err := t.old.Seek(int64(n), io.SeekStart); err != nil {
			t.differs()
		}
	}
	return nil
}

// writeAt fills in bytes reserved at off.
func (t *topFile) writeAt(p []byte, off int64) error {
	if _, err := t.f.WriteAt(p, off); err != nil {
		return fmt.Errorf("writing %s: %w", t.name, err)
	}
	if t.old != nil {
		b := make([]byte, len(p))
		if _, err := t.old.ReadAt(b, off); err != nil || !bytes.Equal(b, p) {
			t.differs()
		}
	}
	return nil
}

// differs stops the comparison: the file will be replaced.
func (t *topFile) differs() {
	if t.old != nil {
		t.old.Close()
		t.old, t.buf = nil, nil
	}
}

// same reports whether the file written is the old one, byte for byte:
// every byte compared equal, and the old one has no more.
func (t *topFile) same() bool {
	if t.old == nil {
		return false
	}
	var one [1]byte
	n, err := t.old.Read(one[:])
	return n == 0 && errors.Is(err, io.EOF)
}

// commit puts the file in place, unless it is the same as the one there,
// which it then leaves: a re-run that changes nothing touches nothing. It
// never replaces anything but a regular file (checkRegular). wrote says
// whether it replaced the file.
func (t *topFile) commit() (wrote bool, err error) {
	same := t.same()
	t.differs() // closed before the rename: Windows renames over no open file
	// The mode is exactly perm, whatever the umask. Looking at the file's
	// times first is not for the look: on Linux 6.13 and later
	// ("multigrain" timestamps) a change to a file whose times were looked
	// at since it was written gets the clock's fine time, not the tick's,
	// and no file gets an earlier time after it. So the state file, written
	// after SHA256SUMS, is dated after every kit this run wrote, even in
	// the same clock tick, and those kits are not "racy" on the next run
	// (state.go).
	_, serr := t.f.Stat()
	if err := errors.Join(serr, t.f.Close(), os.Chmod(t.f.Name(), t.perm)); err != nil {
		os.Remove(t.f.Name())
		return false, fmt.Errorf("writing %s: %w", t.name, err)
	}
	if same {
		return false, os.Remove(t.f.Name())
	}
	if _, err := checkRegular(t.path); err != nil { // never replace a link, FIFO or device
		os.Remove(t.f.Name())
		return false, err
	}
	if err := rename(t.f.Name(), t.path); err != nil {
		os.Remove(t.f.Name())
		return false, fmt.Errorf("writing %s: %w", t.name, err)
	}
	return true, nil
}

// discard removes the temporary file of a file not committed; after
// commit it does nothing.
func (t *topFile) discard() {
	if t == nil {
		return
	}
	t.differs()
	if t.f.Close() == nil { // not closed by commit yet
		os.Remove(t.f.Name())
	}
}
