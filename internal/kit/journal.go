package kit

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The journal covers the one gap in the record: SHA256SUMS is written last,
// so the kits and zips a killed run put in place are in no SHA256SUMS yet.
// Before a kit or zip is put in place its address is appended to
// .spectrumgen-journal; a run that ends well removes the journal. A run
// that finds one counts the kits it names as spectrumgen's (the whole
// folder was swapped in at once), and appends to it, so the journals of
// several killed runs add up until one run ends.

const journalName = ".spectrumgen-journal"

// readJournal returns the addresses in the journal of killed runs.
func readJournal(root string) (map[string]bool, error) {
	f, err := openRegular(filepath.Join(root, journalName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			seen[line] = true
		}
	}
	return seen, sc.Err()
}

// journal is opened on its first entry, so a run that changes nothing
// makes no journal.
type journal struct {
	path string
	f    *os.File
}

func newJournal(root string) *journal { return &journal{path: filepath.Join(root, journalName)} }

// add records that email's kit or zip is about to be put in place.
func (j *journal) add(email string) error {
	if j.f == nil {
		f, err := os.OpenFile(j.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND|openFlags, 0o644)
		if err != nil {
			return fmt.Errorf("opening the journal: %w", err)
		}
		if err := isRegular(f); err != nil {
			f.Close()
			return err
		}
		j.f = f
	}
	_, err := j.f.WriteString(email + "\n")
	return err
}

// done removes the journal: SHA256SUMS now records everything.
func (j *journal) done() error {
	if j.f != nil {
		j.f.Close()
		j.f = nil
	}
	if err := os.Remove(j.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (j *journal) close() {
	if j.f != nil {
		j.f.Close()
	}
}
