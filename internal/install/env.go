package install

import (
	"os"
	"path/filepath"
	"runtime"
)

// Env is the machine as an install sees it: the operating system and the
// environment variables that decide where programs keep configuration.
// Tests build one around a temporary home folder.
type Env struct {
	GOOS   string
	Home   string
	Getenv func(string) string
}

// HostEnv is the machine spectrumgen runs on.
func HostEnv() (Env, error) {
	home, err := os.UserHomeDir()
	return Env{GOOS: runtime.GOOS, Home: home, Getenv: os.Getenv}, err
}

func (e Env) get(name string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(name)
}

// ConfigHome is $XDG_CONFIG_HOME, or ~/.config, where the terminal
// programs look on every system (mutt, aerc, msmtp and isync follow XDG on
// macOS too).
func (e Env) ConfigHome() string {
	if d := e.get("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(e.Home, ".config")
}

// StateDir is where installs keep their journals and backups:
// $XDG_STATE_HOME/spectrumgen (~/.local/state/spectrumgen), or
// %LOCALAPPDATA%\spectrumgen on Windows.
func (e Env) StateDir() string {
	if e.GOOS == "windows" {
		if d := e.get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "spectrumgen")
		}
		return filepath.Join(e.Home, "AppData", "Local", "spectrumgen")
	}
	if d := e.get("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "spectrumgen")
	}
	return filepath.Join(e.Home, ".local", "state", "spectrumgen")
}

// thunderbirdRoots are the folders that may hold Thunderbird's
// profiles.ini, most usual first.
func (e Env) thunderbirdRoots() []string {
	switch e.GOOS {
	case "windows":
		appdata := e.get("APPDATA")
		if appdata == "" {
			appdata = filepath.Join(e.Home, "AppData", "Roaming")
		}
		return []string{filepath.Join(appdata, "Thunderbird")}
	case "darwin":
		return []string{filepath.Join(e.Home, "Library", "Thunderbird")}
	}
	return []string{
		filepath.Join(e.Home, ".thunderbird"),
		filepath.Join(e.Home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird"), // Flatpak
		filepath.Join(e.Home, "snap", "thunderbird", "common", ".thunderbird"),          // Snap
		filepath.Join(e.ConfigHome(), "thunderbird"),                                    // newer releases follow XDG
	}
}
