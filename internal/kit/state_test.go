package kit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// countGen counts its Generate calls, to tell a kit generated again from
// one left without generating.
type countGen struct{ calls *atomic.Int64 }

func (countGen) Name() string     { return "count" }
func (countGen) Describe() string { return "test generator that counts" }
func (g countGen) Generate(a account.Account) ([]generators.File, error) {
	g.calls.Add(1)
	return []generators.File{
		{Path: "count/a.conf", Data: []byte("name = " + a.Name + "\n")},
		{Path: "count/deep/b.conf", Data: []byte("user = " + a.Email + "\n"), Secret: true},
	}, nil
}

type rerun struct {
	t     *testing.T
	out   string
	calls atomic.Int64
	zip   bool
}

func newRerun(t *testing.T, zip bool) *rerun {
	return &rerun{t: t, out: t.TempDir(), zip: zip}
}

func (r *rerun) opt(out, program string) Options {
	return Options{Out: out, Generators: map[string]generators.Generator{"count": countGen{&r.calls}},
		Zip: r.zip, Jobs: 2, Program: program}
}

func named(n int, changed map[int]string) []account.Account {
	var out []account.Account
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Person %d", i)
		if c, ok := changed[i]; ok {
			name = c
		}
		out = append(out, account.Account{Email: fmt.Sprintf("p%02d@spectrum.net", i), Name: name, Clients: []string{"count"}})
	}
	return out
}

// run writes accounts into r.out and returns the summary and how many kits
// were generated.
func (r *rerun) run(program string, accounts []account.Account) (*Summary, int64, error) {
	r.calls.Store(0)
	sum, err := Write(context.Background(), r.opt(r.out, program), accounts)
	return sum, r.calls.Load(), err
}

func (r *rerun) mustRun(program string, accounts []account.Account) (*Summary, int64) {
	r.t.Helper()
	sum, calls, err := r.run(program, accounts)
	if err != nil {
		r.t.Fatal(err)
	}
	return sum, calls
}

