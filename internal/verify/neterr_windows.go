package verify

import "golang.org/x/sys/windows"

// The socket errors diagnoses look for, as Winsock numbers them: Go's
// syscall.ECONNREFUSED and the like are never returned on Windows.
const (
	errConnRefused = windows.WSAECONNREFUSED
	errConnReset   = windows.WSAECONNRESET
	errNetUnreach  = windows.WSAENETUNREACH
	errHostUnreach = windows.WSAEHOSTUNREACH
)
