package msmtp

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/guidetest"
)

// TestSteps checks the facts the msmtp steps must give, in README.txt and in
// README.html, with and without a password command.
func TestSteps(t *testing.T) {
	for _, a := range fixture.Hostile(t, "msmtp")[:2] {
		guidetest.Says(t, Generator{}, a, "~/.msmtprc", "chmod 600 ~/.msmtprc")
	}
}