// sameAsFresh checks that r.out holds what a run into a new folder writes:
// the same SHA256SUMS, and every file it lists hashes to its line.
func (r *rerun) sameAsFresh(program string, accounts []account.Account) {
	r.t.Helper()
	fresh := r.t.TempDir()
	if _, err := Write(context.Background(), r.opt(fresh, program), accounts); err != nil {
		r.t.Fatal(err)
	}
	got, want := mustRead(r.t, filepath.Join(r.out, SumsName)), mustRead(r.t, filepath.Join(fresh, SumsName))
	if got != want {
		r.t.Errorf("SHA256SUMS differs from a fresh run's:\n got %q\nwant %q", got, want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		sum, p, _ := sumPath(line + "\n")
		var lines sumLines
		data, err := os.ReadFile(filepath.Join(r.out, filepath.FromSlash(p)))
		if err != nil {
			r.t.Error(err)
			continue
		}
		lines.add(p, data)
		if string(lines.b) != sumLine(sum, p) {
			r.t.Errorf("%s does not hash to its SHA256SUMS line", p)
		}
	}
}

func TestRerunGeneratesOnlyTheChanged(t *testing.T) {
	for _, zip := range []bool{false, true} {
		t.Run(fmt.Sprint("zip=", zip), func(t *testing.T) {
			r := newRerun(t, zip)
			if _, calls := r.mustRun("v1", named(12, nil)); calls != 12 {
				t.Fatalf("first run generated %d kits, want 12", calls)
			}
			before := modTimes(t, r.out)
			sum, calls := r.mustRun("v1", named(12, nil))
			if calls != 0 || sum.Unchanged != 12 || sum.Written != 0 {
				t.Errorf("unchanged re-run: %d kits generated, summary %+v; want none generated, 12 unchanged", calls, sum)
			}
			if after := modTimes(t, r.out); fmt.Sprint(before) != fmt.Sprint(after) {
				t.Error("an unchanged re-run touched files")
			}
			changed := named(12, map[int]string{7: "Renamed Person"})
			sum, calls = r.mustRun("v1", changed)
			if calls != 1 || sum.Unchanged != 11 || fmt.Sprint(sum.Changed) != "[p07@spectrum.net]" {
				t.Errorf("one person changed: %d kits generated, summary %+v; want 1, p07 changed", calls, sum)
			}
			if got := mustRead(t, filepath.Join(r.out, "people/p07@spectrum.net/count/a.conf")); got != "name = Renamed Person\n" {
				t.Errorf("p07's kit holds %q", got)
			}
			r.sameAsFresh("v1", changed)
			// And once more: the kit just written is clean too.
			if _, calls = r.mustRun("v1", changed); calls != 0 {
				t.Errorf("the run after generated %d kits, want none", calls)
			}
		})
	}
}

// Another program (another build) generates every kit again: the same
// content leaves them unchanged on disk all the same.
func TestRerunOtherProgramGeneratesAll(t *testing.T) {
	r := newRerun(t, true)
	r.mustRun("v1", named(6, nil))
	sum, calls := r.mustRun("v2", named(6, nil))
	if calls != 6 || sum.Unchanged != 6 || sum.Written != 0 {
		t.Errorf("other program: %d generated, summary %+v; want 6 generated, 6 unchanged", calls, sum)
	}
	// Steps without a StepsID: what they do is unknown, so all again.
	opt := r.opt(r.out, "v2")
	opt.Steps = []Step{func(_ account.Account, f []generators.File) ([]generators.File, error) { return f, nil }}
	r.calls.Store(0)
	if _, err := Write(context.Background(), opt, named(6, nil)); err != nil {
		t.Fatal(err)
	}
	if r.calls.Load() != 6 {
		t.Errorf("steps without an ID: %d generated, want 6", r.calls.Load())
	}
	opt.StepsID = "identity"
	for _, want := range []int64{6, 0} { // the ID changed once, then is the same
		r.calls.Store(0)
		if _, err := Write(context.Background(), opt, named(6, nil)); err != nil {
			t.Fatal(err)
		}
		if r.calls.Load() != want {
			t.Errorf("steps with an ID: %d generated, want %d", r.calls.Load(), want)
		}
	}
}

// A file edited inside a kit still stops the run, named, however it was
// edited: the stat differs, so it is hashed.
func TestRerunEditedFileStillRefused(t *testing.T) {
	edits := map[string]func(t *testing.T, p string){
		"longer": func(t *testing.T, p string) {
			mustWrite(t, p, "name = Person 3, edited\n")
		},
		"same size, new time": func(t *testing.T, p string) {
			fi, _ := os.Stat(p)
			mustWrite(t, p, strings.Repeat("x", int(fi.Size())-1)+"\n")
			if err := os.Chtimes(p, time.Time{}, fi.ModTime().Add(time.Second)); err != nil {
				t.Fatal(err)
			}
		},
		"size and time restored": func(t *testing.T, p string) {
			if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
				t.Skip("only Linux and macOS record the change time (README.md, Re-runs)")
			}
			fi, _ := os.Stat(p)
			mustWrite(t, p, strings.Repeat("y", int(fi.Size())-1)+"\n")
			if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			r := newRerun(t, true)
			r.mustRun("v1", named(5, nil))
			time.Sleep(20 * time.Millisecond) // past the state file's clock tick: not a racy edit
			edit(t, filepath.Join(r.out, "people/p03@spectrum.net/count/a.conf"))
			_, _, err := r.run("v1", named(5, map[int]string{1: "Other"}))
			if err == nil || !strings.Contains(err.Error(), "people/p03@spectrum.net/count/a.conf (changed since spectrumgen wrote it)") {
				t.Errorf("err = %v; want the edited file named", err)
			}
		})
	}
}

