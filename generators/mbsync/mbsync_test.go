package mbsync

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/golden"
)

func render(t *testing.T, accounts []account.Account) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, a := range accounts {
		fmt.Fprintf(&b, "==> %s\n", a.Email)
		files, err := Generator{}.Generate(a)
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
			continue
		}
		for _, f := range files {
			fmt.Fprintf(&b, "--- %s (%04o)\n%s", f.Path, f.Perm(), f.Data)
		}
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name     string
		accounts []account.Account
	}{
		{"example", fixture.Example(t, "mbsync")},
		{"hostile", fixture.Hostile(t, "mbsync")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.accounts)
			if again := render(t, tc.accounts); !bytes.Equal(got, again) {
				t.Fatal("two runs gave different bytes")
			}
			golden.Assert(t, "testdata/"+tc.name+".golden", got)
		})
	}
}

func TestReadsBack(t *testing.T) {
	for _, a := range append(fixture.Example(t, "mbsync"), fixture.Hostile(t, "mbsync")...) {
		rc, err := Mbsyncrc(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		checkReadsBack(t, a, string(rc))
	}
}

func TestCheck(t *testing.T) {
	a := fixture.Example(t, "mbsync")[0]
	if err := (Generator{}).Check(a); err != nil {
		t.Fatalf("Check(%s): %v", a.Email, err)
	}
	a.PasswordCommand = "+pass show x"
	if err := (Generator{}).Check(a); err == nil {
		t.Fatal("Check accepted a PassCmd starting with +")
	}
}
