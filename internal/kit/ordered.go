package kit

import (
	"context"
	"sync"
)

// forEachOrdered calls work(0..n-1) on jobs workers and emit(k, result) for
// each k in order, on the calling goroutine. Workers run at most window
// items ahead of the next one to emit, so memory stays bounded however long
// the list is. The first error stops everything and is returned.
func forEachOrdered[T any](ctx context.Context, jobs, n int, work func(k int) (T, error), emit func(k int, r T) error) error {
	type result struct {
		k   int
		r   T
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := 4 * jobs
	tokens := make(chan struct{}, window) // one per item handed out and not yet emitted
	next := make(chan int)
	results := make(chan result, window)
	var wg sync.WaitGroup
	for w := 0; w < min(jobs, max(n, 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				r, err := work(k)
				results <- result{k, r, err}
			}
		}()
	}
	go func() {
		defer close(next)
		for k := 0; k < n; k++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := make(map[int]result, window)
	want := 0
	var firstErr error
	for res := range results {
		if firstErr != nil {
			continue // drain, so the workers can finish
		}
		if res.err != nil {
			firstErr = res.err
			cancel()
			continue
		}
		pending[res.k] = res
		for {
			r, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			if err := emit(want, r.r); err != nil {
				firstErr = err
				cancel()
				break
			}
			want++
			<-tokens
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if want < n {
		return ctx.Err() // the caller's context was cancelled
	}
	return nil
}
