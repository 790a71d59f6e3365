//go:build unix

package kit

import "syscall"

// openFlags make an open fail on a final symbolic link (O_NOFOLLOW) and
// return at once on a FIFO or device instead of waiting for a writer
// (O_NONBLOCK); the caller then refuses what it opened by its type.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// lstatFirst: O_NOFOLLOW already refuses a link, without a race.
const lstatFirst = false
