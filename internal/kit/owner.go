package kit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The output folder belongs to its owner. spectrumgen writes only into a
// folder that is missing or empty, or one it made: a folder it makes gets
// the marker file .spectrumgen at its top (markerText: a first line naming
// it and "format 1"). Any other non-empty folder (a shared drive, a web
// folder, an older spectrumgen's kits) is refused before anything is
// written into it, even the lock file.

// markerName is the marker file's name, at the top of the output folder.
const markerName = ".spectrumgen"

// markerFormat is the layout version the marker records: 1 is people/,
// zips/, server/, index.html and SHA256SUMS as the record of what was
// written. A later layout raises it, and an older spectrumgen then refuses
// the folder instead of misreading it.
const markerFormat = 1

var markerText = "spectrumgen output folder\nformat " + strconv.Itoa(markerFormat) +
	"\nspectrumgen made this folder; SHA256SUMS lists every file it wrote here.\n" +
	"A file added inside a kit under people/ stops the next run (which names it); keep your own files outside this folder.\n"

// claim checks, before anything is written, that spectrumgen may write into
// root: it is missing, empty, or marked as spectrumgen's. It reports
// whether the marker must still be written.
func claim(root string) (mark bool, err error) {
	fi, err := os.Lstat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("creating the output folder %s: %w; give a folder whose parent is a folder you can write to", root, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return false, fmt.Errorf("output folder %s is a symbolic link; give the real folder it points to", root)
	case !fi.IsDir():
		return false, fmt.Errorf("output folder %s is %s; give a folder name (a new one is made)", root, kindOf(fi.Mode()))
	}
	if _, err := checkRegular(filepath.Join(root, lockName)); err != nil {
		return false, err
	}
	data, err := readRegular(filepath.Join(root, markerName))
	if err == nil {
		return false, checkMarker(root, data)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("output folder %s: its marker: %w", root, err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return false, fmt.Errorf("output folder: %w", err)
	}
	var found []string
	old := false
	for _, e := range entries {
		if e.Name() == lockName {
			old = true
			if len(entries) == 1 {
				continue // a first run killed before it wrote the marker
			}
		}
		found = append(found, describeEntry(e))
	}
	if len(found) == 0 {
		return true, nil
	}
	sort.Strings(found)
	more := ""
	if len(found) > 5 {
		more = fmt.Sprintf(" and %d more", len(found)-5)
		found = found[:5]
	}
	hint := "give --out a new folder name (spectrumgen makes it), or an empty folder"
	if old {
		hint = "it looks like kits from a spectrumgen older than output format " + strconv.Itoa(markerFormat) +
			": move it aside (mv " + root + " " + root + ".old) and run again, or give --out a new folder name"
	}
	return false, fmt.Errorf("output folder %s is not empty and was not made by spectrumgen (it has no %s marker): it holds %s%s; "+
		"spectrumgen writes only into a new or empty folder, or one it made, so that it never replaces or deletes your files: %s; nothing was written",
		root, markerName, strings.Join(found, ", "), more, hint)
}

// describeEntry names a folder entry for people: "index.html", "docs/".
func describeEntry(e fs.DirEntry) string {
	name := strconv.Quote(e.Name())
	name = name[1 : len(name)-1] // escaped, without the quotes
	switch {
	case e.IsDir():
		return name + "/"
	case e.Type().IsRegular():
		return name
	}
	return name + " (" + kindOf(e.Type()) + ")"
}

// checkMarker refuses a marker spectrumgen did not write or cannot read.
func checkMarker(root string, data []byte) error {
	lines := strings.SplitN(string(data), "\n", 3)
	if len(lines) < 2 || lines[0] != "spectrumgen output folder" || !strings.HasPrefix(lines[1], "format ") {
		return fmt.Errorf("output folder %s: %s is not spectrumgen's marker (%q); if the folder holds your own files, give --out another folder",
			root, markerName, firstLine(data))
	}
	n, err := strconv.Atoi(strings.TrimPrefix(lines[1], "format "))
	if err != nil || n < 1 {
		return fmt.Errorf("output folder %s: %s has an unreadable format line %q", root, markerName, lines[1])
	}
	if n > markerFormat {
		return fmt.Errorf("output folder %s was written by a newer spectrumgen (output format %d; this one writes %d): run that version, or give --out another folder",
			root, n, markerFormat)
	}
	return nil
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) > 60 {
		b = b[:60]
	}
	return string(b)
}

// writeMarker marks root as spectrumgen's, once it holds the lock.
func writeMarker(root string) error {
	p := filepath.Join(root, markerName)
	err := createFile(p, []byte(markerText), 0o644)
	if errors.Is(err, fs.ErrExist) {
		data, rerr := readRegular(p)
		if rerr != nil {
			return rerr
		}
		return checkMarker(root, data) // another run made it first
	}
	if err != nil {
		return fmt.Errorf("marking the output folder: %w", err)
	}
	return nil
}
