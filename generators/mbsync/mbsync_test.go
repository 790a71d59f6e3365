package mbsync

import (
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

func TestGolden(t *testing.T) {
	fixture.AssertGolden(t, Generator{}, nil)
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
