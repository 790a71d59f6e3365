//go:build unix

package kit

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// lockFolder opens (creating) the lock file at path, refusing a link, and
// takes an exclusive flock on it without waiting: errLocked when another
// run holds it. The kernel drops the lock when the run ends, however it
// ends.
func lockFolder(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|openFlags, 0o644)
	if err != nil {
		return nil, err
	}
	if err := isRegular(f); err != nil { // a FIFO or device planted as the lock
		f.Close()
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}

// samePerm reports whether a file on disk with permission got is as
// written with want: on Unix the mode is kept exactly.
func samePerm(got, want fs.FileMode) bool { return got == want }

// keptPerm is what the platform keeps of perm: on Unix, all of it.
func keptPerm(perm fs.FileMode) fs.FileMode { return perm }

// errDiskFull is the platform's own "disk full" error: on Unix, ENOSPC.
const errDiskFull = unix.ENOSPC
