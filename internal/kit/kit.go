// Package kit writes onboarding kits: one folder per person under people/
// with the client files and the person's README.html and README.txt, shared
// files under server/ with server/README.txt, and at the top index.html and
// SHA256SUMS over every file, with zips/<address>.zip per person on
// request. Each person's kit is built beside the old one and swapped in
// with one atomic rename, so a failed or killed run leaves every earlier kit
// whole; a kit whose files did not change is not touched.
//
// The output folder belongs to its owner: the writer works only in a folder
// it made (owner.go), SHA256SUMS is its record of what it wrote there
// (record.go, journal.go), and before writing anything it surveys every
// path it would read, replace or remove (survey.go): a file it did not
// write, or anything but a regular file, stops the run with the output as
// it was.
package kit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/instructions"
)

// Options control one run of the writer.
type Options struct {
	// Out is the output folder; it is created when missing.
	Out string
	// Generators maps client names to generators.
	Generators map[string]generators.Generator
	// Zip also writes zips/<address>.zip per person. A folder where an
	// earlier run wrote zips keeps them, refreshed, with or without Zip.
	Zip bool
	// Prune removes the kits and zips of people no longer in the list
	// (only files the record says spectrumgen wrote).
	Prune bool
	// Jobs is the number of workers; 0 means one per CPU.
	Jobs int
	// Progress, when set, is called after each person's kit is done.
	Progress func(done, total int)
	// Steps run in order on each person's generated files before they are
	// written: signing Apple profiles, adding instructions. They run in the
	// write phase only, so a step must check what can fail (keys, say)
	// before Write is called.
	Steps []Step
	// StepsID says what Steps do, for the inputs' fingerprint (fingerprint.go):
	// a re-run skips a kit without generating it only when the steps are
	// the same, such as "sign with the certificate of SHA-256 ...". Never a
	// secret. Steps without a StepsID: every kit is generated again.
	StepsID string
	// Program identifies the program that generates, for the same
	// fingerprint; empty means the SHA-256 of the running executable. Tests
	// set it, to stand for another build.
	Program string
}

// runInputs is the run's part of every kit's fingerprint (runKey).
type runInputs struct {
	key     [32]byte // the program and its generators
	ok      bool
	steps   [32]byte // what the steps do
	stepsOK bool
}

// Step transforms or adds to one person's files. It must be safe for
// concurrent use: workers call it for different people at once.
type Step func(a account.Account, files []generators.File) ([]generators.File, error)

// Summary says what a run did.
type Summary struct {
	People    int
	New       []string // addresses whose kit was written for the first time
	Changed   []string // addresses whose kit was replaced
	Unchanged int      // kits left as they were
	// Removed are the people the output's record has and the list has not;
	// with Options.Prune their kits and zips were removed, else kept.
	Removed []string
	Pruned  bool
	Files   int   // files in the kits, zips, server/ and at the top, written or not
	Written int   // files this run wrote
	Bytes   int64 // bytes this run wrote
	// Secret counts the kit files this run wrote that are marked
	// generators.File.Secret (they hold a password command).
	Secret int
	// Private counts the other kit files of mode 0600 this run wrote (a
	// client's own rule, such as aerc's); PrivateFiles names them by path
	// in the kit ("aerc/accounts.conf"), sorted, at most ten.
	Private      int
	PrivateFiles []string
	// PrivateZips counts the zips of mode 0600 this run wrote: they hold
	// such files.
	PrivateZips int
	Warnings    []string
}

