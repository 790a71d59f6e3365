package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// writeSums writes a SHA256SUMS listing of every regular file below root,
// in the format of sha256sum (so `sha256sum -c SHA256SUMS` checks it),
// sorted by path byte by byte. It walks one folder at a time, ordering each
// folder's entries so that the walk itself yields that order: a folder
// sorts as its name followed by "/". Nothing but one folder's names is
// held in memory. The lock, SHA256SUMS itself and temporary files are left
// out.
func writeSums(w io.Writer, root string) error {
	return sumDir(w, root, "")
}

func sumDir(w io.Writer, root, rel string) error {
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return fmt.Errorf("listing %s: %w", rel, err)
	}
	key := func(i int) string {
		if entries[i].IsDir() {
			return entries[i].Name() + "/"
		}
		return entries[i].Name()
	}
	sort.Slice(entries, func(i, j int) bool { return key(i) < key(j) })
	for _, e := range entries {
		name := e.Name()
		p := name
		if rel != "" {
			p = rel + "/" + name
		}
		switch {
		case strings.HasPrefix(name, ".tmp-"), p == lockName, p == SumsName:
		case e.IsDir():
			if err := sumDir(w, root, p); err != nil {
				return err
			}
		case e.Type().IsRegular():
			sum, err := hashFile(filepath.Join(root, filepath.FromSlash(p)))
			if err != nil {
				return err
			}
			if _, err := io.WriteString(w, sumLine(sum, p)); err != nil {
				return err
			}
		}
	}
	return nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sumLine formats one line as sha256sum does ("<hex>  <path>"), in its
// escaped form ("\<hex>  <path>" with \\ and \n) for a path holding a
// backslash or a newline.
func sumLine(sum, path string) string {
	if strings.ContainsAny(path, "\\\n") {
		path = strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(path)
		return `\` + sum + "  " + path + "\n"
	}
	return sum + "  " + path + "\n"
}
