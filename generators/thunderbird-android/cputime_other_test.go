//go:build !unix

package tbandroid

func cpuTime() int64 { return 0 }
