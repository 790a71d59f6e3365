//go:build !windows

package verify

import "syscall"

// The socket errors diagnoses look for. Windows has its own numbers for
// them (neterr_windows.go), which errors.Is does not match to these.
const (
	errConnRefused = syscall.ECONNREFUSED
	errConnReset   = syscall.ECONNRESET
	errNetUnreach  = syscall.ENETUNREACH
	errHostUnreach = syscall.EHOSTUNREACH
)