// A file added to a kit, or one removed, is seen in the folder's listing.
func TestRerunAddedAndRemovedFiles(t *testing.T) {
	r := newRerun(t, false)
	r.mustRun("v1", named(4, nil))
	mustWrite(t, filepath.Join(r.out, "people/p02@spectrum.net/count/notes.txt"), "mine\n")
	if _, _, err := r.run("v1", named(4, nil)); err == nil || !strings.Contains(err.Error(), "people/p02@spectrum.net/count/notes.txt") {
		t.Errorf("added file: err = %v", err)
	}
	if err := os.Remove(filepath.Join(r.out, "people/p02@spectrum.net/count/notes.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(r.out, "people/p01@spectrum.net/count/a.conf")); err != nil {
		t.Fatal(err)
	}
	sum, calls := r.mustRun("v1", named(4, nil))
	if calls != 1 || fmt.Sprint(sum.Changed) != "[p01@spectrum.net]" {
		t.Errorf("removed file: %d generated, summary %+v; want p01 written again", calls, sum)
	}
	r.sameAsFresh("v1", named(4, nil))
}

// A kit whose zip is gone is generated again, to make the zip.
func TestRerunMissingZipMadeAgain(t *testing.T) {
	r := newRerun(t, true)
	r.mustRun("v1", named(4, nil))
	if err := os.Remove(filepath.Join(r.out, "zips/p02@spectrum.net.zip")); err != nil {
		t.Fatal(err)
	}
	sum, calls := r.mustRun("v1", named(4, nil))
	if calls != 1 || sum.Written != 1 {
		t.Errorf("%d generated, summary %+v; want p02 generated and its zip written", calls, sum)
	}
	r.sameAsFresh("v1", named(4, nil))
}

// A state file that is missing, cut short, garbage or hostile costs speed,
// never the result.
func TestRerunBadStateFile(t *testing.T) {
	good := func(t *testing.T, data string) string { return data }
	cases := map[string]func(t *testing.T, data string) string{
		"missing":   nil,
		"truncated": func(t *testing.T, data string) string { return data[:len(data)/2] },
		"cut at the end": func(t *testing.T, data string) string {
			return data[:len(data)-1]
		},
		"garbage": func(t *testing.T, data string) string { return "\x00garbage\n\xff" + strings.Repeat("z", 100) },
		"lines garbled": func(t *testing.T, data string) string {
			lines := strings.SplitAfter(data, "\n")
			lines[3] = "not a line\n"
			return strings.Join(lines, "")
		},
		"out of order": func(t *testing.T, data string) string {
			lines := strings.SplitAfter(data, "\n")
			lines[2], lines[3] = lines[3], lines[2]
			return strings.Join(lines, "")
		},
		"a line too long": func(t *testing.T, data string) string {
			lines := strings.SplitAfter(data, "\n")
			lines[2] = strings.Repeat("q", 100<<10) + lines[2]
			return strings.Join(lines, "")
		},
		"another record's": func(t *testing.T, data string) string {
			return strings.Replace(data, "\nend ", "\nend 0", 1)[:len(data)]
		},
		"intact": good,
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			r := newRerun(t, true)
			r.mustRun("v1", named(6, nil))
			p := filepath.Join(r.out, stateName)
			if spoil == nil {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			} else {
				mustWrite(t, p, spoil(t, mustRead(t, p)))
			}
			changed := named(6, map[int]string{4: "Changed"})
			sum, calls := r.mustRun("v1", changed)
			if fmt.Sprint(sum.Changed) != "[p04@spectrum.net]" || sum.Unchanged != 5 {
				t.Errorf("summary %+v; want p04 changed, 5 unchanged", sum)
			}
			switch {
			case name == "intact" && calls != 1:
				t.Errorf("intact state: %d generated, want 1", calls)
			case (name == "missing" || name == "garbage" || name == "truncated" || name == "another record's") && calls != 6:
				t.Errorf("no usable state: %d generated, want all 6", calls)
			}
			r.sameAsFresh("v1", changed)
			if _, calls := r.mustRun("v1", changed); calls != 0 {
				t.Errorf("the state file was not made whole again: %d generated", calls)
			}
		})
	}
}

