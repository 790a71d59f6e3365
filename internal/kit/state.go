package kit

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The state file lets a re-run skip a kit without generating it or reading
// its files, as git's index and make do. SHA256SUMS stays the plain
// sha256sum record; .spectrumgen-state, beside it, holds one line per kit,
// in the kits' order:
//
//	<inputs> <kit stat> <zip stat or -> <folder stat or -> <address, quoted> <files, each quoted, or ->
//
// inputs is the fingerprint of what made the kit (fingerprint.go: the
// program and the account; what the steps do, the same for every kit, is
// on the first line); kit stat is a SHA-256 over the
// path, size, modification time, mode and (Linux, macOS) inode and change
// time of each of the kit's files as the run left them; zip stat the same
// for the zip; folder stat the same for the kit's folders, its own
// included, and files the kit's file names, in order. The first
// line names the format, the last one ("end") holds
// the stat of the SHA256SUMS written with it, so a state file goes with
// one record only: a record restored or edited since, and the state is not
// used at all.
//
// A re-run looks at each kit with one lstat per file, no open and no read.
// When its inputs are the ones recorded, it first stats the files and
// folders the line names (quickList), without reading any folder: an
// entry added, removed or renamed in a folder changes the folder's
// modification time, so equal folder stats mean the same names, and equal
// file stats the same files. That only ever leaves a kit as it is: a kit
// the writer would touch is listed in full, folder by folder.
// A kit whose stat is the recorded one has the content SHA256SUMS lists
// (its hashes are taken from there, not recomputed), and when its inputs
// are the same too it is left as it is, not generated. A kit whose stat
// differs (a file edited, touched, added or removed) is hashed and
// compared as without a state file: a file someone edited still stops the
// run, named.
//
// The trade-off is git's: an edit that restores a file's size and
// modification time exactly is not seen. On Linux and macOS the change
// time, which no program can set, is recorded too, so only a change of
// the clock does that; on Windows (size and a 100 ns modification time)
// a tool that copies the old time back does. And as git's "racy" entries,
// a file whose modification or change time is not older than the state
// file itself may have been edited in the same clock tick as it was
// recorded: such a kit is hashed, never trusted.
//
// A state file that is missing, truncated, garbled, out of order or hostile
// only costs speed: a line that does not parse ends its use (the rest of
// the kits are hashed), and a line can only vouch for files whose stat is
// exactly what it says, against hashes SHA256SUMS holds.

// stateName is the state file's name, at the top of the output folder.
const stateName = ".spectrumgen-state"

// stateHeader starts the first line; what the run's steps do follows
// (runInputs.steps, or "-").
const stateHeader = "spectrumgen state 2 "

// stateTrailerLen is the length of the last line: "end <64 hex>\n".
const stateTrailerLen = 4 + 64 + 1

// fileStat is what the state records of one file.
type fileStat struct {
	size, mtime, ctime int64
	ino                uint64
	mode               fs.FileMode
}

func statOf(fi fs.FileInfo) fileStat {
	s := fileStat{size: fi.Size(), mtime: fi.ModTime().UnixNano(), mode: fi.Mode()}
	s.ino, s.ctime = sysStat(fi)
	return s
}

// newest is the later of the modification and change times.
func (s fileStat) newest() int64 { return max(s.mtime, s.ctime) }

// statDigest sums up the stats of a folder's files, in path order.
type statDigest struct {
	h   hash.Hash
	buf []byte
}

func newStatDigest() *statDigest { return &statDigest{h: sha256.New()} }

func (d *statDigest) add(rel string, s fileStat) {
	b := d.buf[:0]
	b = binary.AppendUvarint(b, uint64(len(rel)))
	b = append(b, rel...)
	b = binary.LittleEndian.AppendUint64(b, uint64(s.size))
	b = binary.LittleEndian.AppendUint64(b, uint64(s.mtime))
	b = binary.LittleEndian.AppendUint64(b, uint64(s.ctime))
	b = binary.LittleEndian.AppendUint64(b, s.ino)
	b = binary.LittleEndian.AppendUint32(b, uint32(s.mode))
	d.h.Write(b)
	d.buf = b
}

func (d *statDigest) sum() [32]byte {
	var s [32]byte
	d.h.Sum(s[:0])
	return s
}

