package evolution

import (
	"strconv"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/internal/guidetest"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

func TestGolden(t *testing.T) {
	fixture.AssertGolden(t, Generator{}, nil)
}

// wantSources is what a's three files must say, group by group.
func wantSources(a account.Account) map[string]map[string]map[string]string {
	u := UIDsOf(a)
	sec := map[account.Security]string{account.SSL: "ssl-on-alternate-port", account.STARTTLS: "starttls-on-standard-port", account.None: "none"}
	outMethod := map[account.Auth]string{account.Password: "PLAIN", account.NoAuth: "none"}
	srv := func(s account.Server, method string) (map[string]string, map[string]string) {
		return map[string]string{"Host": s.Host, "Method": method, "Port": strconv.Itoa(s.Port), "User": s.Username, "RememberPassword": "true"},
			map[string]string{"Method": sec[s.Security]}
	}
	inAuth, inSec := srv(a.Incoming, "none")
	outAuth, outSec := srv(a.Outgoing, outMethod[a.Outgoing.Auth])
	ds := func(parent string) map[string]string {
		return map[string]string{"DisplayName": a.Email, "Enabled": "true", "Parent": parent}
	}
	return map[string]map[string]map[string]string{
		u.Account: {
			"Data Source":    ds(""),
			"Mail Account":   {"BackendName": "imapx", "IdentityUid": u.Identity},
			"Authentication": inAuth, "Security": inSec,
			"Offline": {"StaySynchronized": "true"},
		},
		u.Identity: {
			"Data Source":     ds(u.Account),
			"Mail Identity":   {"Address": a.Email, "Name": a.Name},
			"Mail Submission": {"TransportUid": u.Transport},
		},
		u.Transport: {
			"Data Source":    ds(u.Account),
			"Mail Transport": {"BackendName": "smtp"},
			"Authentication": outAuth, "Security": outSec,
		},
	}
}

func checkFiles(t *testing.T, a account.Account, files []generators.File, parse func(string) (map[string]map[string]string, error)) {
	t.Helper()
	want := wantSources(a)
	if len(files) != 3 {
		t.Fatalf("%s: %d files", a.Email, len(files))
	}
	for _, f := range files {
		uid := strings.TrimSuffix(strings.TrimPrefix(f.Path, Dir), ".source")
		w, ok := want[uid]
		if !ok || f.Path != Dir+uid+".source" {
			t.Fatalf("%s: unexpected file %s", a.Email, f.Path)
		}
		got, err := parse(string(f.Data))
		if err != nil {
			t.Fatalf("%s: %s: %v", a.Email, f.Path, err)
		}
		if len(got) != len(w) {
			t.Errorf("%s: %s has groups %v", a.Email, f.Path, keys(got))
		}
		for g, kv := range w {
			if len(got[g]) != len(kv) {
				t.Errorf("%s: %s [%s] = %v, want %v", a.Email, f.Path, g, got[g], kv)
			}
			for k, v := range kv {
				if got[g][k] != v {
					t.Errorf("%s: %s [%s] %s = %q, want %q", a.Email, f.Path, g, k, got[g][k], v)
				}
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func accounts(t testing.TB) []account.Account {
	all := append(fixture.Example(t, "evolution"), fixture.Hostile(t, "evolution")...)
	for i, n := range []string{" leading space", "trailing space ", `\s not an escape`, "\\", "  "} { // a tab is refused by validation and by Generate (generators.OneLine); FuzzKeyFileValue covers its escaping
		a := all[0]
		a.Name = n
		a.Email = "extra" + strconv.Itoa(i) + "@spectrum.net"
		a.Incoming.Username, a.Outgoing.Username = a.Email, a.Email
		all = append(all, a)
	}
	return all
}

func TestFilesReadBack(t *testing.T) {
	seen := map[string]string{}
	for _, a := range accounts(t) {
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		checkFiles(t, a, files, parseKeyFile)
		u := UIDsOf(a)
		for _, id := range []string{u.Account, u.Identity, u.Transport} {
			if other, ok := seen[id]; ok && other != a.Email {
				t.Errorf("%s and %s share the UID %s", a.Email, other, id)
			}
			seen[id] = a.Email
		}
	}
}

// TestSpectrumSMTPIsTLS: implicit TLS on 587 is ssl-on-alternate-port.
func TestSpectrumSMTPIsTLS(t *testing.T) {
	a := fixture.Example(t, "evolution")[0]
	files, err := Generator{}.Generate(a)
	if err != nil {
		t.Fatal(err)
	}
	g, err := parseKeyFile(string(files[2].Data))
	if err != nil {
		t.Fatal(err)
	}
	if g["Authentication"]["Port"] != "587" || g["Security"]["Method"] != "ssl-on-alternate-port" {
		t.Errorf("transport: %v %v", g["Authentication"], g["Security"])
	}
}

func TestSteps(t *testing.T) {
	guidetest.Assert(t, Generator{}, func(a account.Account) []string {
		u := UIDsOf(a)
		return []string{a.Email, Dir + u.Account + ".source", Dir + u.Identity + ".source", Dir + u.Transport + ".source"}
	})
}
