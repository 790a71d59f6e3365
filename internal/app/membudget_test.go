package app

import "testing"

// TestMemoryBudget: the limit is the fixed target until what is live
// leaves less than headroom under it, then follows what is live.
func TestMemoryBudget(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, heapTarget},
		{10 << 20, heapTarget},
		{heapTarget - headroom, heapTarget},
		{heapTarget - headroom + 1, heapTarget + 1},
		{200 << 20, 200<<20 + headroom},
	} {
		if got := memoryBudgetFor(tc.live); got != tc.want {
			t.Errorf("memoryBudgetFor(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}
