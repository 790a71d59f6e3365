//go:build unix

package install

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// profileInUse says whether a running Thunderbird holds the profile. On
// Linux it leaves a symlink "lock" whose target ends in "+PID"; on Linux
// and macOS it holds a POSIX lock on ".parentlock" while it runs. Either
// one, alive, means in use.
func profileInUse(dir string) (bool, string) {
	if target, err := os.Readlink(filepath.Join(dir, "lock")); err == nil {
		if i := strings.LastIndexAny(target, "+:"); i >= 0 {
			if pid, err := strconv.Atoi(target[i+1:]); err == nil && pid > 0 {
				if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
					return true, "process " + strconv.Itoa(pid)
				}
			}
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, ".parentlock"), os.O_RDWR|unix.O_NONBLOCK|unix.O_NOFOLLOW, 0)
	if err != nil {
		return false, ""
	}
	defer f.Close()
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0}
	if err := unix.FcntlFlock(f.Fd(), unix.F_GETLK, &lk); err == nil && lk.Type != unix.F_UNLCK {
		return true, "process " + strconv.Itoa(int(lk.Pid))
	}
	return false, ""
}
