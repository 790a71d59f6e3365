package kit

import (
	"context"
	"fmt"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/registry"
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

// BenchmarkListKit looks at 200 unchanged kits with every client, as a
// re-run's survey does: "walk" reads every folder and stats every file,
// "state" stats the files and folders the state file names (quickList).
func BenchmarkListKit(b *testing.B) {
	accounts := make([]account.Account, 200)
	for i := range accounts {
		a := fixture.Example(b, registry.Names()...)[0]
		a.Email = fmt.Sprintf("user%d@spectrum.net", i)
		accounts[i] = a
	}
	all := map[string]generators.Generator{}
	for _, g := range registry.All() {
		all[g.Name()] = g
	}
	out := b.TempDir()
	if _, err := Write(context.Background(), Options{Out: out, Generators: all}, accounts); err != nil {
		b.Fatal(err)
	}
	sr := openState(out)
	if sr == nil {
		b.Fatal("no state file")
	}
	var ents []stateEntry
	for e, ok := sr.next(); ok; e, ok = sr.next() {
		ents = append(ents, e)
	}
	at := sr.writtenAt()
	sr.close()
	o := &outDir{root: out}
	for _, quick := range []bool{false, true} {
		name := map[bool]string{false: "walk", true: "state"}[quick]
		b.Run(name, func(b *testing.B) {
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				e := ents[i%len(ents)]
				l, err := o.list(e.email, true, &e, at, quick)
				if err != nil || !l.trusted || l.fromState != quick {
					b.Fatalf("%s: trusted %v, from the state %v, %v", e.email, l.trusted, l.fromState, err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/kit")
		})
	}
}

// BenchmarkRerunOneChanged re-runs into a folder of 10,000 kits (1,000
// with -short; Thunderbird, with zips) with one person's name changed, and
// back, as someone re-running after an edit does: one kit is generated
// and written, and the files over the whole output (index.html,
// SHA256SUMS, the state file) are what grows with the people. cpu-ns/op
// is the process's CPU time per re-run.
func BenchmarkRerunOneChanged(b *testing.B) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	base := fixture.Example(b, "thunderbird")[0]
	accounts := make([]account.Account, n)
	for i := range accounts {
		a := base
		a.Email = fmt.Sprintf("user%05d@spectrum.net", i)
		a.Name = fmt.Sprintf("Person %d", i)
		accounts[i] = a
	}
	out := b.TempDir()
	opt := Options{Out: out, Generators: gens, Zip: true}
	if _, err := Write(context.Background(), opt, accounts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		accounts[n/2].Name = fmt.Sprintf("Person %d", n/2+i%2)
		sum, err := Write(context.Background(), opt, accounts)
		if err != nil {
			b.Fatal(err)
		}
		if i > 0 && len(sum.Changed) != 1 {
			b.Fatalf("re-run %d changed %q, want one kit", i, sum.Changed)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}
