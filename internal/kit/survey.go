package kit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// survey is what a run found in its output folder before writing anything.
type survey struct {
	states  []kitState // by position in the writing order
	removed []*group   // people the record has and the manifest has not
	carry   *spool     // SHA256SUMS lines of removed kits that stay
	server  []string   // server/ paths in the record
	kept    *keptSpool // state and SHA256SUMS lines of the kits found clean (fast)
}

func (sv *survey) discard() {
	sv.carry.discard()
	sv.kept.discard()
}

// kitState is one manifest person's kit as found on disk.
type kitState struct {
	exists bool     // people/<email>/ is there
	zip    bool     // zips/<email>.zip is there (and is spectrumgen's)
	digest [32]byte // of the kit's paths, modes and contents (kitDigest); zero when missing
	// zipSum is the zip's hash when the record vouches that the zip on
	// disk is the zip of the kit on disk: the same complete run wrote
	// both, and neither changed since. An unchanged kit then keeps its zip
	// without deflating it again.
	zipSum  [32]byte
	zipMode fs.FileMode
	// fast: the state file vouches that the kit on disk is the one the
	// same inputs made (state.go), and that its zip, if it has one, is
	// that kit's: the writer leaves both without generating the kit.
	fast bool
}

// listing is one folder's files, relative to it, with their types and,
// for regular files, their modes and hashes.
type listing struct {
	exists bool
	files  []entry // sorted by rel
	zip    fs.FileMode
	zipSum [32]byte // when hashed and regular
	hasZip bool
	// stat and zipStat sum up the stats of the kit's files and of the zip
	// (state.go). trusted: stat is the state file's, so the files hold what
	// SHA256SUMS lists and were not hashed (their sums come from there);
	// zipTrusted the same for the zip.
	stat, zipStat       [32]byte
	trusted, zipTrusted bool
	// dirStat sums up the stats of the kit's folders (dirStats), when
	// hasDirStat. fromState: files were not listed but named by the state
	// file, and found as it records them, folders included (quickList).
	dirStat    [32]byte
	hasDirStat bool
	fromState  bool
}

type entry struct {
	rel  string
	mode fs.FileMode
	sum  [32]byte // regular files only
}

// zipStatName is the name under which a zip's stat is summed up.
const zipStatName = "zip"

// surveyed is what the survey's workers find for one kit.
type surveyed struct {
	l          listing
	ent        stateEntry // the state file's line for the kit, if any
	sameInputs bool       // ent was made with the same inputs as this run's
}

// surveyJobs is how many goroutines look at kits at once in the survey,
// for jobs workers. A look is a few dozen stat calls that wait on the disk
// when the kits' inodes are not in memory, as after other large work (in
// bench/run.sh, a 100,000-person re-run follows the extraction of another
// 17 GB): with one look per CPU the disk had two requests at a time. More
// looks in flight let it serve many; in memory they only take turns.
func surveyJobs(jobs int) int { return 8 * max(jobs, 1) }

// maxNamed caps how many of someone's files an error names.
const maxNamed = 10

