package app

import "testing"

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
