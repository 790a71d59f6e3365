package main

import (
	"fmt"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators/registry"
	"github.com/spectrumgen/spectrumgen/internal/app"
	"github.com/spectrumgen/spectrumgen/internal/profile"
)

// completionFlag is what the completion scripts add to the words typed so
// far (urfave/cli's name for it).
const completionFlag = "--generate-bash-completion"

// complete answers the completion scripts where urfave/cli cannot: the
// values of --client and --profile, and the shells of `completion`. The
// scripts pass the words before the one being completed, then
// completionFlag. It reports whether it answered.
func complete(args []string, s *app.IO) bool {
	n := len(args)
	if n < 3 || args[n-1] != completionFlag {
		return false
	}
	var words []string
	switch args[n-2] {
	case "--client", "-c":
		words = append(registry.Names(), "all")
	case "--profile", "-p":
		set, err := profile.Load(profilesIn(args[:n-2])...)
		if err != nil {
			set, _ = profile.Load() // complete the built-in ones
		}
		if set != nil {
			words = set.Names()
		}
	case "completion":
		words = []string{"bash", "zsh"}
	default:
		return false
	}
	for _, w := range words {
		fmt.Fprintln(s.Out, w)
	}
	return true
}

// profilesIn returns the --profiles files named in args, so their
// profiles complete too.
func profilesIn(args []string) []string {
	var files []string
	for i, a := range args {
		if (a == "--profiles" || a == "-profiles") && i+1 < len(args) {
			files = append(files, args[i+1])
		} else if v, ok := strings.CutPrefix(a, "--profiles="); ok {
			files = append(files, v)
		}
	}
	return files
}
