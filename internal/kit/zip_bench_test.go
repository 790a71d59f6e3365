package kit

import (
	"sort"

	"github.com/spectrumgen/spectrumgen/generators"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkZip zips one full kit (every client, README pages): the time per
// kit and, as "zip-bytes", the zip's size.
func BenchmarkZip(b *testing.B) {
	a := fixture.Example(b, registry.Names()...)[0]
	all := map[string]generators.Generator{}
	for _, g := range registry.All() {
		all[g.Name()] = g
	}
	files, err := generate(all, a)
	if err != nil {
		b.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var size int
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		z, err := Zip(a.Email, files)
		if err != nil {
			b.Fatal(err)
		}
		size = len(z)
	}
	// On a shared machine the wall time per kit says more about the
	// neighbours than about the zip; the process's CPU time does not.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(size), "zip-bytes")
}
