//go:build linux

package mailserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// nsEnv marks the re-executed test binary that runs inside the namespace.
const nsEnv = "SPECTRUMGEN_MAILSERVER_NETNS"

// Main runs the package's tests and returns the exit code. As root, it
// re-runs the test binary under `unshare --net --mount`, in a network
// namespace with only loopback (brought up here) and a private mount
// namespace for /etc/hosts, so no test can reach another machine and the
// host's own files stay as they are. Without root it runs the tests as they
// are; Start then skips (or fails under SPECTRUMGEN_REAL=1).
func Main(m *testing.M) int {
	if os.Getenv(nsEnv) == "1" {
		if err := loopbackUp(); err != nil {
			fmt.Fprintln(os.Stderr, "mailserver:", err)
			return 1
		}
		return m.Run()
	}
	if os.Geteuid() != 0 {
		return m.Run()
	}
	// Without unshare, or where namespaces are not allowed (an
	// unprivileged container), the tests run as they are and Start
	// skips them, or fails them under SPECTRUMGEN_REAL=1.
	if err := exec.Command("unshare", "--net", "--mount", "--", "true").Run(); err != nil {
		fmt.Fprintln(os.Stderr, "mailserver: no network namespace for the real-server tests:", err)
		return m.Run()
	}
	args := append([]string{"--net", "--mount", "--propagation", "private", "--", os.Args[0]}, os.Args[1:]...)
	cmd := exec.Command("unshare", args...)
	cmd.Env = append(os.Environ(), nsEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "mailserver: running the tests in a namespace:", err)
		return 1
	}
	return 0
}

// loopbackUp brings up lo, which a new network namespace starts without.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("loopback: %w", err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return fmt.Errorf("loopback: %w", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("loopback: reading flags: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("loopback: bringing lo up: %w", err)
	}
	return nil
}

// SystemBundle is the system's CA bundle on Debian, which GnuTLS (mutt,
// neomutt, msmtp's "tls_trust_file system"), OpenSSL (mbsync) and Go
// (aerc) read by default.
const SystemBundle = "/etc/ssl/certs/ca-certificates.crt"

// bindTrust mounts a bundle holding only the test CA over SystemBundle
// until the test ends, so clients trust the server with their generated
// files as they are, and trust nothing else.
func bindTrust(t testing.TB, caFile string) error {
	if _, err := os.Stat(SystemBundle); err != nil {
		return fmt.Errorf("mailserver: %s is missing (install ca-certificates): %w", SystemBundle, err)
	}
	if err := unix.Mount(caFile, SystemBundle, "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("mailserver: bind-mounting the test CA over %s: %w", SystemBundle, err)
	}
	t.Cleanup(func() { _ = unix.Unmount(SystemBundle, 0) })
	return nil
}

// bindHosts mounts a hosts file that maps hosts to Addr over /etc/hosts,
// in the private mount namespace, until the test ends.
func bindHosts(t testing.TB, dir string, hosts []string) error {
	path := filepath.Join(dir, "hosts")
	content := "127.0.0.1 localhost\n::1 localhost\n"
	if len(hosts) > 0 {
		content += Addr + " " + strings.Join(hosts, " ") + "\n"
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		return err
	}
	if err := unix.Mount(path, "/etc/hosts", "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("mailserver: bind-mounting /etc/hosts: %w", err)
	}
	t.Cleanup(func() { _ = unix.Unmount("/etc/hosts", 0) })
	return nil
}