// survey reads the record and looks at every path this run would read,
// replace or remove, before anything is written: a file spectrumgen did
// not write inside a kit it would replace or prune, or anything but a
// regular file where it would read or write one, stops the run here with
// every such path named (up to maxNamed) and the output exactly as it was.
func (o *outDir) survey(ctx context.Context, opt Options, accounts []account.Account, order []int, shared []generators.File, rk runInputs) (_ *survey, err error) {
	top := []string{IndexName, SumsName, ServerReadmeName, journalName, stateName}
	for _, f := range shared {
		top = append(top, "server/"+f.Path)
	}
	for _, name := range top {
		if err := o.checkPath(name); err != nil {
			return nil, err
		}
	}
	if fi, err := os.Lstat(filepath.Join(o.root, "zips")); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s is %s where spectrumgen keeps the zips: move it away and run again", filepath.Join(o.root, "zips"), kindOf(fi.Mode()))
	}
	ours, err := readJournal(o.root)
	if err != nil {
		return nil, err
	}
	var rec io.Reader = strings.NewReader("")
	noRecord := false
	if f, err := openRegular(filepath.Join(o.root, SumsName)); err == nil {
		defer f.Close()
		rec = f
	} else if errors.Is(err, fs.ErrNotExist) {
		noRecord = true
	} else {
		return nil, err
	}
	rr := newRecordReader(filepath.Join(o.root, SumsName), rec)
	sv := &survey{states: make([]kitState, len(order))}
	defer func() {
		if err != nil {
			sv.discard()
		}
	}()
	if sv.carry, err = o.newSpool(); err != nil {
		return nil, err
	}
	if sv.kept, err = o.newKeptSpool(); err != nil {
		return nil, err
	}
	var sr *stateReader
	if !noRecord {
		sr = openState(o.root)
		defer sr.close()
	}
	keyAt := func(i int) string { return accounts[order[i]].Email + "/" }
	cursor := &stateCursor{r: sr, ahead: map[string]stateEntry{}, listed: func(key string) bool {
		i := sort.Search(len(order), func(i int) bool { return keyAt(i) >= key })
		return i < len(order) && keyAt(i) == key
	}}
	var problems []string
	// checked names what in l is not spectrumgen's to replace or remove.
	checked := func(email string, g *group, l listing) (problems []string) {
		for _, e := range l.files {
			p := "people/" + email + "/" + e.rel
			if e.rel == "" {
				p = "people/" + email
			}
			switch {
			case !e.mode.IsRegular():
				problems = append(problems, p+" ("+kindOf(e.mode)+")")
			case ours[email]: // the whole kit was put in place by a killed run
			case g == nil || g.files[e.rel] == "":
				problems = append(problems, p)
			case g.files[e.rel] != hex.EncodeToString(e.sum[:]):
				problems = append(problems, p+" (changed since spectrumgen wrote it)")
			}
		}
		if l.hasZip {
			p := "zips/" + email + ".zip"
			switch {
			case !l.zip.IsRegular():
				problems = append(problems, p+" ("+kindOf(l.zip)+")")
			case ours[email]:
			case g == nil || !g.zip:
				problems = append(problems, p)
			case g.zipSum != "" && l.zipSum != [32]byte{} && g.zipSum != hex.EncodeToString(l.zipSum[:]):
				problems = append(problems, p+" (changed since spectrumgen wrote it)")
			}
		}
		return problems
	}
	// check adds to problems what checked finds.
	check := func(email string, g *group, l listing) {
		problems = append(problems, checked(email, g, l)...)
	}
	removed := func(g *group) error {
		l, err := o.list(g.email, opt.Prune, nil, 0, false)
		if err != nil {
			return err
		}
		if !l.exists && !l.hasZip {
			return nil // gone already (removed by hand): nothing to keep or record
		}
		if !opt.Prune {
			// Kept: its lines go on, but for files no longer there.
			there := map[string]bool{}
			for _, e := range l.files {
				there[e.rel] = true
			}
			sv.removed = append(sv.removed, &group{email: g.email})
			return sv.carry.add(g.raw(func(rl *recordLine) bool {
				return (rl.isZip && l.hasZip) || (!rl.isZip && there[rl.rel])
			}))
		}
		check(g.email, g, l)
		g.lines = nil
		sv.removed = append(sv.removed, g)
		return nil
	}
	g, err := rr.next()
	if err != nil {
		return nil, err
	}
	// In a fresh folder there is nothing to look at: skip a look-up per
	// person (each a failing one, which ext4 makes slow in a large folder).
	peopleEmpty, zipsMissing := emptyDir(filepath.Join(o.root, "people")), emptyDir(filepath.Join(o.root, "zips"))
	// wantZip: the writer may zip this run's kits (Write's anyZip, which
	// needs every kit's state; this is true whenever that is).
	wantZip := opt.Zip || !zipsMissing
	err = forEachOrdered(ctx, surveyJobs(opt.Jobs), len(order), func(k int) (surveyed, error) {
		if peopleEmpty && zipsMissing {
			return surveyed{}, nil
		}
		a := accounts[order[k]]
		var s surveyed
		ent, ok := cursor.get(a.Email + "/")
		var entp *stateEntry
		if ok {
			s.ent, entp = ent, &ent
		}
		same := ok && rk.ok && rk.stepsOK && sr.hasSteps && sr.steps == rk.steps &&
			ent.hasInputs && inputsOf(rk.key, a) == ent.inputs
		var err error
		s.l, err = o.list(a.Email, true, entp, sr.writtenAt(), same)
		s.sameInputs = same && s.l.trusted
		return s, err
	}, func(k int, s surveyed) error {
		email := accounts[order[k]].Email
		l := s.l
		key := email + "/"
		for g != nil && g.key() < key {
			if err := removed(g); err != nil {
				return err
			}
			if g, err = rr.next(); err != nil {
				return err
			}
		}
		var mine *group
		if g != nil && g.key() == key {
			mine = g
			if g, err = rr.next(); err != nil {
				return err
			}
		}
		// judge finds what the writer is to do with the kit listed in l.
		judge := func(l *listing) (st kitState, found []string, zipKept bool, err error) {
			if l.trusted && (ours[email] || !l.takeSums(mine)) {
				if l.fromState {
					return st, nil, false, nil // not fast: listed and hashed in full below
				}
				// The state file and the record disagree: hash, as without one.
				if err := o.hashKit(email, l); err != nil {
					return st, nil, false, err
				}
			}
			if l.zipTrusted && (ours[email] || !l.takeZipSum(mine)) {
				if err := o.hashZip(email, l); err != nil {
					return st, nil, false, err
				}
			}
			found = checked(email, mine, *l)
			st = kitState{exists: l.exists, zip: l.hasZip}
			if mine != nil && !ours[email] && l.exists && mine.zip && l.hasZip && l.zip.IsRegular() &&
				len(l.files) == len(mine.files) && mine.zipSum == hex.EncodeToString(l.zipSum[:]) {
				st.zipSum, st.zipMode = l.zipSum, l.zip.Perm()
			}
			zipKept = st.zipSum != [32]byte{} && l.zipTrusted
			st.fast = s.sameInputs && l.trusted && mine != nil && len(problems)+len(found) == 0 && (!l.hasZip || zipKept)
			return st, found, zipKept, nil
		}
		st, found, zipKept, err := judge(&l)
		if err != nil {
			return err
		}
		if l.fromState && !(st.fast && (st.zip || !wantZip)) {
			// The state's names and folder stats vouch for a kit only to
			// leave it as it is (state.go): for anything else the writer
			// needs every file there, so the kit is listed and hashed.
			if l, err = o.list(email, true, nil, 0, false); err != nil {
				return err
			}
			if st, found, zipKept, err = judge(&l); err != nil {
				return err
			}
		}
		problems = append(problems, found...)
		if len(problems) >= maxNamed {
			return errStop
		}
		if st.fast {
			e := stateEntry{email: email, inputs: s.ent.inputs, hasInputs: true, kit: l.stat, zip: l.zipStat, hasZip: zipKept}
			if l.fromState { // as the line has them: quickList found them so
				e.dirs, e.hasDirs, e.names = s.ent.dirs, true, s.ent.names
			} else {
				e.setDirs(l)
			}
			if err := sv.kept.add(e, mine.raw(func(rl *recordLine) bool { return !rl.isZip || zipKept })); err != nil {
				return err
			}
		}
		// A kit left without generating needs no digest; one without a zip
		// is generated when the run makes zips (build).
		if l.exists && (!st.fast || !st.zip) {
			st.digest = l.digest()
		}
		sv.states[k] = st
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	for err == nil && g != nil {
		if err = removed(g); err == nil {
			g, err = rr.next()
		}
	}
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	if len(problems) > 0 {
		more := ""
		if len(problems) >= maxNamed {
			more = " (and maybe more)"
		}
		hint := "move them out of the output folder (or remove them) and run again"
		if noRecord {
			hint = "SHA256SUMS, spectrumgen's record of what it wrote here, is missing: restore it, or move this folder aside and write a new one"
		}
		return nil, fmt.Errorf("%s holds files spectrumgen did not write where it would replace or remove a kit: %s%s; "+
			"spectrumgen never removes or overwrites a file it did not write: %s; nothing was written",
			o.root, strings.Join(problems, ", "), more, hint)
	}
	for _, p := range rr.top {
		if strings.HasPrefix(p, "server/") && p != ServerReadmeName && safeRel(p) {
			if err := o.checkPath(p); err != nil {
				return nil, err
			}
			sv.server = append(sv.server, strings.TrimPrefix(p, "server/"))
		}
	}
	return sv, nil
}

// checkPath refuses anything but folders on the way to rel (slash-separated,
// below the root) and anything but a regular file at it.
func (o *outDir) checkPath(rel string) error {
	cur := o.root
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is %s where spectrumgen keeps a folder of its own: move it away and run again", cur, kindOf(fi.Mode()))
		}
	}
	_, err := checkRegular(filepath.Join(cur, parts[len(parts)-1]))
	return err
}

