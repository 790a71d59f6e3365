package tbandroid

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// BenchmarkGenerateAndSteps is one person's cost in a bulk run: the
// payload, the code, the PNG, and the README steps.
func BenchmarkGenerateAndSteps(b *testing.B) {
	a := fixture.Example(b, "thunderbird-android")[0]
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := (Generator{}).Generate(a); err != nil {
			b.Fatal(err)
		}
		if _, err := (Generator{}).Steps(a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkEncode is the QR code alone (mask choice included), and
// BenchmarkPNG the image of an encoded code: the two parts of issue 19's
// budget of 0.1 ms CPU per account.
func BenchmarkEncode(b *testing.B) {
	p := mustPayload(b, fixture.Example(b, "thunderbird-android")[0])
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := encode(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkPNG(b *testing.B) {
	m, err := encode(mustPayload(b, fixture.Example(b, "thunderbird-android")[0]))
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		m.PNG()
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}
