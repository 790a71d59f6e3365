package instructions

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkFiles renders one person's README.html and README.txt.
func BenchmarkFiles(b *testing.B) {
	a := fixture.Example(b, "thunderbird", "apple", "outlook")[1]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Files(a); err != nil {
			b.Fatal(err)
		}
	}
}
