package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/app"
)

// TestHoist: options before the command move after it; a flag's value
// that looks like a command stays a value; "--" and --version stop it.
func TestHoist(t *testing.T) {
	names := commandNames(newApp(&app.IO{}))
	for _, tc := range []struct{ in, want string }{
		{"spectrumgen -m staff.csv validate", "spectrumgen validate -m staff.csv"},
		{"spectrumgen --manifest=staff.csv -c thunderbird validate -q", "spectrumgen validate --manifest=staff.csv -c thunderbird -q"},
		{"spectrumgen -o validate -m x.yaml", "spectrumgen -o validate -m x.yaml"}, // a folder named validate
		{"spectrumgen --zip -m x.yaml generate", "spectrumgen generate --zip -m x.yaml"},
		{"spectrumgen --email a@spectrum.net --timeout 5 verify", "spectrumgen verify --email a@spectrum.net --timeout 5"},
		{"spectrumgen validate -m x.yaml", "spectrumgen validate -m x.yaml"},
		{"spectrumgen -m x.yaml", "spectrumgen -m x.yaml"},
		{"spectrumgen -m x.yaml stray validate", "spectrumgen -m x.yaml stray validate"},
		{"spectrumgen --version validate", "spectrumgen --version validate"},
		{"spectrumgen -- -m validate", "spectrumgen -- -m validate"},
		{"spectrumgen --help verify", "spectrumgen verify --help"},
	} {
		got := strings.Join(hoist(strings.Fields(tc.in), names), " ")
		if got != tc.want {
			t.Errorf("hoist(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestSeconds(t *testing.T) {
	for in, want := range map[string]time.Duration{"5": 5 * time.Second, "0.5": 500 * time.Millisecond, "10s": 10 * time.Second, "1m30s": 90 * time.Second} {
		var s seconds
		if err := s.Set(in); err != nil || s.Duration != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, s.Duration, err, want)
		}
	}
	var s seconds
	if err := s.Set("5x"); err == nil || !strings.Contains(err.Error(), "write seconds (10) or a number with a unit") {
		t.Errorf("Set(5x) = %v", err)
	}
}

// TestFlagsDefinedOnce: a flag's name means one definition, whichever
// command takes it (usage text, aliases and environment the same).
func TestFlagsDefinedOnce(t *testing.T) {
	a := newApp(&app.IO{})
	seen := map[string]string{}
	check := func(where string, fl []interface{ Names() []string }) {
		for _, f := range fl {
			n := f.Names()[0]
			def, ok := flagDefs[n]
			if !ok {
				t.Errorf("%s: flag %s is not in flagDefs", where, n)
				continue
			}
			if !reflect.DeepEqual(def(), f) {
				t.Errorf("%s: flag %s differs from its definition", where, n)
			}
			seen[n] = where
		}
	}
	var all []interface{ Names() []string }
	for _, f := range a.Flags {
		all = append(all, f)
	}
	check("spectrumgen", all)
	for _, c := range a.Commands {
		var fl []interface{ Names() []string }
		for _, f := range c.Flags {
			fl = append(fl, f)
		}
		check(c.Name, fl)
	}
	for n := range flagDefs {
		if seen[n] == "" {
			t.Errorf("flag %s is defined but no command takes it", n)
		}
	}
}
