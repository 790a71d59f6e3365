package kit

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// forEachOrdered calls work(0..n-1) on a pool of at most jobs goroutines
// (an errgroup with a limit, the one pool of the writer) and emit(k,
// result) for each k in order, on the calling goroutine: the single writer.
// Work runs at most 4*jobs items ahead of the next one to emit, so memory
// stays bounded however long the list is. The first error, from work or
// emit, stops everything and is returned.
func forEachOrdered[T any](ctx context.Context, jobs, n int, work func(k int) (T, error), emit func(k int, r T) error) error {
	type result struct {
		k int
		r T
	}
	jobs = max(jobs, 1)
	window := 4 * jobs
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(jobs)
	tokens := make(chan struct{}, window) // one per item handed out and not yet emitted
	results := make(chan result, window)
	fed := make(chan struct{})
	stop := make(chan struct{}) // closed when emitting ends early
	go func() {
		defer close(fed)
		for k := 0; k < n; k++ {
			select {
			case tokens <- struct{}{}:
			case <-gctx.Done():
				return
			case <-stop:
				return
			}
			g.Go(func() error {
				r, err := work(k)
				if err != nil {
					return err
				}
				results <- result{k, r} // never blocks: at most window are out
				return nil
			})
		}
	}()
	done := make(chan error, 1)
	go func() {
		<-fed
		done <- g.Wait()
	}()
	pending := make(map[int]T, window)
	want := 0
	var emitErr, werr error
	running := true // workers may still send results
loop:
	for want < n && emitErr == nil {
		var res result
		if running {
			select {
			case res = <-results:
			case werr = <-done:
				running = false // what they sent is in the buffer
				continue
			}
		} else {
			select {
			case res = <-results:
			default:
				break loop
			}
		}
		pending[res.k] = res.r
		for {
			r, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			if emitErr = emit(want, r); emitErr != nil {
				break
			}
			want++
			<-tokens
		}
	}
	close(stop)
	if running {
		werr = <-done // every worker has returned
	}
	switch {
	case werr != nil:
		return werr
	case emitErr != nil:
		return emitErr
	case want < n:
		return context.Cause(ctx) // the caller's context was cancelled
	}
	return nil
}
