package app

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The garbage collector's soft memory limit (debug.SetMemoryLimit). By
// default Go lets the heap grow to twice what is live before collecting;
// a 100,000-person run holds about 55 MB live while writing (39 MB of it
// the accounts), so its heap grew to 110 MB and more, and its peak RSS
// to 140 MB. The limit makes the collector run sooner once the heap
// nears heapTarget, which a run of up to about 100,000 people stays
// under (peak RSS 96 MB with mutt, 98 MB with every client and --zip), at
// the cost of more collections: at 100,000 people with mutt, 27-34 s of
// user time against 26-31 s without (two runs each on a shared machine:
// within its noise); nothing at 10,000, whose heap never gets near it. Past that the limit grows with what is live, by
// headroom, so the collector never runs back to back. GOMEMLIMIT, when
// set, replaces all of this.
const (
	heapTarget = 85 << 20
	headroom   = 40 << 20
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
func fitMemoryBudget() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(memoryBudgetFor(liveHeap()))
}

// memoryBudgetFor is the limit for a run whose live heap is live bytes.
func memoryBudgetFor(live uint64) int64 {
	return max(heapTarget, int64(live)+headroom)
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
