package app

import (
	"sync"

	"github.com/schollz/progressbar/v3"
)

// newProgress returns a progress callback drawing a bar on stderr. It is
// used only when stderr is a terminal and --quiet is not given.
func newProgress(s *IO, total int) func(done, total int) {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(s.Err),
		progressbar.OptionSetDescription("writing kits"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000), // redraw at most every 0.1 s
		progressbar.OptionClearOnFinish(),
		progressbar.OptionEnableColorCodes(s.colorOn(s.ErrTTY)),
	}
	bar := progressbar.NewOptions(total, opts...)
	var mu sync.Mutex
	return func(done, _ int) {
		mu.Lock()
		defer mu.Unlock()
		_ = bar.Set(done)
	}
}
