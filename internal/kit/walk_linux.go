package kit

import (
	"io/fs"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// walkKit calls add for every file below the folder dir (not following
// links), with its path relative to dir and its stat, in no set order.
// On Linux it reads each folder with getdents and stats each entry with
// fstatat relative to the folder's descriptor: a re-run surveys every kit,
// and os.ReadDir plus a path-walking lstat per file cost twice the calls.
// The stat is the one os.Lstat gives (statOfSys matches os's conversion),
// as the writer records it with os.Lstat.
func walkKit(dir string, add func(rel string, mode fs.FileMode, st fileStat)) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	buf := make([]byte, 8<<10)
	return walkFD(fd, dir, "", buf, add)
}

func walkFD(fd int, dir, prefix string, buf []byte, add func(string, fs.FileMode, fileStat)) error {
	defer unix.Close(fd)
	var names []string
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
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
	for _, name := range names {
		var st unix.Stat_t
		if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return &fs.PathError{Op: "lstat", Path: filepath.Join(dir, prefix, name), Err: err}
		}
		s := statOfSys(&st)
		if s.mode.IsDir() {
			child, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
			if err != nil {
				return &fs.PathError{Op: "open", Path: filepath.Join(dir, prefix, name), Err: err}
			}
			if err := walkFD(child, dir, prefix+name+"/", buf, add); err != nil {
				return err
			}
			continue
		}
		add(prefix+name, s.mode, s)
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
