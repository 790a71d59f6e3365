package kit

import (
	"io/fs"
	"syscall"
)

// sysStat returns what macOS adds to a file's stat for the state file's
// record (state.go): the inode and the change time, which no program can
// set, so an edit that puts back the size and the modification time is
// still seen.
func sysStat(fi fs.FileInfo) (ino uint64, ctime int64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino, st.Ctimespec.Nano()
	}
	return 0, 0
}
