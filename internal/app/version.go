package app

import (
	"runtime/debug"
	"strings"
)

// Version says which build this is, for --version. A release build has
// version, commit and date stamped by goreleaser's -ldflags (-X main.version
// and so on). Any other build falls back on what the Go toolchain recorded in
// the binary: `go install module@v1.2.3` records the module's version, and a
// build inside a git checkout records the commit, its time and whether the
// tree had uncommitted changes. bi is debug.ReadBuildInfo's result (nil when
// there is none).
//
// The result is "1.2.3", or "1.2.3 (commit 0a1b2c3d4e5f, 2026-11-30T06:00:00Z)"
// when the commit is known.
func Version(version, commit, date string, bi *debug.BuildInfo) string {
	dirty := false
	if bi != nil {
		if version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if commit == "" {
					commit = s.Value
				}
			case "vcs.time":
				if date == "" {
					date = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if version == "" {
		version = "dev"
	}
	if commit == "" {
		return version
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if dirty && !strings.HasSuffix(version, "+dirty") {
		commit += "+dirty"
	}
	if date == "" {
		return version + " (commit " + commit + ")"
	}
	return version + " (commit " + commit + ", " + date + ")"
}
