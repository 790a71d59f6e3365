package manifest

import (
	"runtime"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// The pieces of an accounts list are independent until their accounts are
// resolved: parsing a piece with yaml and reading its items into inputs
// (readInput) look at nothing but the piece and the options. Workers do
// that ahead of the goroutine that resolves (parseInPieces), which takes
// the pieces in the list's order, so the result is the sequential one: the
// same accounts, errors and warnings in the same order, and the same
// fallback to the whole-file reader at the first piece that does not read
// alone. For 10,000 people that work is about half of Parse.

// parsedPiece is one piece of the list as read by readPiece.
type parsedPiece struct {
	ok bool // the piece reads alone (parsePiece)
	// items are the piece's nodes, kept only for the items to read again
	// (redo): the others are dropped as soon as they are read.
	items  []*yaml.Node
	inputs []pieceItem
}

// pieceItem is one item of a piece.
type pieceItem struct {
	in accountInput // its path is set by the resolving goroutine
	// redo is set for an item that has something to report: its reports
	// name the item's index in the whole list, which only the resolving
	// goroutine knows, so it reads the item again itself (readAccount).
	// Manifests with no mistakes never need it.
	redo bool
}

// readPiece parses one piece and reads its items with rd, a resolver that
// only this goroutine uses (its reports are dropped: see pieceItem.redo).
func readPiece(data []byte, p piece, indent int, rd *resolver) parsedPiece {
	items, ok := parsePiece(data[p.start:p.end], p.line, indent)
	if !ok {
		return parsedPiece{}
	}
	pp := parsedPiece{ok: true, items: items, inputs: make([]pieceItem, len(items))}
	for k, it := range items {
		in, ok := rd.readInput(it, "")
		if !ok || rd.d.Errs.Len() > 0 {
			rd.d.Errs.Errs = rd.d.Errs.Errs[:0]
			pp.inputs[k].redo = true
			continue
		}
		pp.inputs[k].in = in
		items[k] = nil // read: let the collector have its nodes
	}
	return pp
}

// pieceWorkers is how many goroutines read pieces ahead: one CPU fewer than
// there are, as the resolving goroutine keeps one busy; none on one CPU,
// where they could only take turns with it. More than two cannot help: the
// resolving goroutine, which takes about as long a piece as a worker, is
// then the bottleneck, and each worker keeps two pieces' nodes alive.
func pieceWorkers() int {
	return min(runtime.GOMAXPROCS(0)-1, 2)
}

// readAhead hands out the pieces of a list, read by workers, in order. At
// most window pieces are being read or waiting to be taken: a piece's
// nodes take some 14 times its size while it is read (a megabyte for a
// piece of 64 kB), a piece waiting holds only its inputs.
type readAhead struct {
	data    []byte
	pieces  []piece
	indent  int
	done    []chan parsedPiece // one per piece, buffered: a worker never waits on it
	slots   chan struct{}      // a counting semaphore of window slots
	next    atomic.Int64       // the next piece to hand a worker
	failed  atomic.Bool        // a piece did not read alone: read no more
	stop    chan struct{}      // closed by close: workers return
	workers sync.WaitGroup
	inline  *resolver // reads the pieces on the caller's goroutine when there are no workers
}

// startReadAhead starts the workers reading sp's pieces (none with
// workers 0: take then reads each piece when asked). The caller must call
// close, whatever happens, before it returns.
func startReadAhead(file string, data []byte, sp listSplit, opt Options, workers int) *readAhead {
	ra := &readAhead{data: data, pieces: sp.pieces, indent: sp.indent, stop: make(chan struct{})}
	reader := func() *resolver { return newResolver(&strictyaml.Decoder{File: file, Errs: &diag.List{}}, opt) }
	if workers <= 0 || len(sp.pieces) < 2 {
		ra.inline = reader()
		return ra
	}
	workers = min(workers, len(sp.pieces))
	ra.done = make([]chan parsedPiece, len(sp.pieces))
	for k := range ra.done {
		ra.done[k] = make(chan parsedPiece, 1)
	}
	ra.slots = make(chan struct{}, 2*workers)
	ra.workers.Add(workers)
	for range workers {
		go ra.work(reader())
	}
	return ra
}

// work reads the next piece not yet handed out, while there is a free
// slot, until every piece is read, one fails, or close is called.
func (ra *readAhead) work(rd *resolver) {
	defer ra.workers.Done()
	for {
		select {
		case <-ra.stop:
			return
		default:
		}
		select {
		case ra.slots <- struct{}{}:
		case <-ra.stop:
			return
		}
		k := int(ra.next.Add(1) - 1)
		if k >= len(ra.pieces) || ra.failed.Load() {
			<-ra.slots
			return
		}
		pp := readPiece(ra.data, ra.pieces[k], ra.indent, rd)
		if !pp.ok {
			ra.failed.Store(true)
		}
		ra.done[k] <- pp
	}
}

// take returns piece k, read. Pieces must be taken in order, each once.
// A piece before k that failed stops the workers before they reach k: the
// caller stops at the first piece that is not ok.
func (ra *readAhead) take(k int) parsedPiece {
	if ra.inline != nil {
		return readPiece(ra.data, ra.pieces[k], ra.indent, ra.inline)
	}
	pp := <-ra.done[k]
	<-ra.slots
	return pp
}

// close stops the workers and waits for them: a worker in the middle of a
// piece finishes it first. It is safe to call more than once.
func (ra *readAhead) close() {
	if ra.inline != nil {
		return
	}
	select {
	case <-ra.stop:
	default:
		close(ra.stop)
	}
	ra.workers.Wait()
}
