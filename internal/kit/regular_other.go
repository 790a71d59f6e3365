//go:build !unix

package kit

// openFlags: Windows has no FIFOs or device nodes in a folder, and opening
// a symbolic link there opens the link's target, so openRegular's check of
// the opened file's type (and the look-up before it) is what refuses them.
const openFlags = 0

// lstatFirst: look before opening, since the open would follow a link.
const lstatFirst = true
