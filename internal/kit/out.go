package kit

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/spectrumgen/spectrumgen/generators"
)

// outDir is an output folder that this run holds the lock of.
type outDir struct {
	root string
	lock *os.File
}

const lockName = ".spectrumgen.lock"

// prepare creates the output folder if needed, takes its lock so two runs
// cannot interleave, and clears temporary folders a killed run left.
func prepare(root string) (*outDir, error) {
	mark, err := claim(root) // before anything is written into root
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("creating the output folder: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(root, lockName), os.O_CREATE|os.O_RDWR|openFlags, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file: %w", err)
	}
	if err := isRegular(lock); err != nil {
		lock.Close()
		return nil, err
	}
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("another spectrumgen run is writing to %s; wait for it to finish and run again", root)
	}
	o := &outDir{root: root, lock: lock}
	if mark {
		if err := writeMarker(root); err != nil {
			o.unlock()
			return nil, err
		}
	}
	for _, sub := range []string{"people", "server"} {
		if err := o.mkdirs(sub); err != nil {
			o.unlock()
			return nil, err
		}
	}
	clearLeftovers(root)
	return o, nil
}

func (o *outDir) unlock() { o.lock.Close() }

// mkdirs creates rel (slash-separated) below the root, refusing to pass
// through a symbolic link, so nothing planted can send a write elsewhere.
func (o *outDir) mkdirs(rel string) error {
	cur := o.root
	for _, part := range strings.Split(rel, "/") {
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(cur, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("creating %s: %w", cur, err)
			}
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symbolic link; spectrumgen does not write through links (remove it)", cur)
		case !fi.IsDir():
			return fmt.Errorf("%s is a file where a folder should be (remove it)", cur)
		}
	}
	return nil
}

// kitPath is the folder of one person's kit.
func (o *outDir) kitPath(email string) string {
	return filepath.Join(o.root, "people", email)
}

// writePerson builds people/<email> afresh from files (sorted by path) in a
// temporary folder beside it, then swaps it in.
func (o *outDir) writePerson(email string, files []generators.File) error {
	tmp := filepath.Join(o.root, "people", ".tmp-"+email+"-"+randomSuffix())
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return err
	}
	made := map[string]bool{".": true}
	for _, f := range files {
		if err := mkdirsIn(tmp, path.Dir(f.Path), made); err != nil {
			os.RemoveAll(tmp)
			return err
		}
		if err := createFile(filepath.Join(tmp, filepath.FromSlash(f.Path)), f.Data, fileMode(f)); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	exchanged, err := swapDir(tmp, o.kitPath(email))
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if exchanged {
		return os.RemoveAll(tmp) // tmp now holds the old kit
	}
	return nil
}

// mkdirsIn creates dir (slash-separated, relative) and its parents inside
// root, a folder this run just made: made remembers what exists, so each
// folder costs one mkdir and no look-ups.
func mkdirsIn(root, dir string, made map[string]bool) error {
	if made[dir] {
		return nil
	}
	if err := mkdirsIn(root, path.Dir(dir), made); err != nil {
		return err
	}
	made[dir] = true
	return os.Mkdir(filepath.Join(root, filepath.FromSlash(dir)), 0o755)
}

// createFile writes a new file with exactly the mode perm. It makes the
// system calls itself: os.OpenFile readies every file for Go's poller (four
// fcntl calls and a failing epoll_ctl for a regular file): eight calls per
// file of a bulk run where three do.
func createFile(path string, data []byte, perm fs.FileMode) error {
	fd, err := unix.Open(path, unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, uint32(perm))
	if err != nil {
		return &fs.PathError{Op: "create", Path: path, Err: err}
	}
	werr := writeAll(fd, data)
	// The umask may have taken bits away; put them back (a call saved in
	// the usual case, where it did not).
	if werr == nil && perm&^umask != perm {
		werr = unix.Fchmod(fd, uint32(perm))
	}
	cerr := unix.Close(fd)
	if err := errors.Join(werr, cerr); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}

// writeAll writes data to fd, resuming after short writes and signals.
func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// umask is the process's file-creation mask, read once at start.
var umask = func() fs.FileMode {
	old := unix.Umask(0)
	unix.Umask(old)
	return fs.FileMode(old)
}()

// swapDir puts dir new at path final in one step. If final exists, the two
// are exchanged atomically (renameat2 RENAME_EXCHANGE), so at every instant
// final is either the whole old kit or the whole new one; it reports whether
// they were, leaving the old kit at newDir.
func swapDir(newDir, final string) (exchanged bool, err error) {
	fi, err := os.Lstat(final)
	if errors.Is(err, fs.ErrNotExist) {
		return false, rename(newDir, final)
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		// Not a kit of ours (a planted link or file): never follow it, never remove it.
		return false, fmt.Errorf("%s is %s where the kit folder goes; spectrumgen does not remove it: move it away and run again", final, kindOf(fi.Mode()))
	}
	return true, unix.Renameat2(unix.AT_FDCWD, newDir, unix.AT_FDCWD, final, unix.RENAME_EXCHANGE)
}

// writeShared writes one file under server/, atomically, and reports
// whether it wrote (false: the file was already right).
func (o *outDir) writeShared(f generators.File) (bool, error) {
	rel := "server/" + f.Path
	if err := o.mkdirs(filepath.ToSlash(filepath.Dir(rel))); err != nil {
		return false, err
	}
	return writeFileAtomic(filepath.Join(o.root, filepath.FromSlash(rel)), f.Data, fileMode(f))
}

// writeFileAtomic writes data to a temporary file beside path, then renames
// it over path: readers see the old file or the new one, never a part.
// A file whose bytes and mode are already right is left alone (wrote is
// false). Anything at path but a regular file is refused, not replaced.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) (wrote bool, err error) {
	fi, err := os.Lstat(path)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return false, &errNotRegular{path, fi.Mode()}
	case err == nil && fi.Mode().Perm() == perm && fi.Size() == int64(len(data)):
		if got, err := readRegular(path); err == nil && bytes.Equal(got, data) {
			return false, nil
		}
	}
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-"+randomSuffix())
	if err := createFile(tmp, data, perm); err != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := checkRegular(path); err != nil { // again, just before replacing it
		os.Remove(tmp)
		return false, err
	}
	if err := rename(tmp, path); err != nil {
		os.Remove(tmp)
		return false, err
	}
	return true, nil
}

// rename is rename(2). os.Rename first looks newPath up, to refuse
// replacing a directory; the callers here have just looked already.
func rename(oldPath, newPath string) error {
	if err := unix.Rename(oldPath, newPath); err != nil {
		return &os.LinkError{Op: "rename", Old: oldPath, New: newPath, Err: err}
	}
	return nil
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