var errStop = errors.New("stop")

// list returns the files of people/<email>/ with the stats of each, and
// whether zips/<email>.zip is there, never following a link nor opening
// anything but a regular file. With hash, files are hashed, unless ent (the
// state file's line of the kit, or nil) vouches for them: their stats are
// the ones it records, and none is as new as the state file (writtenAt),
// so none can have been edited in the clock tick it was recorded in (git's
// "racy" case). Those are trusted instead, their sums to be taken from
// SHA256SUMS (takeSums). With quick (the kit's inputs are the ones ent
// records), the kit is first looked at as ent names it (quickList), which
// costs a stat per file and folder instead of reading every folder.
func (o *outDir) list(email string, hash bool, ent *stateEntry, writtenAt int64, quick bool) (listing, error) {
	var l listing
	zp := filepath.Join(o.root, "zips", email+".zip")
	if fi, err := os.Lstat(zp); err == nil {
		l.hasZip, l.zip = true, fi.Mode()
		if fi.Mode().IsRegular() {
			l.zipStat = statOfFile(zipStatName, fi)
			if ent != nil && ent.hasZip && ent.zip == l.zipStat && statOf(fi).newest() < writtenAt {
				l.zipTrusted = true
			} else if hash {
				if _, l.zipSum, err = hashRegular(zp); err != nil {
					return l, err
				}
			}
		}
	}
	dir := o.kitPath(email)
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return l, nil
	case err != nil:
		return l, err
	case !fi.IsDir():
		l.exists = true
		l.files = append(l.files, entry{rel: "", mode: fi.Mode()})
		return l, nil
	}
	l.exists = true
	if quick && ent != nil && ent.hasDirs {
		if q, ok := quickList(dir, ent, writtenAt); ok {
			q.hasZip, q.zip, q.zipStat, q.zipTrusted, q.zipSum = l.hasZip, l.zip, l.zipStat, l.zipTrusted, l.zipSum
			return q, nil
		}
	}
	var stats []fileStat
	var dirs dirStats
	err = walkKit(dir, func(rel string, mode fs.FileMode, st fileStat) {
		l.files = append(l.files, entry{rel: rel, mode: mode})
		stats = append(stats, st)
	}, dirs.add)
	if err != nil {
		return l, err
	}
	l.dirStat, l.hasDirStat = dirs.sum(), true
	idx := make([]int, len(l.files))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return l.files[idx[i]].rel < l.files[idx[j]].rel })
	files := make([]entry, len(l.files))
	d := newStatDigest()
	regular, newest := true, int64(0)
	for i, k := range idx {
		files[i] = l.files[k]
		d.add(files[i].rel, stats[k])
		regular = regular && files[i].mode.IsRegular()
		newest = max(newest, stats[k].newest())
	}
	l.files, l.stat = files, d.sum()
	if ent != nil && ent.kit == l.stat && regular && newest < writtenAt {
		l.trusted = true
		return l, nil
	}
	if hash {
		return l, o.hashKit(email, &l)
	}
	return l, nil
}

