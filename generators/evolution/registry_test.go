//go:build linux

package evolution

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// registrySource is one source as testdata/list-sources.py reports it,
// through evolution-data-server's own API (EDataServer.SourceRegistry).
type registrySource struct {
	DisplayName string `json:"display_name"`
	Parent      string `json:"parent"`
	Enabled     bool   `json:"enabled"`
	Account     *struct {
		Backend     string `json:"backend"`
		IdentityUID string `json:"identity_uid"`
	} `json:"account,omitempty"`
	Identity *struct {
		Address string `json:"address"`
		Name    string `json:"name"`
	} `json:"identity,omitempty"`
	Submission *struct {
		TransportUID string `json:"transport_uid"`
	} `json:"submission,omitempty"`
	Transport *struct {
		Backend string `json:"backend"`
	} `json:"transport,omitempty"`
	Authentication *struct {
		Host   string `json:"host"`
		Port   int    `json:"port"`
		User   string `json:"user"`
		Method string `json:"method"`
	} `json:"authentication,omitempty"`
	Security string `json:"security,omitempty"`
}

// TestRegistryLoadsSources puts every example and hostile account's
// files into a fresh ~/.config/evolution/sources and starts Debian's
// evolution-source-registry on a private D-Bus session bus (dbus-run-session,
// in an empty network namespace when run as root), then lists the sources
// it loaded through EDataServer's Python bindings: each account, identity
// and transport must be there, enabled, linked to each other, with the
// servers, security and names the account says.
func TestRegistryLoadsSources(t *testing.T) {
	paths := realtest.Need(t, "dbus-run-session", "/usr/libexec/evolution-source-registry", "/usr/bin/python3")
	probe := exec.Command(paths[2], "-c", `import gi; gi.require_version("EDataServer", "1.2"); from gi.repository import EDataServer`)
	if out, err := probe.CombinedOutput(); err != nil {
		if realtest.Required() {
			t.Fatalf("python3 cannot load EDataServer (gir1.2-edataserver-1.2, python3-gi): %v\n%s", err, out)
		}
		t.Skipf("python3 cannot load EDataServer: %s", out)
	}
	home := t.TempDir()
	env := []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "run"),
		"GSETTINGS_BACKEND=memory",
		"PATH=" + os.Getenv("PATH"),
		"LANG=C.UTF-8",
	}
	dir := filepath.Join(home, ".config", "evolution", "sources")
	for _, d := range []string{dir, filepath.Join(home, "run")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	all := accounts(t)
	for _, a := range all {
		files, err := Generator{}.Generate(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, strings.TrimPrefix(f.Path, Dir)), f.Data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	script, err := filepath.Abs("testdata/list-sources.py")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{"dbus-run-session", "--", paths[2], script}
	if os.Geteuid() == 0 {
		args = append([]string{"unshare", "--net", "--"}, args...)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = env
	cmd.Dir = home
	// The activated registry is in this process group: end it with the run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if err != nil {
		t.Fatalf("listing the registry's sources: %v\nstderr:\n%s", err, stderr.String())
	}
	var got map[string]registrySource
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("reading the listing: %v\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	for _, a := range all {
		checkRegistry(t, a, got)
	}
	if t.Failed() {
		t.Logf("registry stderr:\n%s", stderr.String())
	}
	u := UIDsOf(all[0])
	listing, _ := json.MarshalIndent(map[string]registrySource{u.Account: got[u.Account], u.Identity: got[u.Identity], u.Transport: got[u.Transport]}, "", "  ")
	t.Logf("the registry loaded %d sources (%d accounts' worth and its built-in ones); %s:\n%s", len(got), len(all), all[0].Email, listing)
}

func checkRegistry(t *testing.T, a account.Account, got map[string]registrySource) {
	t.Helper()
	u := UIDsOf(a)
	acc, id, tr := got[u.Account], got[u.Identity], got[u.Transport]
	if acc.Account == nil || id.Identity == nil || tr.Transport == nil {
		t.Errorf("%s (name %q): the registry did not load all three: account %v, identity %v, transport %v", a.Email, a.Name, acc.Account != nil, id.Identity != nil, tr.Transport != nil)
		return
	}
	sec := map[account.Security]string{account.SSL: "ssl-on-alternate-port", account.STARTTLS: "starttls-on-standard-port", account.None: "none"}
	checks := []struct {
		what      string
		got, want any
	}{
		{"account enabled", acc.Enabled, true},
		{"account backend", acc.Account.Backend, "imapx"},
		{"account's identity", acc.Account.IdentityUID, u.Identity},
		{"account display name", acc.DisplayName, a.Email},
		{"identity's parent", id.Parent, u.Account},
		{"identity address", id.Identity.Address, a.Email},
		// Evolution trims the spaces around a name as it loads it
		// (e_source_mail_identity_set_name); the file holds them, as
		// GLib's own parser shows (TestGLibReadsFiles).
		{"identity name", id.Identity.Name, strings.TrimSpace(a.Name)},
		{"identity's transport", id.Submission != nil && id.Submission.TransportUID == u.Transport, true},
		{"transport's parent", tr.Parent, u.Account},
		{"transport backend", tr.Transport.Backend, "smtp"},
		{"IMAP host", acc.Authentication.Host, a.Incoming.Host},
		{"IMAP port", acc.Authentication.Port, a.Incoming.Port},
		{"IMAP user", acc.Authentication.User, a.Incoming.Username},
		{"IMAP security", acc.Security, sec[a.Incoming.Security]},
		{"SMTP host", tr.Authentication.Host, a.Outgoing.Host},
		{"SMTP port", tr.Authentication.Port, a.Outgoing.Port},
		{"SMTP user", tr.Authentication.User, a.Outgoing.Username},
		{"SMTP security", tr.Security, sec[a.Outgoing.Security]},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s (name %q): %s is %#v, want %#v", a.Email, a.Name, c.what, c.got, c.want)
		}
	}
}
