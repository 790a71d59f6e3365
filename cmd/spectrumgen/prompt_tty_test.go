package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// TestPromptOnRealTerminal runs the binary in tmux, a real terminal: it
// finds the terminal itself (app.NewIO), asks for the address, names a
// wrong answer and asks again, never speaking of flags, then asks for the
// name and writes the kit with the answers.
func TestPromptOnRealTerminal(t *testing.T) {
	realtest.Need(t, "tmux", "sh")
	bin := buildBinary(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) *exec.Cmd {
		c := exec.Command("tmux", append([]string{"-S", sock, "-f", "/dev/null"}, args...)...)
		c.Env = append(os.Environ(), "NO_COLOR=1", "TERM=xterm")
		return c
	}
	script := `cd "$1" && "$2" -c thunderbird -o kits; echo "exit=$?"; sleep 60`
	if out, err := tmux("new-session", "-d", "-s", "t", "-x", "150", "-y", "40", "--", "sh", "-c", script, "sh", dir, bin).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = tmux("kill-server").Run() })
	screen := ""
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			out, err := tmux("capture-pane", "-p", "-t", "t").Output()
			if err == nil {
				screen = string(out)
				if strings.Contains(screen, want) {
					return
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the screen does not show %q:\n%s", want, screen)
	}
	typeLine := func(s string) {
		t.Helper()
		if out, err := tmux("send-keys", "-t", "t", "-l", s).CombinedOutput(); err != nil {
			t.Fatalf("send-keys: %v\n%s", err, out)
		}
		if out, err := tmux("send-keys", "-t", "t", "Enter").CombinedOutput(); err != nil {
			t.Fatalf("send-keys: %v\n%s", err, out)
		}
	}
	waitFor("Email address:")
	typeLine("bob")
	waitFor(`"bob": the address has no @; type the full address, e.g. alice@spectrum.net; try again`)
	typeLine("Me@Spectrum.net")
	waitFor("Your name, as people you write to see it (Enter for none):")
	typeLine(`Me "Myself"`)
	waitFor("exit=0")
	if strings.Contains(screen, "--") {
		t.Errorf("the prompts speak of a flag:\n%s", screen)
	}
	userJS, err := os.ReadFile(filepath.Join(dir, "kits", "people", "me@spectrum.net", "thunderbird", "user.js"))
	if err != nil {
		t.Fatalf("no kit: %v\n%s", err, screen)
	}
	if !strings.Contains(string(userJS), `"mail.identity.id901.fullName", "Me \"Myself\""`) {
		t.Errorf("user.js does not hold the name:\n%s", userJS)
	}
}
