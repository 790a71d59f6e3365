package apple

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkProfile measures building and encoding one profile.
func BenchmarkProfile(b *testing.B) {
	accounts := fixture.Example(b, "apple")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Profile(accounts[i%len(accounts)]); err != nil {
			b.Fatal(err)
		}
	}
}
