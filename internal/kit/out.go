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

	"github.com/spectrumgen/spectrumgen/generators"
)

// outDir is an output folder that this run holds the lock of.
type outDir struct {
	root string
	lock *os.File
}

const lockName = ".spectrumgen.lock"

// prepare creates the output folder if needed, takes its lock so two runs
// cannot interleave, puts back any kit a killed run left moved aside (see
// restoreAsides) and clears the temporary folders a killed run left.
func prepare(root string) (*outDir, error) {
	if fi, err := os.Lstat(root); err == nil && isLink(fi) {
		return nil, fmt.Errorf("output folder %s is a symbolic link; give the real folder it points to", root)
	}
	mark, err := claim(root) // before anything is written into root
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("creating the output folder: %w", err)
	}
	lock, err := lockFolder(filepath.Join(root, lockName))
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("another spectrumgen run is writing to %s; wait for it to finish and run again", root)
	}
	if err != nil {
		return nil, fmt.Errorf("locking the output folder: %w", err)
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
	if err := restoreAsides(filepath.Join(root, "people")); err != nil {
		o.unlock()
		return nil, err
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
		case isLink(fi):
			return fmt.Errorf("%s is a symbolic link; spectrumgen does not write through links (remove it)", cur)
		case !fi.IsDir():
			return fmt.Errorf("%s is a file where a folder should be (remove it)", cur)
		}
	}
	return nil
}

// isLink reports whether fi (from Lstat) is a link of any kind: a
// symbolic link, or on Windows a junction (Go reports it irregular).
func isLink(fi fs.FileInfo) bool { return fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) != 0 }

// kitPath is the folder of one person's kit.
func (o *outDir) kitPath(email string) string {
	return filepath.Join(o.root, "people", email)
}

// writtenStats is what the state file records of a kit just written
// (state.go): the digests of its files' and its folders' stats.
type writtenStats struct {
	files, dirs [32]byte
	hasDirs     bool
}

// writePerson builds people/<email> afresh from files (sorted by path) in a
// temporary folder beside it, then swaps it in. It returns the digests of
// the files' and the folders' stats as written, for the state file
// (state.go): the rename of the kit's folder changes none of them but its
// own, which is stat'ed in place.
func (o *outDir) writePerson(email string, files []generators.File) (ws writtenStats, err error) {
	tmp := filepath.Join(o.root, "people", ".tmp-"+email+"-"+randomSuffix())
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return ws, err
	}
	made := map[string]bool{".": true}
	d := newStatDigest()
	fail := func(err error) (writtenStats, error) {
		os.RemoveAll(tmp)
		return writtenStats{}, err
	}
	for _, f := range files {
		if err := mkdirsIn(tmp, path.Dir(f.Path), made); err != nil {
			return fail(err)
		}
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := createFile(p, f.Data, f.Perm()); err != nil {
			return fail(err)
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return fail(err)
		}
		d.add(f.Path, statOf(fi))
	}
	// The folders inside are stat'ed once all files are in (each new entry
	// changes its folder's times), before the kit is swapped in: until
	// then no one else knows the temporary name.
	var dirs dirStats
	for dir := range made {
		if dir == "." {
			continue
		}
		fi, err := os.Lstat(filepath.Join(tmp, filepath.FromSlash(dir)))
		if err != nil {
			return fail(err)
		}
		dirs.add(dir, statOf(fi))
	}
	final := o.kitPath(email)
	old, err := swapDir(tmp, final)
	if err != nil {
		return fail(err)
	}
	ws.files = d.sum()
	if fi, err := os.Lstat(final); err == nil { // else the next run lists the kit in full
		dirs.add(".", statOf(fi))
		ws.dirs, ws.hasDirs = dirs.sum(), true
	}
	if old != "" {
		return ws, os.RemoveAll(old)
	}
	return ws, nil
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

// swapDir puts the kit folder newDir at final. It returns the path now
// holding the old kit, for the caller to remove, or "" when there was none.
// Where final is a kit already, exchange does the swap the platform can do
// (out_linux.go, out_other.go); what each promises is written there.
func swapDir(newDir, final string) (old string, err error) {
	fi, err := os.Lstat(final)
	if errors.Is(err, fs.ErrNotExist) {
		return "", rename(newDir, final)
	}
	if err != nil {
		return "", err
	}
	if !fi.IsDir() || isLink(fi) {
		// Not a kit of ours (a planted link or file): never follow it, never remove it.
		return "", fmt.Errorf("%s is %s where the kit folder goes; spectrumgen does not remove it: move it away and run again", final, kindOf(fi.Mode()))
	}
	return exchange(newDir, final)
}

// asidePrefix starts the name of an old kit moved aside by swapAside:
// people/.tmp-.aside-<12 hex digits>-<address>. No temporary kit folder
// (.tmp-<address>-...) starts so: an address never starts with a dot.
const asidePrefix = ".tmp-.aside-"

// swapAside replaces the kit folder final by newDir with two renames: the
// old kit moves aside, then the new one moves in. Between the two, final
// does not exist: a run killed there leaves the old kit under its aside
// name and the new one under its temporary name, and the next run's
// prepare moves the old kit back (restoreAsides), so each kit is again
// wholly old before that run writes anything. If the second rename fails
// (another program holds a file of the new kit open), the old kit is moved
// back at once. It returns the aside path, which holds the old kit.
func swapAside(newDir, final string) (old string, err error) {
	aside := asidePath(final)
	if err := os.Rename(final, aside); err != nil {
		return "", err
	}
	if err := os.Rename(newDir, final); err != nil {
		if back := os.Rename(aside, final); back != nil {
			return "", fmt.Errorf("%w; the old kit is at %s, and the next run puts it back", err, aside)
		}
		return "", err
	}
	return aside, nil
}

// asidePath is a fresh name in final's folder for the old kit at final.
func asidePath(final string) string {
	return filepath.Join(filepath.Dir(final), asidePrefix+randomSuffix()+"-"+filepath.Base(final))
}

// restoreAsides puts back, under people/, each old kit that a run killed
// between swapAside's two renames left aside, when no kit took its place,
// and removes an aside whose kit is there again.
func restoreAsides(people string) error {
	asides, _ := filepath.Glob(filepath.Join(people, asidePrefix+"*"))
	for _, aside := range asides {
		name := filepath.Base(aside)[len(asidePrefix):]
		if len(name) < 14 || name[12] != '-' || dirName(name[13:]) != "" {
			continue // not one of ours after all: prepare removes it with the other leftovers
		}
		final := filepath.Join(people, name[13:])
		if _, err := os.Lstat(final); !errors.Is(err, fs.ErrNotExist) {
			_ = os.RemoveAll(aside) // the new kit is in place: the old one is ours to drop
			continue
		}
		if err := os.Rename(aside, final); err != nil {
			return fmt.Errorf("putting back the kit a killed run left at %s: %w", aside, err)
		}
	}
	return nil
}

// writeShared writes one file under server/, atomically, and reports
// whether it wrote (false: the file was already right).
func (o *outDir) writeShared(f generators.File) (bool, error) {
	rel := "server/" + f.Path
	if err := o.mkdirs(filepath.ToSlash(filepath.Dir(rel))); err != nil {
		return false, err
	}
	return writeFileAtomic(filepath.Join(o.root, filepath.FromSlash(rel)), f.Data, f.Perm())
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
	case err == nil && samePerm(fi.Mode().Perm(), perm) && fi.Size() == int64(len(data)):
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

// errLocked is lockFolder's error when another run holds the lock.
var errLocked = errors.New("locked by another run")

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
