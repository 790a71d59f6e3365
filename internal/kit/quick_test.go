package kit

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// stateEntries reads back the state file r.out holds, by address.
func (r *rerun) stateEntries() (map[string]stateEntry, int64) {
	r.t.Helper()
	sr := openState(r.out)
	if sr == nil {
		r.t.Fatal("no usable state file")
	}
	defer sr.close()
	m := map[string]stateEntry{}
	for {
		e, ok := sr.next()
		if !ok {
			break
		}
		m[e.email] = e
	}
	return m, sr.writtenAt()
}

// The state file names each kit's files and sums up its folders, so a kit
// whose inputs did not change is found clean without reading a folder;
// any change in a folder's entries, at any depth, is seen.
func TestQuickListTakenAndRefused(t *testing.T) {
	r := newRerun(t, true)
	r.mustRun("v1", named(3, nil))
	ents, at := r.stateEntries()
	o := &outDir{root: r.out}
	e := ents["p01@spectrum.net"]
	want := []string{"README.html", "README.txt", "count/a.conf", "count/deep/b.conf"}
	if got, _ := decodeNames(e.names); !e.hasDirs || !reflect.DeepEqual(got, want) {
		t.Fatalf("state line of p01: names %q (folders %v); want %q", e.names, e.hasDirs, want)
	}
	l, err := o.list(e.email, true, &e, at, true)
	if err != nil || !l.fromState || !l.trusted || len(l.files) != 4 {
		t.Fatalf("unchanged kit: listed from the state %v, trusted %v, %d files, %v", l.fromState, l.trusted, len(l.files), err)
	}
	// The walk sums up the same folders as the writer recorded.
	if w, err := o.list(e.email, true, &e, at, false); err != nil || w.fromState || !w.trusted || w.dirStat != e.dirs || w.stat != e.kit {
		t.Fatalf("walked: fromState %v trusted %v, same folders %v, same files %v, %v", w.fromState, w.trusted, w.dirStat == e.dirs, w.stat == e.kit, err)
	}
	kit := filepath.Join(r.out, "people", e.email)
	changes := map[string]func(t *testing.T){
		"file added to the kit's folder": func(t *testing.T) { mustWrite(t, filepath.Join(kit, "notes.txt"), "mine\n") },
		"file added to a folder":         func(t *testing.T) { mustWrite(t, filepath.Join(kit, "count/notes.txt"), "mine\n") },
		"file added two folders down":    func(t *testing.T) { mustWrite(t, filepath.Join(kit, "count/deep/notes.txt"), "mine\n") },
		"folder added": func(t *testing.T) {
			if err := os.Mkdir(filepath.Join(kit, "count/mine"), 0o755); err != nil {
				t.Fatal(err)
			}
		},
		"file renamed": func(t *testing.T) {
			if err := os.Rename(filepath.Join(kit, "count/a.conf"), filepath.Join(kit, "count/a.conf.bak")); err != nil {
				t.Fatal(err)
			}
		},
		"file edited": func(t *testing.T) { mustWrite(t, filepath.Join(kit, "count/a.conf"), "name = me\n") },
		"folder made a link": func(t *testing.T) {
			deep := filepath.Join(kit, "count/deep")
			if err := os.Rename(deep, filepath.Join(r.out, "elsewhere")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(r.out, "elsewhere"), deep); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			r.mustRun("v1", named(3, nil)) // put the kit back whole
			ents, at := r.stateEntries()
			e := ents[e.email]
			time.Sleep(20 * time.Millisecond) // past the state file's clock tick: not racy
			change(t)
			os.Chtimes(filepath.Join(r.out, stateName), time.Now().Add(time.Hour), time.Now().Add(time.Hour))
			l, err := o.list(e.email, true, &e, at+int64(time.Hour), true)
			if err == nil && l.fromState {
				t.Errorf("the changed kit was taken as the state file names it")
			}
			// Clean up for the next case: what was added goes, the rest
			// the next run writes again.
			os.RemoveAll(filepath.Join(r.out, "elsewhere"))
			for _, p := range []string{"notes.txt", "count/notes.txt", "count/deep/notes.txt", "count/mine", "count/a.conf.bak", "count/deep"} {
				if fi, err := os.Lstat(filepath.Join(kit, p)); err == nil && (!fi.IsDir() || strings.HasSuffix(p, "mine")) {
					os.RemoveAll(filepath.Join(kit, p))
				}
			}
			os.Remove(filepath.Join(kit, "count/a.conf"))
		})
	}
}

// A state file forged to leave out a file someone put in a kit (and one
// of the kit's own) does not make the run remove it: a kit the state's
// names vouch for is only ever left as it is; the kit, which the writer
// must write again here, is listed in full first, and the stranger named.
func TestRerunForgedNamesNeverHideAFile(t *testing.T) {
	r := newRerun(t, true)
	r.mustRun("v1", named(3, nil))
	kit := filepath.Join(r.out, "people/p01@spectrum.net")
	mustWrite(t, filepath.Join(kit, "count/notes.txt"), "mine\n")
	// The forger sums up the kit as it is now, but for the two files.
	names := []string{"README.html", "README.txt", "count/deep/b.conf"}
	files, dirs, err := statNames(kit, names, kitDirs(names))
	if err != nil {
		t.Fatal(err)
	}
	fd, dd := newStatDigest(), dirStats{}
	for i, n := range names {
		fd.add(n, files[i])
	}
	for i, d := range kitDirs(names) {
		dd.add(d, dirs[i])
	}
	data := mustRead(t, filepath.Join(r.out, stateName))
	ents, _ := r.stateEntries()
	e := ents["p01@spectrum.net"]
	forged := e
	forged.names, forged.kit, forged.dirs = encodeNames(names), fd.sum(), dd.sum()
	mustWrite(t, filepath.Join(r.out, stateName), strings.Replace(data, e.line(), forged.line(), 1))
	// The state file must still go with SHA256SUMS, and be newer than all.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(r.out, stateName), later, later); err != nil {
		t.Fatal(err)
	}
	_, _, err = r.run("v1", named(3, nil))
	if err == nil || !strings.Contains(err.Error(), "people/p01@spectrum.net/count/notes.txt") {
		t.Errorf("err = %v; want the stranger named", err)
	}
	if got := mustRead(t, filepath.Join(kit, "count/notes.txt")); got != "mine\n" {
		t.Errorf("the stranger now holds %q", got)
	}
}

// FuzzNames: any names field reads without a panic into paths inside a kit
// in strictly increasing order, which encode back to the same field; and
// any such names survive encoding.
func FuzzNames(f *testing.F) {
	f.Add(`"README.txt" "apple/a@b.net.mobileconfig"`, "x y\"z\\é")
	f.Add(`"a\nb"`, "\x00")
	f.Fuzz(func(t *testing.T, field, name string) {
		if names, ok := decodeNames(field); ok {
			for i, n := range names {
				if !safeRel(n) || (i > 0 && n <= names[i-1]) {
					t.Fatalf("%q read as %q", field, names)
				}
			}
			if back, ok := decodeNames(encodeNames(names)); !ok || !reflect.DeepEqual(back, names) {
				t.Fatalf("%q: encoded again it reads %q", names, back)
			}
		}
		if !safeRel(name) {
			return
		}
		names := []string{name}
		if name < "~z" {
			names = append(names, "~z")
		}
		if back, ok := decodeNames(encodeNames(names)); !ok || !reflect.DeepEqual(back, names) {
			t.Fatalf("%q read back as %q, %v", names, back, ok)
		}
	})
}