// statOfFile is the stat digest of one file (a zip, SHA256SUMS).
func statOfFile(name string, fi fs.FileInfo) [32]byte {
	d := newStatDigest()
	d.add(name, statOf(fi))
	return d.sum()
}

// stateEntry is one kit's line.
type stateEntry struct {
	email     string
	inputs    [32]byte
	hasInputs bool // false: what made the kit is not known (steps without a StepsID)
	kit       [32]byte
	zip       [32]byte
	hasZip    bool
	// dirs sums up the stats of the kit's folders and names lists its
	// files, when hasDirs: enough to find the kit unchanged with a stat
	// per file and folder (quickList). names is kept as the line has it
	// (encodeNames), read only when a run looks at the kit that way.
	dirs    [32]byte
	hasDirs bool
	names   string
}

func (e stateEntry) key() string { return e.email + "/" }

// setDirs records the folder stats and the files of l, a kit's listing
// whose files are all regular; nothing when l has no folder stats.
func (e *stateEntry) setDirs(l listing) {
	e.hasDirs, e.names = false, ""
	if !l.hasDirStat || len(l.files) == 0 {
		return
	}
	names := make([]string, len(l.files))
	for i, f := range l.files {
		if !f.mode.IsRegular() || f.rel == "" {
			return
		}
		names[i] = f.rel
	}
	e.dirs, e.hasDirs, e.names = l.dirStat, true, encodeNames(names)
}

// encodeNames is a line's field of a kit's file names (sorted): each
// quoted, separated by spaces. A name needs no escape as a rule, so reading
// it back costs little.
func encodeNames(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Quote(n))
	}
	return b.String()
}

// decodeNames reads encodeNames's field back; ok only for names that are
// paths inside a kit, in strictly increasing order.
func decodeNames(field string) (names []string, ok bool) {
	for field != "" {
		q, err := strconv.QuotedPrefix(field)
		if err != nil {
			return nil, false
		}
		n, err := strconv.Unquote(q)
		if err != nil || !safeRel(n) || (len(names) > 0 && n <= names[len(names)-1]) {
			return nil, false
		}
		names = append(names, n)
		field = field[len(q):]
		if field != "" {
			if field, ok = strings.CutPrefix(field, " "); !ok || field == "" {
				return nil, false
			}
		}
	}
	return names, len(names) > 0
}

func (e stateEntry) line() string {
	hexOr := func(ok bool, b [32]byte) string {
		if !ok {
			return "-"
		}
		return hex.EncodeToString(b[:])
	}
	names := "-"
	if e.hasDirs {
		names = e.names
	}
	return hexOr(e.hasInputs, e.inputs) + " " + hex.EncodeToString(e.kit[:]) + " " + hexOr(e.hasZip, e.zip) + " " +
		hexOr(e.hasDirs, e.dirs) + " " + strconv.Quote(e.email) + " " + names + "\n"
}

// parseStateLine reads one kit line; ok is false for anything else.
func parseStateLine(line string) (e stateEntry, ok bool) {
	line, ok = strings.CutSuffix(line, "\n")
	if !ok {
		return e, false
	}
	f := strings.SplitN(line, " ", 5)
	if len(f) != 5 {
		return e, false
	}
	var okDirs bool
	e.hasDirs, okDirs = hexField(f[3], &e.dirs, true)
	quoted, err := strconv.QuotedPrefix(f[4])
	if err != nil || !okDirs {
		return stateEntry{}, false
	}
	names, ok := strings.CutPrefix(f[4][len(quoted):], " ")
	if !ok || !e.parseNames(names) {
		return stateEntry{}, false
	}
	f[3] = quoted
	var okIn, okKit, okZip bool
	e.hasInputs, okIn = hexField(f[0], &e.inputs, true)
	_, okKit = hexField(f[1], &e.kit, false)
	e.hasZip, okZip = hexField(f[2], &e.zip, true)
	email, err := strconv.Unquote(f[3])
	if !okIn || !okKit || !okZip || err != nil || dirName(email) != "" {
		return stateEntry{}, false
	}
	e.email = email
	return e, true
}