// hashKit hashes the regular files of a listing, which is then trusted no
// more.
func (o *outDir) hashKit(email string, l *listing) error {
	l.trusted = false
	dir := o.kitPath(email)
	for i, e := range l.files {
		if e.rel == "" || !e.mode.IsRegular() {
			continue
		}
		mode, sum, err := hashRegular(filepath.Join(dir, filepath.FromSlash(e.rel)))
		if err != nil {
			return err
		}
		l.files[i].mode, l.files[i].sum = mode, sum
	}
	return nil
}

// hashZip hashes the zip of a listing, which is then trusted no more.
func (o *outDir) hashZip(email string, l *listing) error {
	l.zipTrusted = false
	if !l.hasZip || !l.zip.IsRegular() {
		return nil
	}
	var err error
	_, l.zipSum, err = hashRegular(filepath.Join(o.root, "zips", email+".zip"))
	return err
}

// takeSums fills in a trusted listing's sums from the record's group g;
// false when g does not list exactly the listing's files.
func (l *listing) takeSums(g *group) bool {
	if g == nil || len(g.files) != len(l.files) {
		return false
	}
	n := 0
	for _, rl := range g.lines {
		if !rl.isZip {
			n++
		}
	}
	if n != len(l.files) {
		return false // a path listed twice
	}
	for i, e := range l.files {
		s, ok := g.files[e.rel]
		if !ok || len(s) != 64 {
			return false
		}
		if _, err := hex.Decode(l.files[i].sum[:], []byte(s)); err != nil {
			return false
		}
	}
	return true
}

