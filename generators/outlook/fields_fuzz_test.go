package outlook

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// FuzzAccountFields sets every string field of the account (found by
// reflection, fixture.FuzzAccount) and keeps what validation accepts,
// the client's own check included (the PRF's Windows-1252 limits). Every
// Outlook file must then be written; the PRF must read back to the
// account's values, and the PRF and the .reg must hold exactly the
// sections, keys and values of a plain account's: no input text adds a
// section, a key or a registry value.
func FuzzAccountFields(f *testing.F) {
	base := fixture.Example(f, "outlook")[0]
	for _, s := range fixture.FuzzSeeds(base) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, ok := fixture.FuzzAccount(base, in)
		if !ok {
			return // validation refuses it before any generator runs
		}
		if err := (Generator{}).Check(a); err != nil {
			return // validation reports it at the account's place
		}
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatalf("checked, then refused %+v: %v", a, err)
		}
		plainFiles, err := Generator{}.Generate(fixture.Plain(a))
		if err != nil {
			t.Fatal(err)
		}
		for i, file := range files {
			switch {
			case strings.HasSuffix(file.Path, ".prf"):
				checkPRF(t, a, file.Data)
				if got, want := prfShape(t, file.Data), prfShape(t, plainFiles[i].Data); got != want {
					t.Fatalf("PRF of another shape:\n%s\nwant\n%s", got, want)
				}
			case strings.HasSuffix(file.Path, ".reg"):
				if got, want := regShape(t, file.Data), regShape(t, plainFiles[i].Data); got != want {
					t.Fatalf(".reg of another shape:\n%s\nwant\n%s", got, want)
				}
			}
		}
	})
}

func prfShape(t *testing.T, data []byte) string {
	t.Helper()
	secs, err := readPRF(data)
	if err != nil {
		t.Fatalf("reading the PRF: %v", err)
	}
	var out []string
	for _, s := range secs {
		for _, k := range s.Keys {
			out = append(out, s.Name+"."+k.Key)
		}
	}
	return strings.Join(out, " ")
}

func regShape(t *testing.T, data []byte) string {
	t.Helper()
	keys, err := readReg(data)
	if err != nil {
		t.Fatalf("reading the .reg: %v", err)
	}
	var out []string
	for _, k := range keys {
		for _, v := range k.Values {
			out = append(out, fmt.Sprintf("%s\\%s(%s)", k.Path, v.Name, v.Kind))
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}