// Write generates and writes the kits of accounts.
//
// Checks are the caller's, made once before: accounts must have passed
// CheckAccount for every client they name (manifest.Options.Check does
// that, reporting each problem at its place in the manifest). Write does
// not run them again. A generator still refuses in Generate what its Check
// refuses, so an unchecked account is never written; it stops the run
// part way instead, with every kit written so far whole.
//
// Before anything is written, Write claims the output folder (see
// claim), and surveys it: any file inside a kit it would replace that it
// did not write, and anything but a regular file where it reads or
// writes, stops the run with the output as it was.
func Write(ctx context.Context, opt Options, accounts []account.Account) (*Summary, error) {
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.NumCPU()
	}
	for _, a := range accounts {
		if why := dirName(a.Email); why != "" {
			return nil, fmt.Errorf("%s: %s", a.Email, why)
		}
	}
	shared, warnings, err := sharedOf(opt, accounts)
	if err != nil {
		return nil, err
	}
	out, err := prepare(opt.Out)
	if err != nil {
		return nil, err
	}
	defer out.unlock()

	// Kits are written in address order, so their SHA256SUMS lines come out
	// sorted and can be streamed to a spool file instead of being kept,
	// and the earlier record can be read beside them as a stream.
	order := make([]int, len(accounts))
	keys := make([]string, len(accounts)) // a kit's folder sorts as its name and "/"
	for i := range order {
		order[i], keys[i] = i, accounts[i].Email+"/"
	}
	sort.Slice(order, func(x, y int) bool { return keys[order[x]] < keys[order[y]] })
	rk := runKey(opt)
	sv, err := out.survey(ctx, opt, accounts, order, shared, rk)
	if err != nil {
		return nil, err
	}
	defer sv.discard()
	if err := sv.kept.rewind(); err != nil {
		return nil, explain(err)
	}
	// A folder that has zips keeps them current, with or without opt.Zip:
	// every kit gets a zip when any kit has one (remove zips/ to stop).
	anyZip := opt.Zip
	for _, st := range sv.states {
		anyZip = anyZip || st.zip
	}
	if anyZip {
		if err := out.mkdirs("zips"); err != nil {
			return nil, err
		}
	}

	sum := &Summary{People: len(accounts), Warnings: warnings}
	privateFiles := map[string]bool{}
	sums, err := out.newSumsWriter(sv.carry)
	if err != nil {
		return nil, explain(err)
	}
	defer sums.discard()
	jl := newJournal(out.root)
	defer jl.close()
	state, err := out.newStateWriter(rk)
	if err != nil {
		return nil, explain(err)
	}
	defer state.discard()
	// Workers build kits in parallel (generating is CPU work); this
	// goroutine alone writes them, in order. Parallel writers only contend
	// for the people/ folder's lock in the kernel: measured on ext4 with 2
	// workers, 10,000 kits took 16.1 s (16.4 s in the kernel) against 10.9 s
	// (6.7 s) with one writer.
	err = forEachOrdered(ctx, opt.Jobs, len(order), func(k int) (*builtKit, error) {
		return out.build(opt, accounts[order[k]], anyZip, sv.states[k], rk)
	}, func(k int, b *builtKit) error {
		if b.kept {
			// Found clean by the survey: its lines are in the kept spool.
			line, lines, n, err := sv.kept.take(b.email)
			if err != nil {
				return err
			}
			if err := state.addLine(line); err != nil {
				return explain(fmt.Errorf("writing the state file: %w", err))
			}
			sum.Unchanged++
			sum.Files += n
			if opt.Progress != nil {
				opt.Progress(k+1, len(order))
			}
			return sums.addKit(b.email+"/", lines)
		}
		if !b.unchanged || (b.zip != nil && !sv.states[k].zip) { // a file the record does not hold yet
			if err := jl.add(b.email); err != nil {
				return explain(fmt.Errorf("writing the journal: %w", err))
			}
		}
		wroteZip, err := out.write(b)
		if err != nil {
			return err
		}
		if err := state.add(out.stateOf(b, anyZip, rk)); err != nil {
			return explain(fmt.Errorf("writing the state file: %w", err))
		}
		switch {
		case b.unchanged:
			sum.Unchanged++
		case sv.states[k].exists:
			sum.Changed = append(sum.Changed, b.email)
		default:
			sum.New = append(sum.New, b.email)
		}
		if !b.unchanged {
			sum.Written += len(b.files)
			sum.Bytes += b.kitBytes
		}
		if wroteZip {
			sum.Written++
			sum.Bytes += int64(len(b.zip))
		}
		sum.Files += b.nfiles
		if !b.unchanged { // what is private among the files written now
			sum.Secret += b.secret
			sum.Private += b.private
			for _, p := range b.privateFiles {
				if len(privateFiles) < maxNamed { // paths holding an address would grow with the people
					privateFiles[p] = true
				}
			}
		}
		if wroteZip && b.zipMode&0o077 == 0 {
			sum.PrivateZips++
		}
		if opt.Progress != nil {
			opt.Progress(k+1, len(order))
		}
		return sums.addKit(b.email+"/", b.sums)
	})
	if err != nil {
		return nil, err
	}
	var former []string
	for _, g := range sv.removed {
		sum.Removed = append(sum.Removed, g.email)
		if !opt.Prune {
			former = append(former, g.email)
			continue
		}
		if err := out.prune(g); err != nil {
			return nil, explain(fmt.Errorf("removing the kit of %s: %w", g.email, err))
		}
	}
	sum.Pruned = opt.Prune && len(sv.removed) > 0
	var serverSums sumLines
	now := map[string]bool{}
	for _, f := range shared {
		wrote, err := out.writeShared(f)
		if err != nil {
			return nil, explain(fmt.Errorf("writing server/%s: %w", f.Path, err))
		}
		now[f.Path] = true
		serverSums.add("server/"+f.Path, f.Data)
		sum.Files++
		if wrote {
			sum.Written++
			sum.Bytes += int64(len(f.Data))
		}
	}
	// Shared files an earlier run wrote that no one needs now go, so the
	// folder holds what SHA256SUMS lists.
	for _, p := range sv.server {
		if !now[p] && safeRel(p) {
			if err := out.removeOurs("server", p); err != nil {
				return nil, explain(fmt.Errorf("removing server/%s: %w", p, err))
			}
		}
	}
	// The pages over the whole output come last, SHA256SUMS the very last,
	// so that it covers everything else.
	top, err := out.writeTop(accounts, anyZip, former, shared, serverSums, sums)
	if err != nil {
		return nil, explain(err)
	}
	sum.Files += top.files
	sum.Written += top.written
	sum.Bytes += top.bytes
	// The state goes with the SHA256SUMS just written (state.go).
	if err := state.finish(out.root); err != nil {
		return nil, explain(fmt.Errorf("writing the state file: %w", err))
	}
	sort.Strings(sum.Removed)
	for p := range privateFiles {
		sum.PrivateFiles = append(sum.PrivateFiles, p)
	}
	sort.Strings(sum.PrivateFiles)
	if err := jl.done(); err != nil {
		return nil, explain(fmt.Errorf("removing the journal: %w", err))
	}
	return sum, nil
}

