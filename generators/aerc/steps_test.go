package aerc

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/guidetest"
)

// TestSteps checks the facts the aerc steps must give, in README.txt and in
// README.html, with and without a password command.
func TestSteps(t *testing.T) {
	for _, a := range fixture.Hostile(t, "aerc")[:2] {
		guidetest.Says(t, Generator{}, a, "~/.config/aerc/accounts.conf", "chmod 600 ~/.config/aerc/accounts.conf")
	}
}
