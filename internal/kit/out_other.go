//go:build !linux

package kit

import (
	"errors"
	"io/fs"
	"os"
)

// On macOS and Windows a kit is swapped in with two renames (swapAside in
// out.go): the old kit moves aside, then the new one moves in. Windows has
// no call that exchanges two folders. macOS has renamex_np(RENAME_SWAP) on
// APFS (golang.org/x/sys/unix.RenamexNp), which would make the swap one
// step as on Linux, but it has not been run on a Mac here, so macOS takes
// the tested Windows path.
//
// What that promises: a run killed at any point but one leaves each kit
// wholly old or wholly new, as on Linux. The one point is between the two
// renames of a kit being replaced: a run killed there leaves that person's
// folder missing (the old kit under people/.tmp-.aside-..., the new one
// under people/.tmp-...), until the next run, which before writing
// anything moves the old kit back (restoreAsides) and then writes as usual.
// Readers (a person opening their kit during a run) may also find the
// folder missing for that moment. If a program holds a file of the kit
// open, Windows refuses the rename and the run stops with that error,
// leaving the old kit. Nothing is fsynced, on any platform: a power cut
// is not covered.

// exchange replaces the kit at final by newDir (swapAside).
func exchange(newDir, final string) (old string, err error) { return swapAside(newDir, final) }

// createFile writes a new file with the mode perm (on Windows: read-only
// or not, see samePerm). O_EXCL refuses a file or link already there.
func createFile(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Chmod(perm) // the umask may have taken bits away
	}
	return errors.Join(werr, f.Close())
}

// rename renames a file or a folder to a name that is free (a folder) or
// a file (replaced).
func rename(oldPath, newPath string) error { return os.Rename(oldPath, newPath) }
