package kit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// A killed (here: failed) run puts new kits in place before SHA256SUMS
// records them; the journal lets the next run know they are its own.
// Without the journal, the same files are someone else's and stop it.
func TestJournalCoversAKilledRun(t *testing.T) {
	for _, keepJournal := range []bool{true, false} {
		out := t.TempDir()
		if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(2)); err != nil {
			t.Fatal(err)
		}
		opt := options(out, fakeGen{version: "v2"})
		opt.Jobs = 1
		opt.Steps = []Step{func(a account.Account, files []generators.File) ([]generators.File, error) {
			if a.Email == "p04@spectrum.net" {
				return nil, errors.New("killed (injected)")
			}
			return files, nil
		}}
		if _, err := Write(context.Background(), opt, people(5)); err == nil {
			t.Fatal("the injected failure did not stop the run")
		}
		if _, err := os.Stat(filepath.Join(out, "people", "p03@spectrum.net")); err != nil {
			t.Fatalf("the failed run wrote no new kit before stopping: %v", err)
		}
		if !keepJournal {
			if err := os.Remove(filepath.Join(out, journalName)); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := Write(context.Background(), options(out, fakeGen{version: "v3"}), people(5))
		switch {
		case keepJournal && err != nil:
			t.Errorf("with the journal: %v", err)
		case keepJournal:
			if len(sum.Changed) != 4 || len(sum.New) != 1 {
				t.Errorf("with the journal: %+v", sum)
			}
			if _, err := os.Stat(filepath.Join(out, journalName)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a run that ended well left the journal: %v", err)
			}
		case err == nil || !strings.Contains(err.Error(), "people/p03@spectrum.net/fake/a.conf"):
			t.Errorf("without the journal, err = %v; want p03's files named", err)
		}
	}
}

// The record is read in the writer's order; one edited out of order is
// refused rather than misread (it decides what may be removed).
func TestRecordOutOfOrder(t *testing.T) {
	sum := strings.Repeat("0", 64)
	rec := sum + "  index.html\n" +
		sum + "  people/b@x.net/README.txt\n" +
		sum + "  people/a@x.net/README.txt\n"
	rr := newRecordReader("SHA256SUMS", strings.NewReader(rec))
	g, err := rr.next()
	if err != nil || g.email != "b@x.net" || g.files["README.txt"] != sum {
		t.Fatalf("first group %+v, %v", g, err)
	}
	if _, err := rr.next(); err == nil || !strings.Contains(err.Error(), "SHA256SUMS:3: a@x.net is out of the order") {
		t.Errorf("err = %v", err)
	}
	bad := newRecordReader("SHA256SUMS", strings.NewReader("not a sums line\n"))
	if _, err := bad.next(); err == nil || !strings.Contains(err.Error(), "SHA256SUMS:1: not a SHA256SUMS line") {
		t.Errorf("err = %v", err)
	}
	// Escaped lines (sha256sum's form for a backslash or newline) read back.
	esc := newRecordReader("S", strings.NewReader(sumLine(sum, "people/c@x.net/a\\b")+sumLine(sum, "zips/c@x.net.zip")))
	if g, err := esc.next(); err != nil || g.files[`a\b`] != sum || !g.zip {
		t.Errorf("escaped: %+v, %v", g, err)
	}
}

// Shared files no domain needs any more go, so the folder holds exactly
// what SHA256SUMS lists.
func TestStaleSharedFilesRemoved(t *testing.T) {
	out := t.TempDir()
	two := append(people(1), account.Account{Email: "q@other.net", Clients: []string{"fake"}})
	if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), two); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "server", "shared", "other.net.xml")
	if _, err := os.Stat(stale); err != nil {
		t.Fatal(err)
	}
	sum, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale shared file kept: %v", err)
	}
	if len(sum.Removed) != 1 || sum.Removed[0] != "q@other.net" || sum.Pruned {
		t.Errorf("summary %+v", sum)
	}
	if _, err := os.Stat(filepath.Join(out, "people", "q@other.net")); err != nil {
		t.Errorf("the kit of a person no longer listed went without --prune: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(out, SumsName))
	if strings.Contains(string(data), "other.net.xml") || !strings.Contains(string(data), "people/q@other.net/fake/a.conf") {
		t.Errorf("SHA256SUMS:\n%s", data)
	}
	// A file removed by hand from a kept kit drops out of the record.
	if err := os.Remove(filepath.Join(out, "people", "q@other.net", "fake", "a.conf")); err != nil {
		t.Fatal(err)
	}
	if _, err = Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1)); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(out, SumsName))
	if strings.Contains(string(data), "q@other.net/fake/a.conf") || !strings.Contains(string(data), "q@other.net/fake/deep/b.conf") {
		t.Errorf("SHA256SUMS after a file was removed by hand:\n%s", data)
	}
	// A kit removed by hand is no longer recorded, nor named.
	if err := os.RemoveAll(filepath.Join(out, "people", "q@other.net")); err != nil {
		t.Fatal(err)
	}
	if sum, err = Write(context.Background(), options(out, fakeGen{version: "v1"}), people(1)); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(out, SumsName))
	if len(sum.Removed) != 0 || strings.Contains(string(data), "q@other.net") {
		t.Errorf("summary %+v; SHA256SUMS:\n%s", sum, data)
	}
}

// Without its record, spectrumgen cannot tell its files from anyone's: it
// stops, says the record is missing, and writes nothing.
func TestRecordMissing(t *testing.T) {
	out := t.TempDir()
	if _, err := Write(context.Background(), options(out, fakeGen{version: "v1"}), people(2)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, SumsName)); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	_, err := Write(context.Background(), options(out, fakeGen{version: "v2"}), people(2))
	if err == nil || !strings.Contains(err.Error(), "SHA256SUMS, spectrumgen's record of what it wrote here, is missing") {
		t.Errorf("err = %v", err)
	}
	if after := tree(t, out); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the output changed: %v", after)
	}
	if _, err := os.Stat(filepath.Join(out, SumsName)); err == nil {
		t.Error("a refused run wrote SHA256SUMS")
	}
}
