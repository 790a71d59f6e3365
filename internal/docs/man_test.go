package docs

import (
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestEscapeTags(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tag in text", "write people/<address>.zip", `write people/\<address>.zip`},
		{"closing tag and comment", "a </b> <!-- c", `a \</b> \<!-- c`},
		{"not a tag", "a < b and a <= b, source <(x)", "a < b and a <= b, source <(x)"},
		{"fenced code kept", "```\nsource <x>\n```\n<y>", "```\nsource <x>\n```\n\\<y>"},
		{"indented code kept", "    cat <file>\n\tcat <file>", "    cat <file>\n\tcat <file>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escapeTags(tt.in); got != tt.want {
				t.Errorf("escapeTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAddDescriptions(t *testing.T) {
	md := "# COMMANDS\n\n## verify, v\n\ncheck it\n\n>spectrumgen verify\n\n**--json**: print JSON\n\n## clients\n\nlist\n"
	cmds := []*cli.Command{
		{Name: "verify", Aliases: []string{"v"}, Description: "Checks DNS.\nExit status: 0 ok."},
		{Name: "clients"},
	}
	got := addDescriptions(md, cmds)
	want := "## verify, v\n\ncheck it\n\n>spectrumgen verify\n\nChecks DNS.  \nExit status: 0 ok.\n\n**--json**: print JSON\n\n## clients\n\nlist\n"
	if !strings.HasSuffix(got, want) {
		t.Errorf("addDescriptions:\n%s\nwant it to end with:\n%s", got, want)
	}
}

func TestManOfTheLastCommandWithoutFlags(t *testing.T) {
	// A description goes at the end of a section that has no flags.
	a := &cli.App{Name: "x", Commands: []*cli.Command{{Name: "last", Usage: "u", Description: "The <long> story."}}}
	var b strings.Builder
	if err := Man(a, &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{".TH x 1", "The <long> story.", ".SH last"} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q:\n%s", want, page)
		}
	}
}
