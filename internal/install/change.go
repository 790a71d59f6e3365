// Package install sets an account up in the mail programs of the machine
// it runs on (`spectrumgen install`): it finds each program's own
// configuration, plans the smallest change that adds the account beside
// what is there, shows it, and applies it with a backup of every file it
// changes, so that `spectrumgen install --undo` can put every byte back.
//
// The flow: a planner per client (thunderbird.go, terminal.go) reads the
// configuration and returns a Plan of Changes, without writing anything;
// Apply (this file) writes a journal and backups first, then the files;
// Undo (undo.go) restores them.
package install

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Change is one file an install writes: its whole new content, and what
// was there when the plan was made.
type Change struct {
	Path    string // absolute
	Existed bool
	Old     []byte
	OldMode fs.FileMode
	New     []byte
	Mode    fs.FileMode
	Why     string // "adds the account's prefs to prefs.js"
}

// Plan is what one install will do.
type Plan struct {
	Client  string
	Email   string
	Changes []Change
	// Dirs are folders to create (the mail folder mbsync syncs into); an
	// existing one is left alone.
	Dirs []string
	// Already says the account is set up in this client; the plan then
	// changes nothing.
	Already string
	// Next is what the person does afterwards ("Start Thunderbird…").
	Next []string
}

// journal is the record of one install, written before any file is
// touched, so a run stopped half-way can still be undone.
type journal struct {
	Client string        `json:"client"`
	Email  string        `json:"email"`
	Time   time.Time     `json:"time"`
	Files  []journalFile `json:"files"`
	Dirs   []string      `json:"created_dirs,omitempty"`
}

type journalFile struct {
	Path    string      `json:"path"`
	Existed bool        `json:"existed"`
	Mode    fs.FileMode `json:"mode_before,omitempty"`
	Backup  string      `json:"backup,omitempty"` // file name in the journal's folder
	After   string      `json:"sha256_after"`
}

// readRegular reads path if it is a regular file. A missing file is
// (nil, false, nil). A symlink, folder or special file is an error: an
// install replaces files by renaming, which would put a file where the
// person keeps a link, and must never block opening a FIFO.
func readRegular(path string) (data []byte, mode fs.FileMode, exists bool, err error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		if fi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			what = "a symbolic link to " + target
		}
		return nil, 0, false, fmt.Errorf("%s is %s; spectrumgen install changes only regular files: "+
			"make the change by hand from the kit, or point the program at a regular file", path, what)
	}
	data, err = os.ReadFile(path)
	return data, fi.Mode().Perm(), true, err
}

// Apply carries plan out. The journal and backups go into a new folder
// under stateDir first; then each file is written to a temporary name
// beside it and renamed over the old one. If a write fails, the files
// already replaced are put back, so the configuration is wholly old or
// wholly new. It returns the journal's folder.
func Apply(plan Plan, stateDir string, now time.Time) (string, error) {
	if plan.Already != "" || len(plan.Changes) == 0 {
		return "", nil
	}
	// Nothing may have changed since the plan was shown.
	for _, c := range plan.Changes {
		data, _, exists, err := readRegular(c.Path)
		if err != nil {
			return "", err
		}
		if exists != c.Existed || !bytes.Equal(data, c.Old) {
			return "", fmt.Errorf("%s changed while spectrumgen was planning the install; nothing was written: run it again", c.Path)
		}
	}
	id := now.UTC().Format("20060102T150405.000") + "-" + plan.Client + "-" + plan.Email
	dir := filepath.Join(stateDir, "installs", id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("making the install's backup folder: %w", err)
	}
	j := journal{Client: plan.Client, Email: plan.Email, Time: now.UTC()}
	for i, c := range plan.Changes {
		f := journalFile{Path: c.Path, Existed: c.Existed, Mode: c.OldMode, After: sum(c.New)}
		if c.Existed {
			f.Backup = fmt.Sprintf("backup-%d-%s", i, filepath.Base(c.Path))
			if err := writeFileSync(filepath.Join(dir, f.Backup), c.Old, 0o600); err != nil {
				return "", fmt.Errorf("backing up %s: %w", c.Path, err)
			}
		}
		j.Files = append(j.Files, f)
	}
	for _, d := range plan.Dirs {
		if _, err := os.Stat(d); errors.Is(err, fs.ErrNotExist) {
			j.Dirs = append(j.Dirs, d)
		}
	}
	if err := writeJournal(dir, j); err != nil {
		return "", err
	}

	var done []Change
	for _, c := range plan.Changes {
		if err := replace(c.Path, c.New, c.Mode); err != nil {
			for _, d := range done {
				restore(d)
			}
			_ = os.RemoveAll(dir)
			return "", fmt.Errorf("writing %s: %w; every file was left as it was", c.Path, explain(err))
		}
		done = append(done, c)
	}
	for _, d := range j.Dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return dir, fmt.Errorf("making %s: %w (the configuration was written; make the folder by hand)", d, err)
		}
	}
	return dir, nil
}

// restore puts a change's old content back (best effort, after a failure).
func restore(c Change) {
	if c.Existed {
		_ = replace(c.Path, c.Old, c.OldMode)
	} else {
		_ = os.Remove(c.Path)
	}
}

// replace writes data to a temporary file beside path, syncs it and
// renames it over path. Missing parent folders are made (mode 0700: they
// hold mail configuration).
func replace(path string, data []byte, mode fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".spectrumgen-tmp")
	_ = os.Remove(tmp) // left by a run that was killed while writing it
	if err := writeFile(tmp, data, mode); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// writeFile is writeFileSync; tests replace it to fail as a full disk or
// a read-only file would.
var writeFile = writeFileSync

// writeFileSync creates path (failing if it exists), writes data, syncs.
func writeFileSync(path string, data []byte, mode fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(path, mode) // the umask may have narrowed it
	}
	return err
}

func writeJournal(dir string, j journal) error {
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(dir, "journal.json"), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing the install's journal: %w", err)
	}
	return nil
}

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// explain adds what to do to the file-system errors people meet.
func explain(err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w (the file or its folder is read-only for you)", err)
	case strings.Contains(err.Error(), "no space left"):
		return fmt.Errorf("%w (the disk is full: free some space and run it again)", err)
	}
	return err
}
