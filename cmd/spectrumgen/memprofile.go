package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// startHeapProfile writes to the file named by SPECTRUMGEN_MEMPROFILE the
// heap profile taken when the live heap was at its largest, for finding
// what holds memory at a run's peak (go tool pprof -sample_index=inuse_space
// spectrumgen FILE), and prints that peak to stderr. A profile taken at the
// end would miss it: by then the manifest is long freed. Unset, it does
// nothing. The returned function stops watching and writes the file.
func startHeapProfile(getenv func(string) string) func() {
	f := profileFile(getenv, "SPECTRUMGEN_MEMPROFILE")
	if f == nil {
		return func() {}
	}
	w := &peakWatcher{stop: make(chan struct{}), done: make(chan struct{})}
	go w.watch(10 * time.Millisecond)
	return func() {
		close(w.stop)
		<-w.done
		w.check() // the last cycles
		_, err := f.Write(w.profile.Bytes())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "spectrumgen: SPECTRUMGEN_MEMPROFILE: %v\n", err)
			return
		}
		fmt.Fprintf(os.Stderr, "spectrumgen: SPECTRUMGEN_MEMPROFILE: peak live heap %.1f MB after garbage collection %d; profile in %s\n",
			float64(w.peak)/(1<<20), w.peakCycle, f.Name())
	}
}

// peakWatcher polls the live heap (as measured by the last garbage
// collection) and keeps the heap profile of the largest one seen. The heap
// profile is that of a recent collection too, so the two agree closely.
type peakWatcher struct {
	stop, done chan struct{}
	samples    []metrics.Sample
	lastCycle  uint64
	peak       uint64
	peakCycle  uint64
	profile    bytes.Buffer
}

func (w *peakWatcher) watch(every time.Duration) {
	defer close(w.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.check()
		}
	}
}

// check takes a profile when a collection since the last check found more
// live memory than any before it.
func (w *peakWatcher) check() {
	if w.samples == nil {
		w.samples = []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	}
	metrics.Read(w.samples)
	if w.samples[0].Value.Kind() != metrics.KindUint64 || w.samples[1].Value.Kind() != metrics.KindUint64 {
		return // not measured by this Go
	}
	cycle, live := w.samples[0].Value.Uint64(), w.samples[1].Value.Uint64()
	if cycle == w.lastCycle {
		return
	}
	w.lastCycle = cycle
	if live <= w.peak {
		return
	}
	w.peak, w.peakCycle = live, cycle
	w.profile.Reset()
	if err := pprof.Lookup("heap").WriteTo(&w.profile, 0); err != nil {
		w.profile.Reset()
	}
}
