package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Undone describes one undone install.
type Undone struct {
	Client, Email string
	Restored      []string // files put back as they were
	Removed       []string // files the install had created
}

// Latest returns the folder of the newest install under stateDir that has
// not been undone, or "" when there is none.
func Latest(stateDir string) (string, error) {
	root := filepath.Join(stateDir, "installs")
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasSuffix(e.Name(), ".undone") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	sort.Strings(names) // the names start with the time
	return filepath.Join(root, names[len(names)-1]), nil
}

// Undo restores the files an install changed, from its journal folder.
// A file changed since the install (by the person or by the program) is
// not overwritten unless force is set: Undo stops before restoring
// anything and names it. Afterwards the folder is renamed *.undone, so it
// is not undone twice.
func Undo(dir string, force bool) (Undone, error) {
	data, err := os.ReadFile(filepath.Join(dir, "journal.json"))
	if err != nil {
		return Undone{}, fmt.Errorf("reading the install's journal: %w", err)
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		return Undone{}, fmt.Errorf("the install's journal %s is damaged: %w", dir, err)
	}
	u := Undone{Client: j.Client, Email: j.Email}
	type step struct {
		f   journalFile
		old []byte
	}
	var steps []step
	for _, f := range j.Files {
		cur, _, exists, err := readRegular(f.Path)
		if err != nil {
			return u, err
		}
		if !force && (!exists || sum(cur) != f.After) {
			return u, fmt.Errorf("%s has changed since spectrumgen installed %s into it (perhaps %s rewrote it, as Thunderbird does with prefs.js on every exit); "+
				"nothing was restored. The file as it was before the install is %s; run `spectrumgen install --undo --force` to put it back anyway",
				f.Path, j.Email, j.Client, backupName(dir, f))
		}
		s := step{f: f}
		if f.Existed {
			if s.old, err = os.ReadFile(filepath.Join(dir, f.Backup)); err != nil {
				return u, fmt.Errorf("reading the backup of %s: %w", f.Path, err)
			}
		}
		steps = append(steps, s)
	}
	for _, s := range steps {
		if s.f.Existed {
			if err := replace(s.f.Path, s.old, s.f.Mode); err != nil {
				return u, fmt.Errorf("restoring %s: %w", s.f.Path, explain(err))
			}
			u.Restored = append(u.Restored, s.f.Path)
		} else {
			if err := os.Remove(s.f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return u, fmt.Errorf("removing %s: %w", s.f.Path, err)
			}
			u.Removed = append(u.Removed, s.f.Path)
		}
	}
	for i := len(j.Dirs) - 1; i >= 0; i-- {
		_ = os.Remove(j.Dirs[i]) // only when still empty: mail may be in it
	}
	if err := os.Rename(dir, dir+".undone"); err != nil {
		return u, fmt.Errorf("marking the install as undone: %w", err)
	}
	return u, nil
}

func backupName(dir string, f journalFile) string {
	if !f.Existed {
		return "(none: the install created it)"
	}
	return filepath.Join(dir, f.Backup)
}
