package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sort"
	"sync"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// A kit is what the program makes of one resolved account, finished by the
// run's steps: the fingerprint of those inputs, recorded in the state file
// (state.go), lets a re-run leave a kit whose inputs are the same without
// generating it. What goes in:
//   - the program: the SHA-256 of the running executable, so a build of
//     another commit, or of a modified tree, never reuses a kit (tests set
//     Options.Program instead);
//   - the names of the generators the run has;
//   - what the steps do (Options.StepsID: signing, with which certificate),
//     at the head of the state file, as it is the same for every kit;
//   - the account, every field, as JSON (canonical for a struct: fields in
//     declaration order).
//
// Nothing else shapes a kit: generators see the account only
// (internal/account), and the zip is checked on its own.

// runKey is the run's part of every kit's fingerprint: the program and
// its generators (key), and what the steps do (steps, recorded once at the
// head of the state file). key.ok is false when the program has no
// fingerprint, stepsOK when the steps do not say what they do: either way
// no kit is skipped.
func runKey(opt Options) runInputs {
	var rk runInputs
	program := opt.Program
	if program == "" {
		program = executableSum()
	}
	if program != "" {
		rk.key, rk.ok = programKey(program, opt.Generators), true
	}
	if len(opt.Steps) == 0 || opt.StepsID != "" {
		rk.steps, rk.stepsOK = sha256.Sum256([]byte(opt.StepsID)), true
	}
	return rk
}

// programKey is the fingerprint of the program and the generators it has.
func programKey(program string, gens map[string]generators.Generator) [32]byte {
	names := make([]string, 0, len(gens))
	for name := range gens {
		names = append(names, name)
	}
	sort.Strings(names)
	b, _ := json.Marshal(struct {
		Format     int
		Program    string
		Generators []string
	}{1, program, names})
	return sha256.Sum256(b)
}

// Made returns whether this program (with gens) made a kit from exactly a
// in out, as the state file there says; nil when out has no usable state
// file. An account a kit was made of passed the generators' checks then
// (Generate refuses what Check refuses), so the caller may skip running
// them again: with one person changed among thousands, those checks are
// most of what is left of a re-run. A forged state file can only make a
// check come late: Generate still refuses the account, and the run stops.
func Made(out string, gens map[string]generators.Generator) func(a account.Account) bool {
	program := executableSum()
	if program == "" {
		return nil
	}
	sr := openState(out)
	if sr == nil {
		return nil
	}
	defer sr.close()
	var made [][32]byte
	for {
		e, ok := sr.next()
		if !ok {
			break
		}
		if e.hasInputs {
			made = append(made, e.inputs)
		}
		if len(made) > maxMade {
			return nil // not a state file this program wrote: check everyone
		}
	}
	sort.Slice(made, func(i, j int) bool { return bytes.Compare(made[i][:], made[j][:]) < 0 })
	key := programKey(program, gens)
	return func(a account.Account) bool {
		in := inputsOf(key, a)
		i := sort.Search(len(made), func(i int) bool { return bytes.Compare(made[i][:], in[:]) >= 0 })
		return i < len(made) && made[i] == in
	}
}

// inputsOf is the fingerprint of what makes a's kit in a run of key.
func inputsOf(key [32]byte, a account.Account) [32]byte {
	h := sha256.New()
	h.Write(key[:])
	// An account is strings, ints and slices of them: Marshal cannot fail.
	_ = json.NewEncoder(h).Encode(a)
	var s [32]byte
	h.Sum(s[:0])
	return s
}

// maxMade bounds the fingerprints Made keeps (32 bytes each), so that a
// huge planted state file cannot run the program out of memory.
const maxMade = 2_000_000

var executable struct {
	once sync.Once
	sum  string
}

// executableSum is the SHA-256 of the running program's file, or "" when
// it cannot be read.
func executableSum() string {
	executable.once.Do(func() {
		path, err := os.Executable()
		if err != nil {
			return
		}
		f, err := os.Open(path)
		if err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return
		}
		executable.sum = hex.EncodeToString(h.Sum(nil))
	})
	return executable.sum
}
