package applesign

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/generators/apple"
	"github.com/spectrumgen/spectrumgen/internal/applesign/testpki"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

func benchSigner(b *testing.B, kt testpki.KeyType) (*Signer, testpki.Paths) {
	b.Helper()
	paths := testpki.New(b, testpki.NewKey(b, kt)).Write(b, b.TempDir(), testpki.PKCS8)
	s, _, err := Load(files(paths), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	return s, paths
}

func benchSign(b *testing.B, kt testpki.KeyType) {
	s, _ := benchSigner(b, kt)
	content := profile(b)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Sign(content); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignRSA2048 measures one signature, with its verification.
func BenchmarkSignRSA2048(b *testing.B) { benchSign(b, testpki.RSA2048) }

// BenchmarkSignECDSAP256 measures one signature, with its verification.
func BenchmarkSignECDSAP256(b *testing.B) { benchSign(b, testpki.ECDSAP256) }

// signParallel signs profiles from workers goroutines that take the next
// profile as they finish one, as the kit writer's workers (one per CPU)
// call the signing step.
func signParallel(s *Signer, profiles [][]byte, workers int) error {
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(profiles)); i = next.Add(1) - 1 {
				if _, err := s.Sign(profiles[i]); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// BenchmarkSign200Profiles compares signing 200 profiles in this process,
// each verified, with running `openssl smime -sign` once per profile, one
// after the other, as shell scripts around the public tools do. In process
// it signs them one after the other (in-process) and from runtime.NumCPU()
// workers (in-process-parallel), which is how spectrumgen signs. One op is
// 200 profiles. bench/apple-sign.sh runs it and prints the ratios.
func BenchmarkSign200Profiles(b *testing.B) {
	const n = 200
	base := fixture.Example(b, "apple")
	profiles := make([][]byte, n)
	for i := range profiles {
		a := base[i%len(base)]
		a.Email = fmt.Sprintf("person%03d@spectrum.net", i)
		data, err := apple.Profile(a)
		if err != nil {
			b.Fatal(err)
		}
		profiles[i] = data
	}
	for _, kt := range []testpki.KeyType{testpki.RSA2048, testpki.ECDSAP256} {
		s, paths := benchSigner(b, kt)
		b.Run("in-process/"+string(kt), func(b *testing.B) {
			for b.Loop() {
				for _, p := range profiles {
					if _, err := s.Sign(p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run("in-process-parallel/"+string(kt), func(b *testing.B) {
			for b.Loop() {
				if err := signParallel(s, profiles, runtime.NumCPU()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("openssl-smime/"+string(kt), func(b *testing.B) {
			realtest.Need(b, "openssl")
			dir := b.TempDir()
			in := make([]string, n)
			for i, p := range profiles {
				in[i] = filepath.Join(dir, fmt.Sprintf("%03d.mobileconfig", i))
				if err := os.WriteFile(in[i], p, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				for _, f := range in {
					cmd := exec.Command("openssl", "smime", "-sign", "-nodetach", "-binary", "-outform", "der",
						"-signer", paths.Cert, "-inkey", paths.Key, "-certfile", paths.Chain, "-in", f, "-out", f+".signed")
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("openssl smime: %v\n%s", err, out)
					}
				}
			}
		})
	}
}

// BenchmarkSignThroughput signs one profile from every CPU at once, as the
// kit writer's workers do (b.RunParallel), each signature verified: its
// signs/s sit beside `openssl speed -multi N` in bench/sign-speed.sh.
func BenchmarkSignThroughput(b *testing.B) {
	for _, kt := range []testpki.KeyType{testpki.RSA2048, testpki.ECDSAP256} {
		b.Run(string(kt), func(b *testing.B) {
			s, _ := benchSigner(b, kt)
			content := profile(b)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := s.Sign(content); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "signs/s")
		})
	}
}
