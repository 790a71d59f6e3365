//go:build linux

package terminaltest

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/mailserver"
)

// home is one person's fresh home folder with one client's generated file
// written where the kit's instructions say.
type home struct {
	dir  string
	file string // the generated file, unmodified
}

// install generates g's files for a and writes the one at kitPath to
// home/relPath with the file's mode.
func install(t *testing.T, s *mailserver.Server, g generators.Generator, a account.Account, kitPath, relPath string) (home, error) {
	t.Helper()
	files, err := g.Generate(a)
	if err != nil {
		return home{}, fmt.Errorf("generating: %w", err)
	}
	dir := t.TempDir()
	for _, f := range files {
		if f.Path != kitPath {
			continue
		}
		path := filepath.Join(dir, relPath)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, f.Perm()); err != nil {
			t.Fatal(err)
		}
		return home{dir: dir, file: path}, nil
	}
	t.Fatalf("%s made no %s", g.Name(), kitPath)
	return home{}, nil
}

// env is the environment every client runs with: its own home. Trust in
// the test CA comes from the namespace's system bundle (mailserver), so no
// client gets a trust option of its own.
func (h home) env() []string {
	return []string{
		"HOME=" + h.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(h.dir, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(h.dir, ".cache"),
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
	}
}

// run runs a client to its end, with stdin, within timeout.
func (h home) run(timeout time.Duration, stdin string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = h.env()
	cmd.Dir = h.dir
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s did not finish in %v", name, timeout)
	}
	return out.String(), err
}

// session is an interactive client running in a detached tmux session.
type session struct {
	h    home
	name string
	sock string
	last string // the last screen seen
}

// start runs name with args in a new tmux session; it ends with the test.
func (h home) start(t *testing.T, name string, args ...string) *session {
	t.Helper()
	s := &session{h: h, name: name, sock: filepath.Join(h.dir, "tmux.sock")}
	argv := append([]string{"new-session", "-d", "-s", "t", "-x", "200", "-y", "50", "--", "env"}, h.env()...)
	argv = append(argv, name)
	if out, err := s.tmux(append(argv, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = s.tmux("kill-server").Run() })
	return s
}

func (s *session) tmux(args ...string) *exec.Cmd {
	c := exec.Command("tmux", append([]string{"-S", s.sock, "-f", "/dev/null"}, args...)...)
	c.Env = s.h.env()
	return c
}

// waitFor waits until the screen shows want, or timeout.
func (s *session) waitFor(want string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		out, err := s.tmux("capture-pane", "-p", "-t", "t").Output()
		if err != nil {
			// The session is gone: the client exited.
			return fmt.Errorf("%s exited; last screen:\n%s", s.name, s.last)
		}
		s.last = string(out)
		if strings.Contains(s.last, want) {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s did not show %q within %v; screen:\n%s", s.name, want, timeout, s.last)
}

// keys types keys (tmux send-keys names, e.g. "Enter") into the client.
func (s *session) keys(keys ...string) error {
	if out, err := s.tmux(append([]string{"send-keys", "-t", "t"}, keys...)...).CombinedOutput(); err != nil {
		return fmt.Errorf("tmux send-keys: %v\n%s", err, out)
	}
	return nil
}

// screen runs an interactive client and waits until its screen shows want.
func (h home) screen(t *testing.T, timeout time.Duration, want string, name string, args ...string) (string, error) {
	t.Helper()
	s := h.start(t, name, args...)
	err := s.waitFor(want, timeout)
	return s.last, err
}

// mimeDecoder decodes RFC 2047 words in headers.
var mimeDecoder = mime.WordDecoder{}
