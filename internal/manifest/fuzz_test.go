package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/diag"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// FuzzParse: no input makes the parser panic or hang; whatever it accepts
// holds only valid, unique addresses and valid names; whatever it refuses
// comes as a list of errors that each name the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/hostile/*.yaml")
	seeds = append(seeds, "../../testdata/example.yaml", "testdata/many-errors.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	profiles, err := profile.Load()
	if err != nil {
		f.Fatal(err)
	}
	opt := Options{Profiles: profiles, Clients: []string{"thunderbird", "mutt"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("f.yaml", data, opt)
		if err != nil {
			var list *diag.List
			if !errors.As(err, &list) || list.Len() == 0 {
				t.Fatalf("error is not a diag list: %v", err)
			}
			for _, e := range list.Errs {
				if e.File != "f.yaml" || e.Msg == "" {
					t.Fatalf("error without a place or a message: %+v", e)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range m.Accounts {
			if why := account.CheckEmail(a.Email); why != "" || seen[a.Email] {
				t.Fatalf("accepted bad or duplicate address %q: %s", a.Email, why)
			}
			seen[a.Email] = true
			if why := account.CheckName(a.Name); why != "" {
				t.Fatalf("accepted bad name %q: %s", a.Name, why)
			}
			if a.Incoming.Username != a.Email || a.Incoming.Host == "" || a.Outgoing.Port == 0 || len(a.Clients) == 0 {
				t.Fatalf("account not fully resolved: %+v", a)
			}
		}
	})
}
