package kit

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// clearLeftovers removes what a killed run left half-made: kit folders
// being built in people/, files being written at the top, in zips/ and in
// server/, and the sums spools. Only names this writer makes are taken
// (".tmp-" and a random suffix of 12 hex digits, or the spools' digits), so
// a file someone named .tmp-notes stays. The caller holds the lock.
func clearLeftovers(root string) {
	for _, dir := range []string{root, filepath.Join(root, "people"), filepath.Join(root, "zips")} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if isLeftover(e.Name()) {
				_ = os.RemoveAll(filepath.Join(dir, e.Name()))
			}
		}
	}
	_ = filepath.WalkDir(filepath.Join(root, "server"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isLeftover(d.Name()) {
			_ = os.Remove(p)
		}
		return nil
	})
}

// isLeftover reports whether name is one of this writer's temporary names:
// ".tmp-<name>-<12 hex>" (randomSuffix) or ".tmp-sums-<digits>" (a spool).
func isLeftover(name string) bool {
	rest, ok := strings.CutPrefix(name, ".tmp-")
	if !ok {
		return false
	}
	if digits, ok := strings.CutPrefix(rest, "sums-"); ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
		return true
	}
	i := strings.LastIndexByte(rest, '-')
	if i < 1 {
		return false
	}
	suffix := rest[i+1:]
	return len(suffix) == 12 && strings.Trim(suffix, "0123456789abcdef") == ""
}
