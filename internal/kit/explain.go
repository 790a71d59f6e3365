package kit

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// explain adds what a person can do to the file-system errors people meet:
// a full disk, a quota, a read-only or unwritable folder. Kits written
// before the error are whole (each was swapped in atomically), so it says so.
func explain(err error) error {
	var why string
	switch {
	case errors.Is(err, errDiskFull): // ENOSPC; Windows' ERROR_DISK_FULL
		why = "the disk is full"
	case errors.Is(err, syscall.EDQUOT):
		why = "your disk quota is used up"
	case errors.Is(err, syscall.EROFS):
		why = "the output folder is on a read-only file system"
	case errors.Is(err, fs.ErrPermission): // EACCES, EPERM; Windows' ERROR_ACCESS_DENIED
		why = "you may not write to the output folder"
	default:
		return err
	}
	return fmt.Errorf("%w\n%s: fix that and run again; every kit already written is whole, and the rest are as they were", err, why)
}
