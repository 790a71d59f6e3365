package registry

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// qrClient makes a PNG image, which costs more than every other client
// together; BenchmarkAllClients reports the others without it too.
const qrClient = "thunderbird-android"

// BenchmarkAllClients generates every client's files for one account, in
// memory: the CPU cost of one person's kit before instructions and writing.
// cpu-ns/op is the process's CPU time, garbage collection included: on a
// shared machine it is steadier than the wall time of ns/op.
func BenchmarkAllClients(b *testing.B) {
	a := fixture.Example(b, Names()...)[1]
	for _, bc := range []struct {
		name   string
		withQR bool
	}{{"all", true}, {"noQR", false}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				for _, g := range All() {
					if !bc.withQR && g.Name() == qrClient {
						continue
					}
					if _, err := g.Generate(a); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkEachClient is the same per client.
func BenchmarkEachClient(b *testing.B) {
	a := fixture.Example(b, Names()...)[1]
	for _, g := range All() {
		b.Run(g.Name(), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := g.Generate(a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkEachSteps renders each client's README steps (Guide.Steps), as
// the instructions' pages do once per person and client.
func BenchmarkEachSteps(b *testing.B) {
	a := fixture.Example(b, Names()...)[1]
	for _, g := range All() {
		guide, ok := g.(generators.Guide)
		if !ok {
			continue
		}
		b.Run(g.Name(), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := guide.Steps(a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
