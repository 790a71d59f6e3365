package tbandroid

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkGenerateAndSteps is one person's cost in a bulk run: the
// payload, the code, the PNG, and the README steps.
func BenchmarkGenerateAndSteps(b *testing.B) {
	a := fixture.Example(b, "thunderbird-android")[0]
	for b.Loop() {
		if _, err := (Generator{}).Generate(a); err != nil {
			b.Fatal(err)
		}
		if _, err := (Generator{}).Steps(a); err != nil {
			b.Fatal(err)
		}
	}
}
