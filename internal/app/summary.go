package app

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/kit"
)

// namesShown is how many addresses a summary line names before "and N more".
const namesShown = 5

// printSummary says what a run did: who is new, changed or no longer
// listed, what it wrote (only when it wrote something), and why files are
// private when some are.
func printSummary(w io.Writer, out string, sum *kit.Summary, elapsed time.Duration) {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{len(sum.New), "new"}, {len(sum.Changed), "changed"}, {sum.Unchanged, "unchanged"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	head := fmt.Sprintf("%s: %s", out, plural(sum.People, "person", "people"))
	if len(parts) > 0 {
		head += " (" + strings.Join(parts, ", ") + ")"
	}
	if sum.Written > 0 {
		fmt.Fprintf(w, "%s; wrote %s, %s, in %s\n", head, plural(sum.Written, "file", "files"), humanBytes(sum.Bytes), elapsed.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "%s; nothing changed, nothing written (%s)\n", head, elapsed.Round(time.Millisecond))
	}
	if len(sum.New) > 0 {
		fmt.Fprintf(w, "  new: %s\n", someOf(sum.New))
	}
	if len(sum.Changed) > 0 {
		fmt.Fprintf(w, "  changed: %s\n", someOf(sum.Changed))
	}
	if len(sum.Removed) > 0 {
		if sum.Pruned {
			fmt.Fprintf(w, "  removed (no longer in the manifest; their kits and zips are deleted): %s\n", someOf(sum.Removed))
		} else {
			fmt.Fprintf(w, "  no longer in the manifest (kits kept; --prune removes them): %s\n", someOf(sum.Removed))
		}
	}
	if sum.Written == 0 {
		return
	}
	if runtime.GOOS == "windows" && sum.Secret+sum.Private > 0 {
		// No Unix modes: a file takes its folder's access rules.
		fmt.Fprintf(w, "  %s a password command: keep the output folder private (on Windows its files take its access rules)\n",
			plural(sum.Secret+sum.Private, "file holds or can run", "files hold or can run"))
		return
	}
	if sum.Secret > 0 {
		// Said so that they stay private when kits are handed over.
		fmt.Fprintf(w, "  %s mode 0600: %s a password command; keep %s private when handing kits over\n",
			plural(sum.Secret, "file is", "files are"), pick(sum.Secret, "it holds", "they hold"), pick(sum.Secret, "it", "them"))
	}
	if sum.Private > 0 {
		fmt.Fprintf(w, "  %s mode 0600 (%s): settings that can hold a password, which some clients refuse to read when others can\n",
			plural(sum.Private, "file is", "files are"), someOf(sum.PrivateFiles))
	}
	if sum.PrivateZips > 0 {
		fmt.Fprintf(w, "  %s mode 0600 too, as %s such files\n", plural(sum.PrivateZips, "zip is", "zips are"), pick(sum.PrivateZips, "it holds", "they hold"))
	}
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// someOf names the first few addresses and counts the rest.
func someOf(emails []string) string {
	if len(emails) <= namesShown {
		return strings.Join(emails, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(emails[:namesShown], ", "), len(emails)-namesShown)
}