// hexField reads a 32-byte hex field of a state line into dst; "-" is
// absent, and allowed when dashOK.
func hexField(s string, dst *[32]byte, dashOK bool) (present, ok bool) {
	if s == "-" {
		return false, dashOK
	}
	if len(s) != 64 {
		return false, false
	}
	n, err := hex.Decode(dst[:], []byte(s))
	return true, err == nil && n == 32
}

// parseNames takes a line's names field: "-" when the line has no folder
// stats, else encodeNames's field, read when it is used (decodeNames).
func (e *stateEntry) parseNames(field string) bool {
	if field == "-" || !e.hasDirs {
		return field == "-" && !e.hasDirs
	}
	e.names = field
	return strings.HasPrefix(field, `"`)
}

// stateReader streams a state file's kit lines, in order.
type stateReader struct {
	f     *os.File
	r     *bufio.Reader
	mtime int64 // the state file's own: files not older may be racy
	last  string
	done  bool
	// steps is what the steps of the run that wrote it did (runInputs.steps).
	steps    [32]byte
	hasSteps bool
}

// openState opens the output's state file for reading, or returns nil when
// there is none that goes with the output's SHA256SUMS: missing, not a
// regular file, without its header or its last line, or written with
// another SHA256SUMS than the one there now.
func openState(root string) *stateReader {
	f, err := openRegular(filepath.Join(root, stateName))
	if err != nil {
		return nil
	}
	s, err := checkState(root, f)
	if err != nil {
		f.Close()
		return nil
	}
	return s
}

var errNoState = errors.New("no usable state")

func checkState(root string, f *os.File) (*stateReader, error) {
	fi, err := f.Stat()
	if err != nil || fi.Size() < int64(len(stateHeader)+stateTrailerLen) {
		return nil, errNoState
	}
	sums, err := os.Lstat(filepath.Join(root, SumsName))
	if err != nil || !sums.Mode().IsRegular() {
		return nil, errNoState
	}
	want := statOfFile(SumsName, sums)
	tail := make([]byte, stateTrailerLen)
	if _, err := f.ReadAt(tail, fi.Size()-stateTrailerLen); err != nil {
		return nil, errNoState
	}
	if string(tail) != "end "+hex.EncodeToString(want[:])+"\n" {
		return nil, errNoState
	}
	r := bufio.NewReaderSize(io.LimitReader(f, fi.Size()-stateTrailerLen), 64<<10)
	head, err := r.ReadSlice('\n')
	steps, ok := strings.CutPrefix(string(head), stateHeader)
	if err != nil || !ok {
		return nil, errNoState
	}
	s := &stateReader{f: f, r: r, mtime: fi.ModTime().UnixNano()}
	if steps != "-\n" {
		if len(steps) != 65 { // 64 hex digits and the newline: Decode must not overrun
			return nil, errNoState
		}
		if n, err := hex.Decode(s.steps[:], []byte(steps[:64])); err != nil || n != 32 {
			return nil, errNoState
		}
		s.hasSteps = true
	}
	return s, nil
}

// next returns the next kit line; false at the end, and from the first
// line that does not read (too long, garbled, out of order) on.
func (s *stateReader) next() (stateEntry, bool) {
	if s == nil || s.done {
		return stateEntry{}, false
	}
	line, err := s.r.ReadSlice('\n') // a line longer than the buffer is garbage
	if err != nil {
		s.done = true
		return stateEntry{}, false
	}
	e, ok := parseStateLine(string(line))
	if !ok || e.key() <= s.last {
		s.done = true
		return stateEntry{}, false
	}
	s.last = e.key()
	return e, true
}

func (s *stateReader) close() {
	if s != nil {
		s.f.Close()
	}
}

// stateCursor hands the survey's parallel workers the state line of each
// kit. Workers ask in nearly the kits' order; a line read ahead for a kit
// whose worker has not asked yet waits in ahead (at most the workers'
// window of them), and lines of people not in the manifest are dropped.
type stateCursor struct {
	mu     sync.Mutex
	r      *stateReader
	listed func(key string) bool // a kit of this run
	ahead  map[string]stateEntry
}

