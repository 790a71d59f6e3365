package mbsync

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// readRC is a model of isync's configuration reader (config.c get_arg):
// lines whose first non-blank is # are comments; a line is a keyword and
// arguments split at blanks; inside an argument a double quote toggles
// quoting (blanks are kept while quoted) and a backslash makes the next
// character literal. Sections start at IMAPAccount, IMAPStore,
// MaildirStore and Channel; it returns each section's keywords.
func readRC(rc string) (map[string]map[string]string, error) {
	sections := map[string]map[string]string{}
	var cur map[string]string
	for n, line := range strings.Split(rc, "\n") {
		line = strings.TrimLeft(line, " \t")
		if line == "" || line[0] == '#' {
			continue
		}
		args, err := splitArgs(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		if len(args) != 2 {
			return nil, fmt.Errorf("line %d: %d words in %q, want a keyword and one value", n+1, len(args), line)
		}
		switch args[0] {
		case "IMAPAccount", "IMAPStore", "MaildirStore", "Channel":
			cur = map[string]string{}
			sections[args[0]+" "+args[1]] = cur
		}
		if cur == nil {
			return nil, fmt.Errorf("line %d: %s outside a section", n+1, args[0])
		}
		cur[args[0]] = args[1]
	}
	return sections, nil
}

func splitArgs(line string) ([]string, error) {
	var args []string
	p := line
	for {
		p = strings.TrimLeft(p, " \t")
		if p == "" || p[0] == '#' {
			return args, nil
		}
		var b strings.Builder
		escaped, quoted := false, false
		i := 0
		for ; i < len(p); i++ {
			c := p[i]
			switch {
			case escaped && c >= 32:
				escaped = false
				b.WriteByte(c)
			case c == '\\':
				escaped = true
			case c == '"':
				quoted = !quoted
			case !quoted && (c == ' ' || c == '\t'):
				goto done
			default:
				b.WriteByte(c)
			}
		}
	done:
		if escaped {
			return nil, fmt.Errorf("unterminated escape sequence")
		}
		if quoted {
			return nil, fmt.Errorf("missing quote")
		}
		args = append(args, b.String())
		p = p[i:]
	}
}

func checkReadsBack(t *testing.T, a account.Account, rc string) {
	t.Helper()
	s, err := readRC(rc)
	if err != nil {
		t.Fatalf("%s: %v\n%s", a.Email, err, rc)
	}
	acc := s["IMAPAccount "+a.Email]
	want := map[string]string{"Host": a.Incoming.Host, "User": a.Incoming.Username, "PassCmd": a.PasswordCommand,
		"SSLType": sslType[a.Incoming.Security]}
	for k, v := range want {
		if acc[k] != v {
			t.Errorf("%s: mbsync reads %s as %q, want %q", a.Email, k, acc[k], v)
		}
	}
	if got := s["MaildirStore "+a.Email+"-local"]["Path"]; got != "~/Mail/"+a.Email+"/" {
		t.Errorf("%s: Maildir path %q", a.Email, got)
	}
	ch := s["Channel "+a.Email]
	if ch["Far"] != ":"+a.Email+"-remote:" || ch["Near"] != ":"+a.Email+"-local:" {
		t.Errorf("%s: channel %v", a.Email, ch)
	}
}