// builtKit is one person's kit, built in memory and ready to write.
type builtKit struct {
	email        string
	files        []generators.File // sorted by path
	zip          []byte            // nil without a zip
	zipMode      fs.FileMode
	unchanged    bool // the kit on disk already holds exactly files: write leaves it
	kept         bool // not even generated: the survey found it clean (kitState.fast)
	inputs       [32]byte
	stat         writtenStats // of the kit's files and folders as written (writePerson)
	nfiles       int
	secret       int
	private      int
	privateFiles []string
	kitBytes     int64
	sums         []byte // SHA256SUMS lines of the kit's files and the zip
}

// build generates and finishes (steps) one person's kit, zips it and
// computes its sums. It does not touch the disk: whether the kit there is
// already the same comes from the survey's digest of it. A kit the survey
// found clean, with its zip when the run keeps zips, is not generated.
func (o *outDir) build(opt Options, a account.Account, withZip bool, onDisk kitState, rk runInputs) (*builtKit, error) {
	if onDisk.fast && (!withZip || onDisk.zip) {
		return &builtKit{email: a.Email, unchanged: true, kept: true}, nil
	}
	kitFiles, err := generate(opt.Generators, a)
	if err != nil {
		return nil, err
	}
	for _, step := range opt.Steps {
		if kitFiles, err = step(a, kitFiles); err != nil {
			return nil, fmt.Errorf("%s: %w", a.Email, err)
		}
	}
	sort.Slice(kitFiles, func(i, j int) bool { return kitFiles[i].Path < kitFiles[j].Path })
	b := &builtKit{email: a.Email, files: kitFiles}
	if rk.ok {
		b.inputs = inputsOf(rk.key, a)
	}
	var lines sumLines
	digest := newKitDigest()
	for _, f := range kitFiles {
		switch {
		case f.Secret:
			b.secret++
		case f.Perm()&0o077 == 0:
			b.private++
			b.privateFiles = append(b.privateFiles, f.Path)
		}
		sum := lines.add("people/"+a.Email+"/"+f.Path, f.Data)
		digest.add(f.Path, f.Perm(), sum)
		b.kitBytes += int64(len(f.Data))
	}
	b.unchanged = onDisk.exists && digest.sum() == onDisk.digest
	b.nfiles = len(kitFiles)
	switch {
	case withZip && b.unchanged && onDisk.zipSum != [32]byte{} && samePerm(onDisk.zipMode, zipMode(kitFiles)):
		// The zip there is this kit's (the survey checked it against the
		// record): keep it, without deflating the kit again.
		lines.addSum("zips/"+a.Email+".zip", onDisk.zipSum)
		b.nfiles++
	case withZip:
		if b.zip, err = Zip(a.Email, kitFiles); err != nil {
			return nil, fmt.Errorf("zipping the kit of %s: %w", a.Email, err)
		}
		b.zipMode = zipMode(kitFiles)
		lines.add("zips/"+a.Email+".zip", b.zip)
		b.nfiles++
	}
	b.sums = lines.b
	return b, nil
}

