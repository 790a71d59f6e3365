package mutt

import (
	"fmt"
	"strings"
)

// This file is a model of how mutt 2.2 and neomutt read a muttrc, written
// from their mutt_extract_token: enough to check that what the generator
// writes reads back as the value it meant, in both programs.

// dialect picks the program whose backtick rules apply.
type dialect int

const (
	mutt    dialect = iota // the text between backticks goes to sh as it is
	neomutt                // backslash escapes and $variables are applied to it first
)

func (d dialect) String() string { return [...]string{"mutt", "neomutt"}[d] }

// token flags, after mutt's MUTT_TOKEN_*.
const (
	tokQuote     = 1 << iota // quotes are literal
	tokSpace                 // spaces do not end the token
	tokComment               // # does not end the token
	tokSemicolon             // ; does not end the token
	tokNoShell               // backticks are literal
)

// parsed is what a muttrc sets: variables, mailboxes, and every command
// that backticks would run, with the variable it feeds.
type parsed struct {
	vars      map[string]string
	mailboxes []string
	commands  map[string][]string
}

// parseRC reads a muttrc the way d does.
func parseRC(rc string, d dialect) (*parsed, error) {
	p := &parsed{vars: map[string]string{}, commands: map[string][]string{}}
	lines := strings.Split(rc, "\n")
	for n := 0; n < len(lines); n++ {
		line := lines[n]
		// A line ending in a backslash continues on the next one.
		for strings.HasSuffix(line, `\`) && n+1 < len(lines) {
			n++
			line = line[:len(line)-1] + lines[n]
		}
		if err := p.parseLine(line, d); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
	}
	return p, nil
}

func (p *parsed) parseLine(line string, d dialect) error {
	rest := line
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" || rest[0] == '#' {
			return nil
		}
		if rest[0] == ';' {
			rest = rest[1:]
			continue
		}
		cmd, _, r, err := extract(rest, 0, d)
		if err != nil {
			return err
		}
		rest = r
		switch cmd {
		case "set":
			rest = strings.TrimLeft(rest, " \t")
			i := strings.IndexFunc(rest, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '_') })
			if i <= 0 {
				return fmt.Errorf("set without a variable name: %q", rest)
			}
			name := rest[:i]
			rest = strings.TrimLeft(rest[i:], " \t")
			if !strings.HasPrefix(rest, "=") {
				return fmt.Errorf("set %s without =", name)
			}
			val, cmds, r, err := extract(rest[1:], 0, d)
			if err != nil {
				return fmt.Errorf("set %s: %w", name, err)
			}
			p.vars[name], p.commands[name], rest = val, cmds, r
		case "mailboxes":
			for {
				rest = strings.TrimLeft(rest, " \t")
				if rest == "" || rest[0] == '#' || rest[0] == ';' {
					break
				}
				val, _, r, err := extract(rest, 0, d)
				if err != nil {
					return err
				}
				p.mailboxes, rest = append(p.mailboxes, val), r
			}
		default:
			return fmt.Errorf("unknown command %q", cmd)
		}
	}
}

// extract reads one token from s, as mutt_extract_token does. It returns
// the token, the commands backticks in it would run (their output is left
// out of the token) and the rest of s.
func extract(s string, flags int, d dialect) (tok string, cmds []string, rest string, err error) {
	s = strings.TrimLeft(s, " \t")
	var b strings.Builder
	var qc byte
	i := 0
	for i < len(s) {
		ch := s[i]
		if qc == 0 {
			if (ch == ' ' || ch == '\t') && flags&tokSpace == 0 ||
				ch == '#' && flags&tokComment == 0 ||
				ch == ';' && flags&tokSemicolon == 0 {
				break
			}
		}
		i++
		switch {
		case ch == qc:
			qc = 0
		case qc == 0 && (ch == '\'' || ch == '"') && flags&tokQuote == 0:
			qc = ch
		case ch == '\\' && qc != '\'':
			if i >= len(s) {
				return "", nil, "", fmt.Errorf("backslash at the end of %q", s)
			}
			ch = s[i]
			i++
			switch ch {
			case 'c', 'C':
				if i >= len(s) {
					return "", nil, "", fmt.Errorf("\\c at the end")
				}
				b.WriteByte((upper(s[i]) - '@') & 0x7f)
				i++
			case 'e':
				b.WriteByte(033)
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				if isDigit(ch) && i+1 < len(s) && isDigit(s[i]) && isDigit(s[i+1]) {
					b.WriteByte(byte(int(ch-'0')<<6 + int(s[i]-'0')<<3 + int(s[i+1]-'0')))
					i += 2
				} else {
					b.WriteByte(ch)
				}
			}
		case ch == '`' && (qc == 0 || qc == '"') && flags&tokNoShell == 0:
			// Find the closing backtick; a backslash skips the next byte.
			j := i
			for {
				k := strings.IndexAny(s[j:], "\\`")
				if k < 0 {
					return "", nil, "", fmt.Errorf("mismatched backticks in %q", s)
				}
				j += k
				if s[j] == '`' {
					break
				}
				j += 2
				if j > len(s) {
					return "", nil, "", fmt.Errorf("mismatched backticks in %q", s)
				}
			}
			cmd := s[i:j]
			if d == neomutt {
				c, _, _, err := extract(cmd, tokQuote|tokSpace|tokComment|tokSemicolon|tokNoShell, d)
				if err != nil {
					return "", nil, "", err
				}
				cmd = c
			}
			cmds = append(cmds, cmd)
			i = j + 1
			if qc == 0 {
				return "", nil, "", fmt.Errorf("unquoted backticks are re-read as muttrc text; the model does not follow them")
			}
		case ch == '$' && (qc == 0 || qc == '"') && i < len(s) && (s[i] == '{' || isAlpha(s[i])):
			var name string
			if s[i] == '{' {
				end := strings.IndexByte(s[i:], '}')
				if end < 0 {
					return "", nil, "", fmt.Errorf("unterminated ${ in %q", s)
				}
				name, i = s[i+1:i+end], i+end+1
			} else {
				j := i
				for j < len(s) && (isAlpha(s[j]) || isDigit(s[j]) || s[j] == '_') {
					j++
				}
				name, i = s[i:j], j
			}
			// The model's environment: a value no generated text contains.
			b.WriteString("\x00$" + name + "\x00")
		default:
			b.WriteByte(ch)
		}
	}
	if qc != 0 {
		return "", nil, "", fmt.Errorf("unterminated %c quote in %q", qc, s)
	}
	return b.String(), cmds, s[i:], nil
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
