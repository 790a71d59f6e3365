package registry

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkAllClients generates every client's files for one account, in
// memory: the CPU cost of one person's kit before instructions and writing.
func BenchmarkAllClients(b *testing.B) {
	a := fixture.Example(b, Names()...)[1]
	b.ReportAllocs()
	for b.Loop() {
		for _, g := range All() {
			if _, err := g.Generate(a); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEachClient is the same per client.
func BenchmarkEachClient(b *testing.B) {
	a := fixture.Example(b, Names()...)[1]
	for _, g := range All() {
		b.Run(g.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := g.Generate(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