// A state file claiming a kit is clean is not trusted when the kit's files
// are not the ones it recorded: here two people's kits swapped, which keeps
// every file's size and content a valid kit's.
func TestRerunSwappedKitsNotTrusted(t *testing.T) {
	r := newRerun(t, false)
	accounts := []account.Account{
		{Email: "a1@spectrum.net", Name: "Same", Clients: []string{"count"}},
		{Email: "a2@spectrum.net", Name: "Same", Clients: []string{"count"}},
	}
	r.mustRun("v1", accounts)
	p := func(s string) string { return filepath.Join(r.out, "people", s) }
	if err := os.Rename(p("a1@spectrum.net"), p("tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p("a2@spectrum.net"), p("a1@spectrum.net")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p("tmp"), p("a2@spectrum.net")); err != nil {
		t.Fatal(err)
	}
	_, _, err := r.run("v1", accounts)
	if err == nil || !strings.Contains(err.Error(), "people/a1@spectrum.net/count/deep/b.conf (changed since spectrumgen wrote it)") {
		t.Errorf("err = %v; want the swapped files named", err)
	}
}

// Pruning still removes a kit the state file knows.
func TestRerunPrune(t *testing.T) {
	r := newRerun(t, true)
	r.mustRun("v1", named(5, nil))
	opt := r.opt(r.out, "v1")
	opt.Prune = true
	r.calls.Store(0)
	sum, err := Write(context.Background(), opt, named(4, nil))
	if err != nil {
		t.Fatal(err)
	}
	if r.calls.Load() != 0 || fmt.Sprint(sum.Removed) != "[p04@spectrum.net]" || !sum.Pruned {
		t.Errorf("%d generated, summary %+v", r.calls.Load(), sum)
	}
	if _, err := os.Stat(filepath.Join(r.out, "people/p04@spectrum.net")); !os.IsNotExist(err) {
		t.Errorf("p04's kit is still there: %v", err)
	}
	r.sameAsFresh("v1", named(4, nil))
}

// Every field of an account is in the fingerprint: a field added to
// account.Account later is too, or this fails.
func TestInputsCoverEveryField(t *testing.T) {
	key := [32]byte{1}
	base := account.Account{Clients: []string{"x"}}
	seen := map[[32]byte]string{inputsOf(key, base): "nothing"}
	var visit func(v reflect.Value, path string)
	visit = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				visit(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
			return
		}
		a := base
		f := reflect.ValueOf(&a).Elem()
		for _, name := range strings.Split(path, ".")[1:] {
			f = f.FieldByName(name)
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString("changed")
		case reflect.Int:
			f.SetInt(7)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"x", "y"}))
		default:
			t.Fatalf("%s: a %v field; teach this test to change it", path, f.Kind())
		}
		sum := inputsOf(key, a)
		if other, dup := seen[sum]; dup {
			t.Errorf("changing %s gives the fingerprint of %s", path, other)
		}
		seen[sum] = path
	}
	visit(reflect.ValueOf(base), "")
	if len(seen) < 10 {
		t.Errorf("only %d fields seen", len(seen))
	}
	if rk := runKey(Options{Program: "p", Steps: []Step{nil}}); rk.stepsOK || !rk.ok {
		t.Error("steps without an ID were taken as known")
	}
	a := runKey(Options{Program: "p"})
	b := runKey(Options{Program: "q"})
	c := runKey(Options{Program: "p", Generators: map[string]generators.Generator{"count": countGen{}}})
	d := runKey(Options{Program: "p", Steps: []Step{nil}, StepsID: "sign"})
	if a.key == b.key || a.key == c.key || a.key != d.key || a.steps == d.steps {
		t.Error("the run key does not follow the program, the generators or the steps")
	}
}

func TestStateLineRoundTrip(t *testing.T) {
	names := []string{"README.txt", "a b/c\"d.conf", "apple/o'brien+x@spectrum.net.mobileconfig", "é/ü"}
	e := stateEntry{email: "o'brien+x@spectrum.net", inputs: [32]byte{1, 2}, hasInputs: true, kit: [32]byte{3}, zip: [32]byte{4}, hasZip: true,
		dirs: [32]byte{5}, hasDirs: true, names: encodeNames(names)}
	got, ok := parseStateLine(e.line())
	if !ok || got != e {
		t.Errorf("read back %+v, %v", got, ok)
	}
	if back, ok := decodeNames(got.names); !ok || !reflect.DeepEqual(back, names) {
		t.Errorf("names read back as %q, %v", back, ok)
	}
	withNames := e.line()
	e.hasInputs, e.inputs, e.hasZip, e.zip, e.hasDirs, e.dirs, e.names = false, [32]byte{}, false, [32]byte{}, false, [32]byte{}, ""
	if got, ok := parseStateLine(e.line()); !ok || got != e {
		t.Errorf("read back %+v, %v", got, ok)
	}
	for _, bad := range []string{"", "\n", "- - - \"a@b\"\n", "- - - - \"a@b\"\n", e.line()[:len(e.line())-1], strings.Replace(e.line(), `"o'`, `"../`, 1),
		strings.Replace(e.line(), "0", "g", 1),
		// names without folder stats, and folder stats without names
		strings.Replace(withNames, " 05"+strings.Repeat("00", 31)+" ", " - ", 1),
		withNames[:strings.Index(withNames, `"README.txt`)] + "-\n",
		withNames[:strings.Index(withNames, `"README.txt`)] + "x\n",
	} {
		if _, ok := parseStateLine(bad); ok {
			t.Errorf("%q read as a line", bad)
		}
	}
	// Names are read when used: out of order, repeated, empty, leaving the
	// kit or badly quoted, they are refused then.
	for _, bad := range []string{"", `"b" "a"`, `"a" "a"`, `""`, `"../x"`, `"/etc/passwd"`, `"a/../../x"`, `"a"  "b"`, `"a" `, `"a"x`, `"a\q"`, `"a" -`} {
		if n, ok := decodeNames(bad); ok {
			t.Errorf("names %q read as %q", bad, n)
		}
	}
}

