//go:build linux

package tbandroid

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// TestBrowserShowsCode puts the generated files where the kit writer puts
// them (beside README.html), wraps the steps' HTML in a page, has headless
// Chromium (no network) take a screenshot of it, and decodes the QR code
// in the screenshot with zbarimg: the relative link loads the PNG, and the
// code as a browser draws it still reads back to the exact payload.
func TestBrowserShowsCode(t *testing.T) {
	paths := realtest.Need(t, "chromium", "zbarimg", "unshare")
	realtest.NeedRoot(t)
	a := fixture.Hostile(t, "thunderbird-android")[6] // "Zoë Ünlü 山田太郎 😀"
	dir := t.TempDir()
	files, err := Generator{}.Generate(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := Generator{}.Steps(a)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "README.html")
	doc := "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><section>" + string(st.HTML) + "</section></body></html>"
	if err := os.WriteFile(page, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	home := t.TempDir()
	cmd := realtest.Isolated(paths[0], "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(home, "profile"), "--window-size=1000,1400",
		"--screenshot="+shot, "file://"+page)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/config", "XDG_CACHE_HOME="+home+"/cache")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	out, err := exec.Command(paths[1], "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sqrcode.binary", shot).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code in the browser's screenshot: %v", err)
	}
	want, _ := Payload(a)
	if got := bytes.TrimSuffix(out, []byte("\n")); !bytes.Equal(got, want) {
		t.Fatalf("the screenshot's code reads\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(st.HTML), `src="`+PNGPath+`"`) {
		t.Fatal("the steps do not link the PNG relatively")
	}
}