// takeZipSum fills in a trusted zip's sum from the record's group g.
func (l *listing) takeZipSum(g *group) bool {
	if g == nil || !g.zip || len(g.zipSum) != 64 {
		return false
	}
	n := 0
	for _, rl := range g.lines {
		if rl.isZip {
			n++
		}
	}
	_, err := hex.Decode(l.zipSum[:], []byte(g.zipSum))
	return n == 1 && err == nil
}

// hashRegular returns the mode and SHA-256 of the regular file at path.
func hashRegular(path string) (fs.FileMode, [32]byte, error) {
	var sum [32]byte
	f, err := openRegular(path)
	if err != nil {
		return 0, sum, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, sum, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return 0, sum, err
	}
	h.Sum(sum[:0])
	return fi.Mode(), sum, nil
}

// digest sums up a kit on disk as kitDigest sums up a generated one.
func (l listing) digest() [32]byte {
	d := newKitDigest()
	for _, e := range l.files {
		d.add(e.rel, e.mode, e.sum)
	}
	return d.sum()
}

// kitDigest hashes a kit's paths, modes and contents, in path order, so a
// kit on disk and a generated one compare by one value: equal, and the kit
// on disk is exactly the new one (the writer leaves it).
type kitDigest struct{ h hash.Hash }

func newKitDigest() kitDigest { return kitDigest{sha256.New()} }

func (d kitDigest) add(rel string, mode fs.FileMode, sum [32]byte) {
	// The permission as the platform keeps it (keptPerm): on Windows only
	// "read-only or not", so a kit on disk there compares equal to the one
	// that made it.
	fmt.Fprintf(d.h, "%q %v ", rel, mode&^fs.ModePerm|keptPerm(mode.Perm()))
	d.h.Write(sum[:])
	d.h.Write([]byte{'\n'})
}

func (d kitDigest) sum() [32]byte {
	var s [32]byte
	d.h.Sum(s[:0])
	return s
}

// emptyDir reports whether dir is missing or holds nothing.
func emptyDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	defer f.Close()
	names, _ := f.Readdirnames(1)
	return len(names) == 0
}
