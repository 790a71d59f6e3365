package manifest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// genManifests caches bench/genmanifest's output by size, for the whole
// test binary: generating 100,000 people takes a while.
var genManifests sync.Map // int -> []byte

// genManifest returns the manifest `go run ./bench/genmanifest -n n` writes,
// the one bench/run.sh and the README's figures use. The benchmark is
// skipped where go cannot run it.
func genManifest(b *testing.B, n int) []byte {
	if data, ok := genManifests.Load(n); ok {
		return data.([]byte)
	}
	cmd := exec.Command("go", "run", "./bench/genmanifest", "-n", fmt.Sprint(n))
	cmd.Dir = filepath.Join("..", "..")
	cmd.Stderr = os.Stderr
	data, err := cmd.Output()
	if err != nil {
		b.Skipf("go run ./bench/genmanifest: %v", err)
	}
	genManifests.Store(n, data)
	return data
}

// BenchmarkParse parses a generated manifest with every registered client
// known, as the program does (its clients' checks left out: they are the
// generators' cost). ns/op is wall time; cpu-ns/op the process's CPU time
// over all its threads, garbage collection included, so the two differ by
// what runs in parallel.
func BenchmarkParse(b *testing.B) {
	profiles, err := profile.Load()
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Profiles: profiles, Clients: registry.Names()}
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			if n > 10000 && os.Getenv("SPECTRUMGEN_BENCH_LARGE") == "" {
				b.Skip("set SPECTRUMGEN_BENCH_LARGE=1 for 100,000 people")
			}
			benchParse(b, "big.yaml", genManifest(b, n), opt, n, Parse)
		})
	}
}

// BenchmarkParseCSV parses the same people as BenchmarkParse, written as
// a directory export: email, name, profile and clients columns.
func BenchmarkParseCSV(b *testing.B) {
	profiles, err := profile.Load()
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Profiles: profiles, Clients: registry.Names()}
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			if n > 10000 && os.Getenv("SPECTRUMGEN_BENCH_LARGE") == "" {
				b.Skip("set SPECTRUMGEN_BENCH_LARGE=1 for 100,000 people")
			}
			m, err := Parse("big.yaml", genManifest(b, n), opt)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			w := csv.NewWriter(&buf)
			w.Write([]string{"email", "name", "profile", "clients"})
			for _, a := range m.Accounts {
				clients := "all"
				if len(a.Clients) != len(opt.Clients) {
					clients = strings.Join(a.Clients, ";")
				}
				w.Write([]string{a.Email, a.Name, a.Profile, clients})
			}
			w.Flush()
			benchParse(b, "big.csv", buf.Bytes(), opt, n, ParseCSV)
		})
	}
}

// benchParse times parse on data, which holds n people, reporting the
// process's CPU time per parse beside the wall time.
func benchParse(b *testing.B, name string, data []byte, opt Options, n int, parse func(string, []byte, Options) (*Manifest, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		m, err := parse(name, data, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Accounts) != n {
			b.Fatalf("%d accounts, want %d", len(m.Accounts), n)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}
