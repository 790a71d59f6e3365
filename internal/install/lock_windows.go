package install

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// profileInUse says whether a running Thunderbird holds the profile: while
// it runs, it keeps "parent.lock" open without sharing, so opening it
// fails.
func profileInUse(dir string) (bool, string) {
	f, err := os.OpenFile(filepath.Join(dir, "parent.lock"), os.O_RDWR, 0)
	if err == nil {
		f.Close()
		return false, ""
	}
	return !errors.Is(err, fs.ErrNotExist), ""
}