// get returns key's line, or false.
func (c *stateCursor) get(key string) (stateEntry, bool) {
	if c == nil || c.r == nil {
		return stateEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.ahead[key]; ok {
		delete(c.ahead, key)
		return e, true
	}
	if c.r.last >= key { // read past it: it has no line
		return stateEntry{}, false
	}
	for {
		e, ok := c.r.next()
		switch {
		case !ok:
			return stateEntry{}, false
		case e.key() == key:
			return e, true
		case c.listed(e.key()):
			c.ahead[e.key()] = e
		}
		if e.key() > key {
			return stateEntry{}, false
		}
	}
}

// stateWriter writes the new state file under a temporary name, put in
// place once SHA256SUMS is written (topFile: left as it was when it comes
// out the same).
type stateWriter struct {
	t *topFile
	w *bufio.Writer
}

func (o *outDir) newStateWriter(rk runInputs) (*stateWriter, error) {
	t, err := o.createTop(stateName, 0o644)
	if err != nil {
		return nil, fmt.Errorf("creating the state file: %w", err)
	}
	w := bufio.NewWriterSize(t, 64<<10)
	steps := "-"
	if rk.stepsOK {
		steps = hex.EncodeToString(rk.steps[:])
	}
	_, err = w.WriteString(stateHeader + steps + "\n")
	return &stateWriter{t: t, w: w}, err
}

func (s *stateWriter) add(e stateEntry) error {
	_, err := s.w.WriteString(e.line())
	return err
}

func (s *stateWriter) addLine(line []byte) error {
	_, err := s.w.Write(line)
	return err
}

// finish ends the state file with the stat of the SHA256SUMS now at the
// output's top and puts it in place.
func (s *stateWriter) finish(root string) error {
	sums, err := os.Lstat(filepath.Join(root, SumsName))
	if err != nil {
		return err
	}
	d := statOfFile(SumsName, sums)
	if _, err := s.w.WriteString("end " + hex.EncodeToString(d[:]) + "\n"); err != nil {
		return err
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	// Nothing changed: a run that writes nothing touches nothing. The old
	// file's time stays the racy limit, which is right, as no kit was
	// written since.
	_, err = s.t.commit()
	return err
}

func (s *stateWriter) discard() {
	if s != nil {
		s.t.discard()
	}
}

// keptSpool holds, while the kits are written, the state line and the
// SHA256SUMS lines of each kit the survey found clean, in the kits' order:
// a kit the writer then leaves as it is takes them from here, so the run
// neither reads it again nor keeps those lines in memory.
type keptSpool struct {
	f                 *os.File
	w                 *bufio.Writer
	r                 *bufio.Reader
	addr, state, sums []byte // what take read last
}

func (o *outDir) newKeptSpool() (*keptSpool, error) {
	f, err := os.OpenFile(filepath.Join(o.root, ".tmp-kept-"+randomSuffix()), os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating a temporary file: %w", err)
	}
	return &keptSpool{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// add stores one kit: its address (quoted, on a line of its own, so take
// finds it without parsing the state line), its state line, its SHA256SUMS
// lines, an empty line.
func (k *keptSpool) add(e stateEntry, sums []byte) error {
	if _, err := k.w.WriteString(strconv.Quote(e.email) + "\n" + e.line()); err != nil {
		return err
	}
	if _, err := k.w.Write(sums); err != nil {
		return err
	}
	return k.w.WriteByte('\n')
}

// rewind makes the spool readable from its start.
func (k *keptSpool) rewind() error {
	if err := k.w.Flush(); err != nil {
		return err
	}
	if _, err := k.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	k.r = bufio.NewReaderSize(k.f, 64<<10)
	return nil
}

// take returns the stored state line and SHA256SUMS lines of email's kit,
// passing over kits stored before it (clean, but written after all). They
// are valid until the next take: the caller copies them on.
func (k *keptSpool) take(email string) (state, sums []byte, n int, err error) {
	want := strconv.Quote(email) + "\n"
	for {
		if k.addr, err = appendLine(k.addr[:0], k.r); err != nil {
			return nil, nil, 0, fmt.Errorf("reading back the kept kits: %w", err)
		}
		if k.state, err = appendLine(k.state[:0], k.r); err != nil {
			return nil, nil, 0, fmt.Errorf("reading back the kept kits: %w", err)
		}
		k.sums, n = k.sums[:0], 0
		for {
			at := len(k.sums)
			if k.sums, err = appendLine(k.sums, k.r); err != nil {
				return nil, nil, 0, fmt.Errorf("reading back the kept kits: %w", err)
			}
			if len(k.sums) == at+1 { // the empty line that ends the kit
				k.sums = k.sums[:at]
				break
			}
			n++
		}
		if string(k.addr) == want {
			return k.state, k.sums, n, nil
		}
	}
}

// appendLine appends the next line of r, with its newline, to b.
func appendLine(b []byte, r *bufio.Reader) ([]byte, error) {
	for {
		part, err := r.ReadSlice('\n')
		b = append(b, part...)
		if err != bufio.ErrBufferFull {
			return b, err
		}
	}
}

func (k *keptSpool) discard() {
	if k != nil {
		k.f.Close()
		os.Remove(k.f.Name())
	}
}

// writtenAt is the state file's modification time: a file not older than
// it may have changed in the same clock tick as it was recorded. Without a
// state file nothing is trusted anyway.
func (s *stateReader) writtenAt() int64 {
	if s == nil {
		return 0
	}
	return s.mtime
}

// dirStats gathers the stats of a kit's folders, "." for its own, to be
// summed up in path order (the walk meets them in any order).
type dirStats struct {
	rels  []string
	stats []fileStat
}

func (d *dirStats) add(rel string, st fileStat) {
	d.rels = append(d.rels, rel)
	d.stats = append(d.stats, st)
}

func (d *dirStats) sum() [32]byte {
	idx := make([]int, len(d.rels))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return d.rels[idx[i]] < d.rels[idx[j]] })
	sd := newStatDigest()
	for _, i := range idx {
		sd.add(d.rels[i], d.stats[i])
	}
	return sd.sum()
}

// dirRel is the name a kit's folder is recorded under, from the walk's
// prefix ("" or "sub/"): "." for the kit's own.
func dirRel(prefix string) string {
	if prefix == "" {
		return "."
	}
	return strings.TrimSuffix(prefix, "/")
}

// kitDirs returns the folders that hold names: the kit's own (".") and
// every name's parent folders, sorted.
func kitDirs(names []string) []string {
	seen := map[string]bool{".": true}
	dirs := []string{"."}
	for _, n := range names {
		for d := path.Dir(n); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return dirs
}

// statNames stats the files names and the folders dirs (slash-separated,
// "." for dir itself) inside the folder dir (statterIn), folders first.
func statNames(dir string, names, dirs []string) (files, folders []fileStat, err error) {
	stat, done, err := statterIn(dir)
	if err != nil {
		return nil, nil, err
	}
	defer done()
	folders = make([]fileStat, len(dirs))
	for i, d := range dirs {
		if folders[i], err = stat(d); err != nil {
			return nil, nil, err
		}
	}
	files = make([]fileStat, len(names))
	for i, n := range names {
		if files[i], err = stat(n); err != nil {
			return nil, nil, err
		}
	}
	return files, folders, nil
}

// quickList lists the kit at dir as ent names it, with a stat per file and
// folder (statNames) and no folder read; ok only when every stat is the
// one ent records, files are regular, folders are folders, and none is as
// new as the state file (writtenAt). Anything else, a missing file
// included, is no error: the caller walks the kit instead.
func quickList(dir string, ent *stateEntry, writtenAt int64) (l listing, ok bool) {
	names, ok := decodeNames(ent.names)
	if !ok {
		return listing{}, false
	}
	folders := kitDirs(names)
	files, dirs, err := statNames(dir, names, folders)
	if err != nil {
		return listing{}, false
	}
	d := newStatDigest()
	newest := int64(0)
	l.files = make([]entry, len(names))
	for i, name := range names {
		if !files[i].mode.IsRegular() {
			return listing{}, false
		}
		l.files[i] = entry{rel: name, mode: files[i].mode}
		d.add(name, files[i])
		newest = max(newest, files[i].newest())
	}
	var ds dirStats
	for i, f := range folders {
		if !dirs[i].mode.IsDir() {
			return listing{}, false
		}
		ds.add(f, dirs[i])
		newest = max(newest, dirs[i].newest())
	}
	l.stat, l.dirStat, l.hasDirStat = d.sum(), ds.sum(), true
	if l.stat != ent.kit || l.dirStat != ent.dirs || newest >= writtenAt {
		return listing{}, false
	}
	l.exists, l.trusted, l.fromState = true, true, true
	return l, true
}
