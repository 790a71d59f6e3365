//go:build !linux

package kit

import (
	"io/fs"
	"os"
	"path/filepath"
)

// walkKit calls add for every file below the folder dir (not following
// links), with its path relative to dir and its stat (os.Lstat's, as the
// writer records it), in no set order.
func walkKit(dir string, add func(rel string, mode fs.FileMode, st fileStat)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		add(filepath.ToSlash(rel), fi.Mode(), statOf(fi))
		return nil
	})
}