// write puts a built kit and its zip on disk; it reports whether it wrote
// the zip (false: the one there was already the same).
func (o *outDir) write(b *builtKit) (wroteZip bool, err error) {
	if !b.unchanged {
		if b.stat, err = o.writePerson(b.email, b.files); err != nil {
			return false, explain(fmt.Errorf("writing the kit of %s: %w", b.email, err))
		}
	}
	if b.zip != nil {
		if wroteZip, err = o.writeZip(b.email, b.zip, b.zipMode); err != nil {
			return false, explain(fmt.Errorf("writing the zip of %s: %w", b.email, err))
		}
	}
	return wroteZip, nil
}

// stateOf is the state file's line of a kit write has just put on disk (or
// left there).
func (o *outDir) stateOf(b *builtKit, withZip bool, rk runInputs) stateEntry {
	e := stateEntry{email: b.email, inputs: b.inputs, hasInputs: rk.ok, kit: b.stat.files}
	if b.unchanged { // not written: as it is on disk
		if l, err := o.list(b.email, false, nil, 0, false); err == nil {
			e.kit = l.stat
			e.setDirs(l)
		}
	} else if b.stat.hasDirs {
		names := make([]string, len(b.files))
		for i, f := range b.files {
			names[i] = f.Path
		}
		e.dirs, e.hasDirs, e.names = b.stat.dirs, true, encodeNames(names)
	}
	if withZip {
		if fi, err := os.Lstat(filepath.Join(o.root, "zips", b.email+".zip")); err == nil && fi.Mode().IsRegular() {
			e.zip, e.hasZip = statOfFile(zipStatName, fi), true
		}
	}
	return e
}

// generate runs the account's generators and adds the person's
// instructions (README.html, README.txt). Paths are checked to stay inside
// the kit.
func generate(gens map[string]generators.Generator, a account.Account) ([]generators.File, error) {
	var own []generators.File
	for _, name := range a.Clients {
		g, ok := gens[name]
		if !ok {
			return nil, fmt.Errorf("%s: no generator for client %q", a.Email, name)
		}
		files, err := g.Generate(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Email, err) // generator errors name their client
		}
		if err := checkPaths(a, name, "its folder", files); err != nil {
			return nil, err
		}
		own = append(own, files...)
	}
	readme, err := instructions.Files(a)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Email, err)
	}
	return append(own, readme...), nil
}

