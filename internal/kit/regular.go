package kit

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Only regular files are ever read or replaced. A FIFO would block the
// run forever on open (holding the lock), a device could be anything, and
// a symbolic link points outside the output folder: each is refused with
// its path and what to do, and is left exactly as it was.

// errNotRegular is what a path that is not a regular file gets.
type errNotRegular struct {
	path string
	mode fs.FileMode
}

func (e *errNotRegular) Error() string {
	return fmt.Sprintf("%s is %s, not a file spectrumgen wrote; spectrumgen reads and replaces only regular files: move it away and run again",
		e.path, kindOf(e.mode))
}

// kindOf names a file type for people.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}

// checkRegular returns nil when nothing is at path or a regular file is,
// and an *errNotRegular for anything else; it never follows a link and
// never opens the file.
func checkRegular(path string) (exists bool, err error) {
	fi, err := os.Lstat(path)
	switch {
	case err != nil && os.IsNotExist(err):
		return false, nil
	case err != nil:
		return false, err
	case !fi.Mode().IsRegular():
		return true, &errNotRegular{path, fi.Mode()}
	}
	return true, nil
}

// openRegular opens path for reading only if it is a regular file. The
// open itself neither follows a final symbolic link nor waits on a FIFO
// (openFlags), and the type is checked on the opened file, so a file
// swapped in between a look-up and the open is still refused.
func openRegular(path string) (*os.File, error) {
	if lstatFirst {
		if _, err := checkRegular(path); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && !fi.Mode().IsRegular() {
			return nil, &errNotRegular{path, fi.Mode()}
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &errNotRegular{path, fi.Mode()}
	}
	return f, nil
}

// readRegular reads the whole of path if it is a regular file.
func readRegular(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// isRegular refuses an opened file that is not a regular file.
func isRegular(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &errNotRegular{f.Name(), fi.Mode()}
	}
	return nil
}
