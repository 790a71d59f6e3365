//go:build !linux

package kit

import (
	"io/fs"
	"os"
	"path/filepath"
)

// walkKit calls add for every file below the folder dir (not following
// links), with its path relative to dir and its stat (os.Lstat's, as the
// writer records it), and addDir for dir itself (".") and every folder
// below it, in no set order. WalkDir stats a folder before it reads it.
func walkKit(dir string, add func(rel string, mode fs.FileMode, st fileStat), addDir func(rel string, st fileStat)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			addDir(rel, statOf(fi))
			return nil
		}
		add(rel, fi.Mode(), statOf(fi))
		return nil
	})
}

// statterIn returns an lstat of slash-separated paths inside the folder
// dir ("." for dir itself); done does nothing.
func statterIn(dir string) (stat func(rel string) (fileStat, error), done func(), err error) {
	stat = func(rel string) (fileStat, error) {
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return fileStat{}, err
		}
		return statOf(fi), nil
	}
	return stat, func() {}, nil
}
