package mbsync

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/guidetest"
)

// TestSteps checks the facts the mbsync steps must give, in README.txt and in
// README.html, with and without a password command.
func TestSteps(t *testing.T) {
	for _, a := range fixture.Hostile(t, "mbsync")[:2] {
		guidetest.Says(t, Generator{}, a, "~/.mbsyncrc", "chmod 600 ~/.mbsyncrc", "mbsync -a")
	}
}
