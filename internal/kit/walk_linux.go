package kit

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// walkKit calls add for every file below the folder dir (not following
// links), with its path relative to dir and its stat, and addDir for dir
// itself (".") and every folder below it, in no set order. A folder is
// stat'ed before it is read, so an entry added while it is read changes
// its modification time after the stat: a later look sees the folder
// changed (state.go's folder stats rely on that).
// On Linux it reads each folder with getdents and stats each file with
// fstatat relative to the folder's descriptor (a folder, known by its
// entry's type, is opened, not stat'ed): a re-run surveys every kit, and
// os.ReadDir plus a path-walking lstat per file cost twice the calls.
// The stat is the one os.Lstat gives (statOfSys matches os's conversion),
// as the writer records it with os.Lstat.
func walkKit(dir string, add func(rel string, mode fs.FileMode, st fileStat), addDir func(rel string, st fileStat)) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	buf := make([]byte, 8<<10)
	return walkFD(fd, dir, "", buf, add, addDir)
}

func walkFD(fd int, dir, prefix string, buf []byte, add func(string, fs.FileMode, fileStat), addDir func(string, fileStat)) error {
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return &fs.PathError{Op: "fstat", Path: filepath.Join(dir, prefix), Err: err}
	}
	addDir(dirRel(prefix), statOfSys(&st))
	type dirent struct {
		name  string
		isDir bool // from the entry's type: a folder needs no stat
	}
	var entries []dirent
	for {
		n, err := unix.Getdents(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "getdents", Path: filepath.Join(dir, prefix), Err: err}
		}
		if n <= 0 {
			break
		}
		// struct linux_dirent64: ino, off (8 bytes each), reclen (2), type
		// (1), then the name, NUL-terminated.
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return &fs.PathError{Op: "getdents", Path: filepath.Join(dir, prefix), Err: syscall.EIO}
			}
			name := b[19:reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if s := string(name); s != "." && s != ".." {
				entries = append(entries, dirent{s, b[18] == unix.DT_DIR})
			}
			b = b[reclen:]
		}
	}
	for _, e := range entries {
		if !e.isDir {
			var st unix.Stat_t
			if err := unix.Fstatat(fd, e.name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
				return &fs.PathError{Op: "lstat", Path: filepath.Join(dir, prefix, e.name), Err: err}
			}
			s := statOfSys(&st)
			if !s.mode.IsDir() { // DT_UNKNOWN, on file systems that give no type, may be a folder
				add(prefix+e.name, s.mode, s)
				continue
			}
		}
		child, err := unix.Openat(fd, e.name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return &fs.PathError{Op: "open", Path: filepath.Join(dir, prefix, e.name), Err: err}
		}
		if err := walkFD(child, dir, prefix+e.name+"/", buf, add, addDir); err != nil {
			return err
		}
	}
	return nil
}

// statOfSys is statOf of what os.Lstat makes of st (os/stat_linux.go).
func statOfSys(st *unix.Stat_t) fileStat {
	mode := fs.FileMode(st.Mode & 0o777)
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		mode |= fs.ModeDevice
	case syscall.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		mode |= fs.ModeDir
	case syscall.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		mode |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if st.Mode&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if st.Mode&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if st.Mode&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return fileStat{size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(), ino: st.Ino, mode: mode}
}

// statterIn returns a stat, relative to one descriptor of the folder dir,
// of slash-separated paths inside it ("." for dir itself), never following
// a link at the end of a path; done closes the descriptor. A folder on a
// path that was replaced by a link is seen in that folder's own stat,
// which statNames' caller checks before it trusts any file below it.
func statterIn(dir string) (stat func(rel string) (fileStat, error), done func(), err error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	var st unix.Stat_t
	stat = func(rel string) (fileStat, error) {
		var err error
		if rel == "." {
			err = unix.Fstat(fd, &st)
		} else {
			err = unix.Fstatat(fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
		}
		if err != nil {
			return fileStat{}, &fs.PathError{Op: "lstat", Path: filepath.Join(dir, rel), Err: err}
		}
		return statOfSys(&st), nil
	}
	return stat, func() { unix.Close(fd) }, nil
}
