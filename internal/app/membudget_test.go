package app

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestMemoryBudget: the limit is what is live after parsing (mostly the
// accounts) and workTarget more, so the collector always has that much
// room: with less it ran back to back at 100,000 people.
func TestMemoryBudget(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, workTarget},
		{4 << 20, 4<<20 + workTarget},
		{39 << 20, 39<<20 + workTarget},
		{200 << 20, 200<<20 + workTarget},
	} {
		if got := memoryBudgetFor(tc.live); got != tc.want {
			t.Errorf("memoryBudgetFor(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

// TestCollectorWaitsForTheLimit: once the manifest is parsed the collector
// runs when the heap reaches the limit, workTarget above what is live, not
// each time the heap doubles: 800 MB of garbage made in kit-sized pieces
// beside 5 MB that stay live take some 10 to 15 collections (Go's default
// takes over a hundred), and the heap's goal never passes the limit.
func TestCollectorWaitsForTheLimit(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, set := os.LookupEnv(env); set {
			t.Skipf("%s is set: the run leaves the collector as it says", env)
		}
	}
	oldPercent, oldLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()
	live := make([][]byte, 5)
	for i := range live {
		live[i] = make([]byte, 1<<20)
		live[i][0] = 1
	}
	fitMemoryBudget()
	limit := debug.SetMemoryLimit(-1)
	pct := debug.SetGCPercent(-1) // reads it: SetGCPercent has no getter
	debug.SetGCPercent(pct)
	if pct != -1 {
		t.Errorf("GOGC is %d after the manifest is read, want off", pct)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var sink []byte
	for i := 0; i < 2000; i++ {
		sink = make([]byte, 400<<10)
		sink[len(sink)-1] = 1
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(live)
	runtime.KeepAlive(sink)
	cycles := after.NumGC - before.NumGC
	t.Logf("cycles %d", cycles)
	if cycles < 5 || cycles > 25 {
		t.Errorf("%d collections for 800 MB through %d MB of room; want 10 to 15", cycles, workTarget>>20)
	}
	if after.NextGC > uint64(limit) {
		t.Errorf("the heap's goal %d MB passed the limit %d MB", after.NextGC>>20, limit>>20)
	}
}