// sharedFiles returns the files of a's clients that serve its whole domain
// (generators.Sharer), with their paths checked.
func sharedFiles(gens map[string]generators.Generator, a account.Account) ([]generators.File, error) {
	var shared []generators.File
	for _, name := range a.Clients {
		s, ok := gens[name].(generators.Sharer)
		if !ok {
			continue
		}
		files, err := s.Shared(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Email, err)
		}
		if err := checkPaths(a, name, "server/", files); err != nil {
			return nil, err
		}
		shared = append(shared, files...)
	}
	return shared, nil
}

// sharedOf collects the shared files (generators.Sharer) once per group of
// accounts that share a domain and servers: shared files depend on nothing
// else. The first account in manifest order wins where two of a group's
// files disagree, with a warning.
func sharedOf(opt Options, accounts []account.Account) ([]generators.File, []string, error) {
	type slot struct {
		idx  int
		file generators.File
	}
	shared := map[string]slot{}
	conflicts := map[string]bool{}
	seen := map[string]bool{}
	for i, a := range accounts {
		key := sharedKey(a)
		if seen[key] {
			continue
		}
		seen[key] = true
		sh, err := sharedFiles(opt.Generators, a)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range sh {
			cur, dup := shared[f.Path]
			if dup && string(cur.file.Data) != string(f.Data) {
				conflicts[f.Path] = true
			}
			if !dup {
				shared[f.Path] = slot{i, f}
			}
		}
	}
	paths := make([]string, 0, len(shared))
	for p := range shared {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var files []generators.File
	var warnings []string
	for _, p := range paths {
		files = append(files, shared[p].file)
		if conflicts[p] {
			warnings = append(warnings, fmt.Sprintf("server/%s: people in this domain use different settings; the file follows %s, the first of them in the manifest",
				p, accounts[shared[p].idx].Email))
		}
	}
	return files, warnings, nil
}

// sharedKey groups accounts whose shared files are the same: those depend
// on the domain, the servers, the provider's name and the clients only.
func sharedKey(a account.Account) string {
	return fmt.Sprint(a.Domain(), a.Incoming.Host, a.Incoming.Port, a.Incoming.Security, a.Incoming.Auth,
		a.Outgoing.Host, a.Outgoing.Port, a.Outgoing.Security, a.Outgoing.Auth, a.ProfileName, a.Organization, a.Clients)
}

// CheckAccount returns why a's kit cannot be written with gens, or nil:
// its address as a folder name, a client without a generator, and the
// checks of the generators that have one (generators.Checker), every
// problem joined. It is the one place those checks run: manifest
// validation calls it for every account (manifest.Options.Check), so each
// problem is reported at its place, and Write trusts it was called.
func CheckAccount(gens map[string]generators.Generator, a account.Account, wrap func(client string, err error) error) error {
	if why := dirName(a.Email); why != "" {
		return fmt.Errorf("the address %s", why)
	}
	var errs []error
	for _, name := range a.Clients {
		g, ok := gens[name]
		if !ok {
			errs = append(errs, fmt.Errorf("no generator for client %q", name))
			continue
		}
		if c, ok := g.(generators.Checker); ok {
			if err := c.Check(a); err != nil {
				if wrap != nil {
					err = wrap(name, err)
				}
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// checkPaths returns an error naming the first of a client's files whose
// path would leave folder.
func checkPaths(a account.Account, client, folder string, files []generators.File) error {
	for _, f := range files {
		if !safeRel(f.Path) {
			return fmt.Errorf("%s: %s: generated path %q leaves %s", a.Email, client, f.Path, folder)
		}
	}
	return nil
}

// safeRel reports whether p is a clean relative slash path inside its root.
func safeRel(p string) bool {
	return p != "" && !strings.Contains(p, `\`) && filepath.IsLocal(p) && filepath.ToSlash(filepath.Clean(p)) == p
}

// dirName returns why an address cannot be a folder name, or "". Addresses
// are validated long before; this is the last line of defence.
func dirName(email string) string {
	if email == "" || email == "." || email == ".." || strings.HasPrefix(email, ".") ||
		strings.ContainsAny(email, `/\`) || strings.IndexFunc(email, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return "cannot be used as a folder name"
	}
	return ""
}
