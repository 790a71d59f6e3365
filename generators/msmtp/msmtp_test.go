package msmtp

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

func TestGolden(t *testing.T) {
	fixture.AssertGolden(t, Generator{}, nil)
}

func TestReadsBack(t *testing.T) {
	for _, a := range append(fixture.Example(t, "msmtp"), fixture.Hostile(t, "msmtp")...) {
		rc, err := Msmtprc(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		checkReadsBack(t, a, string(rc))
	}
}
