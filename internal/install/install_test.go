package install

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/generators/thunderbird"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// kitUserJS is a kit's user.js as generators/thunderbird writes it.
const kitUserJS = `// comment
user_pref("mail.accountmanager.accounts", "account901");
user_pref("mail.accountmanager.defaultaccount", "account901");
user_pref("mail.smtpservers", "smtp901");
user_pref("mail.smtp.defaultserver", "smtp901");
user_pref("mail.account.account901.server", "server901");
user_pref("mail.account.account901.identities", "id901");
user_pref("mail.account.lastKey", 901);
user_pref("mail.server.server901.hostname", "imap.spectrum.com");
user_pref("mail.server.server901.port", 993);
user_pref("mail.server.server901.login_at_startup", true);
user_pref("mail.identity.id901.useremail", "pat@spectrum.net");
user_pref("mail.identity.id901.fullName", "Pat \"P\" O'Brien \\ Zoë");
user_pref("mail.identity.id901.smtpServer", "smtp901");
user_pref("mail.smtpserver.smtp901.hostname", "smtp.spectrum.com");
`

func TestParsePrefsJSOddButValid(t *testing.T) {
	src := "# a hash comment\n/* a block\ncomment */ user_pref('single', 'it\\'s \\x41\\u00e9\\ud83d\\ude00');\n" +
		"pref(\"locked.one\", -5, locked);\nsticky_pref(\"s\", true, sticky);\n" +
		"user_pref(\"a\" , \"x\\\"y\\\\z\\n\") ; // trailing\nuser_pref(\"a\", \"later wins\");\n"
	f, err := parsePrefsJS([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]prefValue{
		"single":     {Kind: 's', Str: "it's Aé😀"},
		"locked.one": {Kind: 'i', Int: -5},
		"s":          {Kind: 'b', Bool: true},
		"a":          {Kind: 's', Str: "later wins"},
	}
	for k, w := range want {
		if f.values[k] != w {
			t.Errorf("%s = %+v, want %+v", k, f.values[k], w)
		}
	}
	for _, bad := range []string{`user_pref("a", nope);`, `user_pref("a" "b");`, `/* open`, `user_pref("a", "b")`, "\xff"} {
		if _, err := parsePrefsJS([]byte(bad)); err == nil {
			t.Errorf("%q parsed without an error", bad)
		}
	}
}

// FuzzPrefLine: whatever string thunderbird.PrefLine writes, the prefs.js
// reader gives it back exactly, as one pref.
func FuzzPrefLine(f *testing.F) {
	for _, s := range []string{"", `a"b`, `\`, "é😀", "\u2028", "x\x00y", "'"} {
		f.Add("mail.identity.id1.fullName", s)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		if !utf8.ValidString(name) || !utf8.ValidString(value) {
			t.Skip("validation admits only valid UTF-8")
		}
		line, err := thunderbird.PrefLine(name, value)
		if err != nil {
			t.Fatal(err)
		}
		p, err := parsePrefsJS([]byte(line + "\n"))
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if len(p.order) != 1 || p.order[0] != name {
			t.Fatalf("%q read as prefs %q", line, p.order)
		}
		if got := p.values[p.order[0]].Str; got != value {
			t.Fatalf("%q read back as %q, want %q", line, got, value)
		}
	})
}

func newProfile(t *testing.T, prefs string) string {
	t.Helper()
	dir := t.TempDir()
	if prefs != "" {
		if err := os.WriteFile(filepath.Join(dir, "prefs.js"), []byte(prefs), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPlanThunderbirdKeepsEveryByteAndPicksFreeKeys(t *testing.T) {
	old := "// Mozilla User Preferences\n\nuser_pref(\"mail.accountmanager.accounts\", \"account1,account7\");\n" +
		"user_pref(\"mail.account.lastKey\", 7);\nuser_pref(\"mail.identity.id12.useremail\", \"x@example.org\");\n" +
		"user_pref(\"mail.smtpservers\", \"smtp3\");"
	dir := newProfile(t, old)
	p, err := PlanThunderbird(dir, "pat@spectrum.net", []byte(kitUserJS))
	if err != nil {
		t.Fatal(err)
	}
	c := p.Changes[0]
	if !bytes.HasPrefix(c.New, []byte(old)) {
		t.Fatalf("the new prefs.js does not start with the old one byte for byte")
	}
	got, err := ReadPrefs(c.New)
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range map[string]string{
		"mail.accountmanager.accounts":       "account1,account7,account13",
		"mail.smtpservers":                   "smtp3,smtp13",
		"mail.account.account13.server":      "server13",
		"mail.account.account13.identities":  "id13",
		"mail.identity.id13.smtpServer":      "smtp13",
		"mail.identity.id13.fullName":        "Pat \"P\" O'Brien \\ Zoë",
		"mail.server.server13.port":          "993",
		"mail.account.lastKey":               "13",
		"mail.smtpserver.smtp13.hostname":    "smtp.spectrum.com",
		"mail.identity.id12.useremail":       "x@example.org",
		"mail.accountmanager.defaultaccount": "account13", // there was none
	} {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	for k := range got {
		if strings.Contains(k, "901") {
			t.Errorf("the kit's key is left in %s", k)
		}
	}
}

func TestPlanThunderbirdRefusals(t *testing.T) {
	t.Run("already set up", func(t *testing.T) {
		dir := newProfile(t, `user_pref("mail.identity.id1.useremail", "PAT@spectrum.net");`)
		p, err := PlanThunderbird(dir, "pat@spectrum.net", []byte(kitUserJS))
		if err != nil || p.Already == "" || len(p.Changes) != 0 {
			t.Fatalf("plan = %+v, %v; want 'already' and no change", p, err)
		}
	})
	t.Run("profile folder is a symlink", func(t *testing.T) {
		real := newProfile(t, "")
		link := filepath.Join(t.TempDir(), "link")
		realtest.Symlink(t, real, link)
		_, err := PlanThunderbird(link, "pat@spectrum.net", []byte(kitUserJS))
		if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), "--profile-dir "+real) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("prefs.js is a symlink", func(t *testing.T) {
		dir := newProfile(t, "")
		realtest.Symlink(t, filepath.Join(t.TempDir(), "elsewhere.js"), filepath.Join(dir, "prefs.js"))
		if _, err := PlanThunderbird(dir, "pat@spectrum.net", []byte(kitUserJS)); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("prefs.js it cannot read exactly", func(t *testing.T) {
		dir := newProfile(t, `user_pref("a", function(){});`)
		if _, err := PlanThunderbird(dir, "pat@spectrum.net", []byte(kitUserJS)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a user.js that sets the lists", func(t *testing.T) {
		dir := newProfile(t, "")
		if err := os.WriteFile(filepath.Join(dir, "user.js"), []byte(kitUserJS), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := PlanThunderbird(dir, "pat@spectrum.net", []byte(kitUserJS)); err == nil || !strings.Contains(err.Error(), "user.js") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestApplyFailureLeavesEverythingAsItWas: a full disk or a read-only
// file while writing the second of two files puts the first one back; no
// temporary file stays behind.
func TestApplyFailureLeavesEverythingAsItWas(t *testing.T) {
	for _, tc := range []struct {
		errno syscall.Errno
		want  string
	}{{syscall.ENOSPC, "the disk is full"}, {syscall.EACCES, "read-only"}} {
		t.Run(tc.want, func(t *testing.T) {
			home := t.TempDir()
			a, b := filepath.Join(home, "a"), filepath.Join(home, "b")
			for _, p := range []string{a, b} {
				if err := os.WriteFile(p, []byte("old "+p), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			plan := Plan{Client: "x", Email: "pat@spectrum.net", Changes: []Change{
				{Path: a, Existed: true, Old: []byte("old " + a), OldMode: 0o600, New: []byte("new a"), Mode: 0o600},
				{Path: b, Existed: true, Old: []byte("old " + b), OldMode: 0o600, New: []byte("new b"), Mode: 0o600},
			}}
			calls := 0
			writeFile = func(path string, data []byte, mode os.FileMode) error {
				if strings.HasSuffix(path, ".spectrumgen-tmp") {
					calls++
					if calls == 2 {
						return &os.PathError{Op: "write", Path: path, Err: tc.errno}
					}
				}
				return writeFileSync(path, data, mode)
			}
			defer func() { writeFile = writeFileSync }()
			_, err := Apply(plan, filepath.Join(home, "state"), time.Now())
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "left as it was") {
				t.Fatalf("err = %v", err)
			}
			for _, p := range []string{a, b} {
				if got, _ := os.ReadFile(p); string(got) != "old "+p {
					t.Errorf("%s = %q after the failure", p, got)
				}
			}
			entries, _ := os.ReadDir(home)
			for _, e := range entries {
				if strings.Contains(e.Name(), "spectrumgen-tmp") {
					t.Errorf("left %s", e.Name())
				}
			}
		})
	}
}

func TestUndoRefusesAFileChangedSince(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, ".msmtprc")
	if err := os.WriteFile(path, []byte("account a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := Env{GOOS: "linux", Home: home}
	p, err := PlanMsmtp(e, "pat@spectrum.net", []byte("# kit\naccount pat@spectrum.net\nhost h\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir, err := Apply(p, e.StateDir(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("changed by the person\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Undo(dir, false); err == nil || !strings.Contains(err.Error(), "has changed since") {
		t.Fatalf("undo over a changed file: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "changed by the person\n" {
		t.Fatalf("undo touched the changed file")
	}
	if _, err := Undo(dir, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "account a\n" {
		t.Fatalf("undo --force gave %q", got)
	}
	if latest, _ := Latest(e.StateDir()); latest != "" {
		t.Errorf("an undone install is still the latest: %s", latest)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the journal folder was not marked undone")
	}
}

func TestFindProfilesPicksTheInstallDefault(t *testing.T) {
	home := t.TempDir()
	root := filepath.Join(home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	ini := "[Profile1]\nName=other\nIsRelative=1\nPath=b.other\nDefault=1\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=a.default-release\n\n" +
		"[InstallFDC34C9F024745EB]\nDefault=a.default-release\nLocked=1\n"
	if err := os.WriteFile(filepath.Join(root, "profiles.ini"), []byte(ini), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, err := ChooseProfile(Env{GOOS: "linux", Home: home}, "")
	if err != nil || dir != filepath.Join(root, "a.default-release") {
		t.Fatalf("ChooseProfile = %q, %v", dir, err)
	}
	if _, err := ChooseProfile(Env{GOOS: "linux", Home: t.TempDir()}, ""); err == nil || !strings.Contains(err.Error(), "--profile-dir") {
		t.Fatalf("no profile: %v", err)
	}
}
