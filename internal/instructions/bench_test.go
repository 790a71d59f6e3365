package instructions

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkFiles renders one person's README.html and README.txt, with
// three clients and with every registered one (as a run with all clients
// does). cpu-ns/op is the process's CPU time, garbage collection included:
// on a shared machine it is steadier than the wall time of ns/op.
func BenchmarkFiles(b *testing.B) {
	for _, bc := range []struct {
		name    string
		clients []string
	}{
		{"three", []string{"thunderbird", "apple", "outlook"}},
		{"all", registry.Names()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			a := fixture.Example(b, bc.clients...)[1]
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := Files(a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
