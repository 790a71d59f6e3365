package app

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The garbage collector's soft memory limit (debug.SetMemoryLimit). By
// default Go lets the heap grow to twice what is live before collecting.
// While kits are written the live heap is the accounts (406 bytes a
// person, 39 MB at 100,000) and the work in flight (some 25 MB), and
// every person allocates some 400 kB of pages, files and zip. The limit
// is workTarget above what is live once the manifest is parsed: the
// manifest's own size aside, the heap stays under 85 MB.
//
// It is not tighter on purpose. A first version capped the heap at 85 MB
// in all (accounts included): at 100,000 people that left the collector
// some 20 MB of room, it ran every few dozen people, and a CPU profile of
// the run showed 40% of its time in marking (gcAssistAlloc, scanObject);
// user time rose from 2.5 ms a person at 10,000 and 30,000 people to 4.4 ms
// (445 s), and the run took 3.8 to 4.4 times the tar floor against 2.6 at
// 10,000. GOMEMLIMIT, when set, replaces all of this.
const (
	heapTarget = 85 << 20 // while the manifest is parsed, at the least
	workTarget = 85 << 20 // above the accounts while kits are written
	headroom   = 40 << 20 // above the parse's estimate
	// A parsed manifest holds about 5 times its file's size (406 bytes
	// a person against a file's 88): the estimate while it is parsed.
	accountsPerFileByte = 5
)

// setMemoryBudget sets the limit for parsing a manifest of size bytes.
func setMemoryBudget(size int) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(max(heapTarget, accountsPerFileByte*int64(size)+headroom))
}

// fitMemoryBudget sets the limit from what is live once the manifest is
// parsed: mostly the accounts, which the whole run keeps. The collection
// it runs to measure that also frees the file and the parser's garbage.
//
// From then on the limit alone starts collections (GOGC off), so the heap
// grows to the same workTarget above the accounts at every size, and each
// collection frees tens of MB. With Go's default (collect when the heap
// has doubled) a 10,000-person run, 25 to 30 MB live, collected every 30
// MB: 268 collections against 71, and 6.8 s of collector CPU time against
// 1.9 s (GODEBUG=gctrace=1, summed; 2 loaded cores), at a peak RSS of 61
// MB against 100. GOGC, when set, is left as it says.
func fitMemoryBudget() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(memoryBudgetFor(liveHeap()))
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(-1)
	}
}

// memoryBudgetFor is the limit for a run whose live heap, once the
// manifest is parsed, is live bytes.
func memoryBudgetFor(live uint64) int64 {
	return int64(live) + workTarget
}

// liveHeap collects garbage and returns the bytes of heap objects left.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	return s[0].Value.Uint64()
}
