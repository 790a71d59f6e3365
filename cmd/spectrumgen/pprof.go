package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profileFile creates the file named by the environment variable name, for
// one of the profiles below; nil when it is unset or cannot be made (said
// on stderr: a profile is a measuring aid, never a reason to fail a run).
func profileFile(getenv func(string) string, name string) *os.File {
	path := getenv(name)
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spectrumgen: %s: %v\n", name, err)
		return nil
	}
	return f
}

// startCPUProfile writes a CPU profile of the whole run to the file named by
// SPECTRUMGEN_CPUPROFILE, for bench/run.sh and anyone measuring a slow run
// (go tool pprof spectrumgen FILE). Unset, it does nothing. The returned
// function stops the profile.
func startCPUProfile(getenv func(string) string) func() {
	f := profileFile(getenv, "SPECTRUMGEN_CPUPROFILE")
	if f == nil {
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
