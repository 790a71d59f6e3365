package kit

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// On Linux a kit is swapped in with one renameat2(RENAME_EXCHANGE): at every
// instant people/<address> is the whole old kit or the whole new one, so a
// run killed at any point leaves every kit wholly old or wholly new, and
// the next run removes the temporary folders it left. cmd/spectrumgen's
// TestKilledRunsLeaveWholeKits checks that by killing real runs. A power
// cut is not covered: nothing is fsynced. A file system without
// RENAME_EXCHANGE (NFS, SMB shares, some FUSE ones answer EINVAL) gets the
// two-rename swap of macOS and Windows, with its promise (out_other.go).
// Files are created with direct system calls, for speed on large runs.

// exchange swaps the folders newDir and final atomically (renameat2
// RENAME_EXCHANGE), leaving the old kit at newDir.
func exchange(newDir, final string) (old string, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, newDir, unix.AT_FDCWD, final, unix.RENAME_EXCHANGE)
	switch {
	case err == unix.EINVAL || err == unix.ENOSYS || err == unix.EOPNOTSUPP:
		return swapAside(newDir, final)
	case err != nil:
		return "", &os.LinkError{Op: "renameat2", Old: newDir, New: final, Err: err}
	}
	return newDir, nil
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

// rename is rename(2). os.Rename first looks newPath up, to refuse
// replacing a directory; the callers here have just looked already.
func rename(oldPath, newPath string) error {
	if err := unix.Rename(oldPath, newPath); err != nil {
		return &os.LinkError{Op: "rename", Old: oldPath, New: newPath, Err: err}
	}
	return nil
}
