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

// statNames lstats the files names and the folders dirs (slash-separated,
// "." for dir itself) inside the folder dir.
func statNames(dir string, names, dirs []string) (files, folders []fileStat, err error) {
	at := func(rel string) (fileStat, error) {
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return fileStat{}, err
		}
		return statOf(fi), nil
	}
	folders = make([]fileStat, len(dirs))
	for i, d := range dirs {
		if folders[i], err = at(d); err != nil {
			return nil, nil, err
		}
	}
	files = make([]fileStat, len(names))
	for i, n := range names {
		if files[i], err = at(n); err != nil {
			return nil, nil, err
		}
	}
	return files, folders, nil
}
