//go:build unix

package tbandroid

import "syscall"

// cpuTime is the process's CPU time in ns, user and system: on a shared
// machine wall time is noise.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
