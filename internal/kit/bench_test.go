package kit

import (
	"context"
	"fmt"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkWrite writes the kits of 1,000 people (with zips) into one
// folder: the first iteration writes them, the later ones find them
// unchanged, as a re-run does.
func BenchmarkWrite(b *testing.B) {
	base := fixture.Example(b, "thunderbird")[0]
	accounts := make([]account.Account, 1000)
	for i := range accounts {
		a := base
		a.Email = fmt.Sprintf("user%d@spectrum.net", i)
		accounts[i] = a
	}
	out := b.TempDir()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := Write(context.Background(), Options{Out: out, Generators: gens, Zip: true}, accounts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/float64(len(accounts)), "cpu-ns/kit")
}
