package manifest

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// bigManifest writes a manifest of n people the way bench/genmanifest
// does: four profiles, quoted names, a password command for everyone.
func bigManifest(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\norganization: \"Example School District\"\ndefaults:\n  clients: [thunderbird, apple, mutt]\n  password_command: \"pass show mail/{email}\"\naccounts:\n")
	domains := []struct{ profile, domain string }{{"", "spectrum.net"}, {"charter", "charter.net"}, {"twc", "twc.com"}, {"brighthouse", "brighthouse.com"}}
	for i := range n {
		d := domains[i%len(domains)]
		fmt.Fprintf(&b, "  - email: user%06d@%s\n    name: \"Zoë O'Brien, \\\"The Boss\\\" %d\"\n", i, d.domain, i)
		if d.profile != "" {
			fmt.Fprintf(&b, "    profile: %s\n", d.profile)
		}
		if i%3 == 0 {
			b.WriteString("    clients: [mutt, thunderbird]\n")
		}
	}
	return []byte(b.String())
}

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC() // the second finishes sweeping what the first freed
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestManifestMemoryPerPerson: a parsed manifest holds its accounts and
// nothing of the YAML it came from. The node tree of a list entry alone
// takes some 1,300 bytes; the resolved account about 450 (the Account
// struct is 312 bytes, the rest its address, name and password command;
// the clients' list and the identifier prefix are shared). The bound
// leaves room for allocator rounding, not for a kept node tree or a
// second copy of the accounts.
func TestManifestMemoryPerPerson(t *testing.T) {
	const n = 20000
	data := bigManifest(n)
	opt := opts(t)
	before := liveHeap()
	m, err := Parse("big.yaml", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	after := liveHeap()
	if len(m.Accounts) != n {
		t.Fatalf("%d accounts, want %d", len(m.Accounts), n)
	}
	perPerson := (int64(after) - int64(before)) / n
	t.Logf("%d people: %d bytes each after parsing (%.1f MB; the file is %.1f MB)", n, perPerson,
		float64(int64(after)-int64(before))/(1<<20), float64(len(data))/(1<<20))
	const bound = 640
	if perPerson > bound {
		t.Errorf("the parsed manifest holds %d bytes per person, more than %d", perPerson, bound)
	}
	// Accounts with the same clients share one list.
	if &m.Accounts[1].Clients[0] != &m.Accounts[2].Clients[0] {
		t.Error("accounts with the same clients hold separate lists")
	}
	runtime.KeepAlive(m)
	runtime.KeepAlive(data)
}

// TestParsePeakMemory: while parsing, memory holds the accounts read so far
// and the few pieces of the list's YAML nodes the read-ahead has in hand
// (readahead.go: on 2 CPUs one worker, two pieces ahead, some 2 MB, or
// 200 bytes a person here), not the whole file's node tree (about 1,300
// bytes a person on top of the account, 1,700 in all). Measured under the
// race detector, which CI uses, 650 to 975 bytes a person. The collector runs
// often here, and a watcher keeps the largest live heap it measured: it
// can miss the very peak, never add to it, so the bound cannot fail by
// chance on a parser that keeps to it.
func TestParsePeakMemory(t *testing.T) {
	const n = 10000
	data := bigManifest(n)
	opt := opts(t)
	if _, _, ok := parseInPieces("big.yaml", data, opt, pieceSize); !ok {
		t.Fatal("a manifest of the usual shape is not read piecewise")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	before := liveHeap()
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var most uint64
		for {
			select {
			case <-stop:
				peak <- most
				return
			case <-time.After(100 * time.Microsecond):
			}
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 {
				most = max(most, s[0].Value.Uint64())
			}
		}
	}()
	m, err := Parse("big.yaml", data, opt)
	close(stop)
	most := <-peak
	if err != nil {
		t.Fatal(err)
	}
	perPerson := (int64(most) - int64(before)) / n
	t.Logf("%d people: at most %d bytes each while parsing", n, perPerson)
	const bound = 1150
	if perPerson > bound {
		t.Errorf("parsing held %d bytes per person at its peak, more than %d: is the whole node tree built?", perPerson, bound)
	}
	runtime.KeepAlive(m)
}
