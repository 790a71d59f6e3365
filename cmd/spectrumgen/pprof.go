package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile of the whole run to the file named by
// SPECTRUMGEN_CPUPROFILE, for bench/run.sh and anyone measuring a slow run
// (go tool pprof spectrumgen FILE). Unset, it does nothing. The returned
// function stops the profile.
func startCPUProfile(getenv func(string) string) func() {
	path := getenv("SPECTRUMGEN_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spectrumgen: SPECTRUMGEN_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "spectrumgen: SPECTRUMGEN_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
