package kit

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// prune removes the kit and zip of a person no longer in the manifest:
// only the files the record lists (survey has checked there is nothing
// else, and that each is a regular file), then the folders they leave
// empty.
func (o *outDir) prune(g *group) error {
	rels := make([]string, 0, len(g.files))
	for rel := range g.files {
		if safeRel(rel) {
			rels = append(rels, rel)
		}
	}
	sort.Strings(rels)
	for _, rel := range rels {
		if err := o.removeOurs("people/"+g.email, rel); err != nil {
			return err
		}
	}
	if g.zip {
		if err := o.removeOurs("zips", g.email+".zip"); err != nil {
			return err
		}
	}
	return nil
}

// removeOurs removes the regular file rel (slash-separated) below the
// folder base of the output, and then each parent folder up to and
// including base/.. 's child that it leaves empty; base itself is removed
// when empty unless it is one of the output's own folders. Anything but a
// regular file is refused; a missing file is no error.
func (o *outDir) removeOurs(base, rel string) error {
	p := filepath.Join(o.root, filepath.FromSlash(base), filepath.FromSlash(rel))
	exists, err := checkRegular(p)
	if err != nil {
		return err
	}
	if exists {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	keep := base == "server" || base == "zips"
	for dir := path.Dir(rel); ; dir = path.Dir(dir) {
		if dir == "." && keep {
			return nil
		}
		full := filepath.Join(o.root, filepath.FromSlash(base), filepath.FromSlash(dir))
		if err := os.Remove(full); err != nil {
			// Not empty (more to remove, or not ours), or gone already.
			if errors.Is(err, fs.ErrNotExist) || isNotEmpty(err) {
				return nil
			}
			return err
		}
		if dir == "." {
			return nil
		}
	}
}

// isNotEmpty reports rmdir's "directory not empty" (ENOTEMPTY, or EEXIST
// on some systems).
func isNotEmpty(err error) bool {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		s := pe.Err.Error()
		return strings.Contains(s, "not empty") || errors.Is(pe.Err, fs.ErrExist)
	}
	return false
}
