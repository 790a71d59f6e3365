package instructions

import (
	"fmt"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/account"
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
			// A new person each time, as in a run: nothing of theirs
			// is cached from the one before.
			base := fixture.Example(b, bc.clients...)[1]
			people := make([]account.Account, 1000)
			for i := range people {
				a := base
				a.Email = fmt.Sprintf("user%d@spectrum.net", i)
				a.Name = fmt.Sprintf("Person %d", i)
				a.Incoming.Username, a.Outgoing.Username = a.Email, a.Email
				people[i] = a
			}
			b.ReportAllocs()
			cpu0 := cpuTime()
			i := 0
			for b.Loop() {
				if _, err := Files(people[i%len(people)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
