package kit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// lockFolder opens (creating) the lock file at path, refusing a link, and
// locks its first byte (LockFileEx, exclusive, without waiting): errLocked
// when another run holds it. Windows drops the lock when the handle closes
// or the run ends, however it ends.
func lockFolder(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a plain file (remove it)", path)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	var whole windows.Overlapped // offset 0
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &whole)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}

// samePerm reports whether a file on disk with permission got is as
// written with want. Windows keeps one bit of a mode, read-only or not
// (Go reports 0444 or 0666); who may read a file is decided by the folder's
// access rules, which the file inherits: 0600 is not kept.
func samePerm(got, want fs.FileMode) bool { return keptPerm(got) == keptPerm(want) }

// keptPerm is what Windows keeps of perm: read-only (0444) or not (0666).
func keptPerm(perm fs.FileMode) fs.FileMode {
	if perm&0o200 == 0 {
		return 0o444
	}
	return 0o666
}

// errDiskFull is Windows' "disk full" error, which is not ENOSPC.
const errDiskFull = windows.ERROR_DISK_FULL
