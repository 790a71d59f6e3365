//go:build !linux && !darwin

package kit

import "io/fs"

// sysStat: on Windows (and other systems) the state file's record of a
// file is its size, modification time (100 ns on NTFS) and mode only:
// Go's stat there has no inode, and no change time that a program cannot
// set. An edit that restores both the size and the modification time is
// not seen there (README.md, "Re-runs").
func sysStat(fs.FileInfo) (ino uint64, ctime int64) { return 0, 0 }
