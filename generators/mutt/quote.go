package mutt

import (
	"fmt"
	"strings"
)

// quote writes s as a muttrc double-quoted string. Inside double quotes mutt
// (and neomutt) treat four characters specially: a backslash escapes the
// next character, a double quote ends the string, a backtick runs a command
// and $ expands a variable. Each of them is written with a backslash before
// it, which both read as the plain character. Everything else, # and ;
// included, is literal inside double quotes.
func quote(s string) string { return Quote(s) }

// Quote writes s as a muttrc double-quoted string (see quote); `spectrumgen
// install` uses it for the line that sources an account's file.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("\\\"`$", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// commandSubstitution writes cmd as a double-quoted string whose whole value
// is the first line the command prints ("`cmd`").
//
// Nothing inside the backticks can be escaped in a way both programs agree
// on: mutt 2.2 hands the text between the backticks to the shell as it is,
// while neomutt first undoes backslash escapes and expands $name and ${name}
// itself. A command is therefore written raw, and refused when it holds a
// character the two would read differently.
func commandSubstitution(cmd string) (string, error) {
	if why := checkCommand(cmd); why != "" {
		return "", fmt.Errorf("mutt: the password command %q %s, which mutt and neomutt read differently inside backticks; "+
			"rewrite the command without it (a script file holding the command works)", cmd, why)
	}
	return "\"`" + cmd + "`\"", nil
}

// checkCommand returns why cmd cannot go between backticks, or "".
func checkCommand(cmd string) string {
	for i := 0; i < len(cmd); i++ {
		switch c := cmd[i]; {
		case c == '`':
			return "contains a backtick"
		case c == '\\':
			return "contains a backslash"
		case c < 0x20 || c == 0x7f:
			return "contains a control character"
		case c == '$' && i+1 < len(cmd) && isNameStart(cmd[i+1]):
			return "contains $" + string(cmd[i+1]) + " (a variable)"
		}
	}
	return ""
}

// isNameStart reports whether neomutt expands "$" followed by c.
func isNameStart(c byte) bool {
	return c == '{' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
