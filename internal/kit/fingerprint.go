package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sort"
	"sync"

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
//   - what the steps do (Options.StepsID: signing, with which certificate);
//   - the account, every field, as JSON (canonical for a struct: fields in
//     declaration order).
//
// Nothing else shapes a kit: generators see the account only
// (internal/account), and the zip is checked on its own.

// runKey is the part of every kit's fingerprint that the run decides; ok
// is false when it is not known (no program fingerprint, or steps that do
// not say what they do): then no kit is skipped.
func runKey(opt Options) (key [32]byte, ok bool) {
	program := opt.Program
	if program == "" {
		program = executableSum()
	}
	if program == "" || (len(opt.Steps) > 0 && opt.StepsID == "") {
		return key, false
	}
	names := make([]string, 0, len(opt.Generators))
	for name := range opt.Generators {
		names = append(names, name)
	}
	sort.Strings(names)
	b, _ := json.Marshal(struct {
		Format     int
		Program    string
		Steps      string
		Generators []string
	}{1, program, opt.StepsID, names})
	return sha256.Sum256(b), true
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