// FuzzStateReader: any state file reads without a panic, into lines in
// strictly increasing order, each of which writes back as itself.
func FuzzStateReader(f *testing.F) {
	line := stateEntry{email: "a@b.net", kit: [32]byte{9}}.line()
	named := stateEntry{email: "b@b.net", kit: [32]byte{9}, hasDirs: true, names: encodeNames([]string{"README.txt", "x/y"})}.line()
	f.Add(stateHeader + "-\n" + line + "garbage\n")
	f.Add(stateHeader + strings.Repeat("ab", 32) + "\n" + line + named)
	f.Add(stateHeader + "-\n" + strings.Repeat("0", 64) + " " + strings.Repeat("1", 64) + " - - \"z@b.net\" -\n" + line)
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		mustWrite(t, filepath.Join(dir, SumsName), "x\n")
		fi, err := os.Lstat(filepath.Join(dir, SumsName))
		if err != nil {
			t.Fatal(err)
		}
		d := statOfFile(SumsName, fi)
		data := body + fmt.Sprintf("end %x\n", d[:])
		mustWrite(t, filepath.Join(dir, stateName), data)
		sr := openState(dir)
		if sr == nil {
			if strings.HasPrefix(body, stateHeader+"-\n") {
				t.Fatal("a state file with its header and end was refused")
			}
			return
		}
		defer sr.close()
		last := ""
		for {
			e, ok := sr.next()
			if !ok {
				break
			}
			if e.key() <= last {
				t.Fatalf("%q after %q", e.key(), last)
			}
			last = e.key()
			if back, ok := parseStateLine(e.line()); !ok || back != e {
				t.Fatalf("line %q does not read back as itself: %+v", e.line(), back)
			}
		}
	})
}

// Files as new as the state file may have been edited in the clock tick
// they were recorded in (git's racy case): they are hashed, and their kits
// generated, never trusted.
func TestRerunRacyKitsHashed(t *testing.T) {
	for _, zip := range []bool{false, true} {
		r := newRerun(t, zip)
		r.mustRun("v1", named(5, nil))
		limit := time.Now().Add(-time.Hour) // every kit as new as the state
		if zip {
			// Only the zips as new as the state: touched a while after the
			// kits, recorded so by a run, then the state's time set to theirs.
			time.Sleep(30 * time.Millisecond)
			oldest := int64(1<<63 - 1)
			for _, a := range named(5, nil) {
				p := filepath.Join(r.out, "zips", a.Email+".zip")
				if now := time.Now(); os.Chtimes(p, now, now) != nil {
					t.Fatal("cannot touch", p)
				}
				fi, err := os.Lstat(p)
				if err != nil {
					t.Fatal(err)
				}
				oldest = min(oldest, statOf(fi).newest())
			}
			if sum, calls := r.mustRun("v1", named(5, nil)); calls != 5 || sum.Written != 0 {
				t.Fatalf("touched zips: %d generated, summary %+v", calls, sum)
			}
			limit = time.Unix(0, oldest)
		}
		if err := os.Chtimes(filepath.Join(r.out, stateName), limit, limit); err != nil {
			t.Fatal(err)
		}
		sum, calls := r.mustRun("v1", named(5, nil))
		if calls != 5 || sum.Unchanged != 5 {
			t.Errorf("zip=%v: %d generated, summary %+v; want all 5 generated, and unchanged", zip, calls, sum)
		}
	}
}

// Made knows the accounts this program made a kit of, and no other.
func TestMade(t *testing.T) {
	r := newRerun(t, false)
	if Made(r.out, r.opt(r.out, "").Generators) != nil {
		t.Error("Made without a state file")
	}
	r.mustRun("", named(3, nil)) // the test binary's own fingerprint
	made := Made(r.out, r.opt(r.out, "").Generators)
	if made == nil {
		t.Fatal("Made found no state file")
	}
	for _, a := range named(3, nil) {
		if !made(a) {
			t.Errorf("%s: not made", a.Email)
		}
	}
	for _, a := range append(named(3, map[int]string{0: "Other"})[:1], named(4, nil)[3]) {
		if made(a) {
			t.Errorf("%s (%s): made", a.Email, a.Name)
		}
	}
	if other := Made(r.out, nil); other == nil || other(named(1, nil)[0]) {
		t.Error("made by a program with other generators")
	}
}
