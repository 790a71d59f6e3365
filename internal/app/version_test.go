package app

import (
	"runtime/debug"
	"testing"
)

func TestVersion(t *testing.T) {
	checkout := &debug.BuildInfo{
		Main: debug.Module{Version: "v0.0.0-20261130062230-5584752abcde"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "5584752abcde0123456789abcdef0123456789ab"},
			{Key: "vcs.time", Value: "2026-11-30T06:22:30Z"},
			{Key: "vcs.modified", Value: "false"},
		},
	}
	dirty := &debug.BuildInfo{
		Main: debug.Module{Version: "v0.0.0-20261130062230-5584752abcde+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "5584752abcde0123456789abcdef0123456789ab"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"no information at all", "", "", "", nil, "dev"},
		{"go run in a module without VCS", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"go install module@version", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"go build in a checkout", "", "", "", checkout, "v0.0.0-20261130062230-5584752abcde (commit 5584752abcde, 2026-11-30T06:22:30Z)"},
		{"go build in a changed checkout", "", "", "", dirty, "v0.0.0-20261130062230-5584752abcde+dirty (commit 5584752abcde)"},
		{"release build stamped by goreleaser", "1.4.0", "0123456789abcdef0123456789abcdef01234567", "2026-11-30T06:00:00Z", checkout, "1.4.0 (commit 0123456789ab, 2026-11-30T06:00:00Z)"},
		{"stamped version, commit from the toolchain", "1.4.0", "", "", dirty, "1.4.0 (commit 5584752abcde+dirty)"},
		{"short commit kept whole", "1.4.0", "abc", "", nil, "1.4.0 (commit abc)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Version(tt.version, tt.commit, tt.date, tt.bi); got != tt.want {
				t.Errorf("Version() = %q, want %q", got, tt.want)
			}
		})
	}
}
