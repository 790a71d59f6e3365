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
	for i := 0; i < b.N; i++ {
		z, err := Zip(a.Email, files)
		if err != nil {
			b.Fatal(err)
		}
		size = len(z)
	}
	b.ReportMetric(float64(size), "zip-bytes")
}
