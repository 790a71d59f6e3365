package evolution

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// parseKeyFile reads a key file as GLib documents the format ("Desktop
// Entry Specification" syntax, GKeyFile): "# comment" lines, "[Group]"
// lines, "Key=Value" lines with spaces around "=" ignored, and the value's
// escapes \s \n \t \r \\. Keys repeated in a group, lines that are none of
// these, and unknown escapes are errors here (GLib is laxer), so that
// what the generator writes is plain.
func parseKeyFile(data string) (map[string]map[string]string, error) {
	groups := map[string]map[string]string{}
	var cur map[string]string
	if !strings.HasSuffix(data, "\n") {
		return nil, fmt.Errorf("no newline at the end")
	}
	for i, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("line %d: group line %q", i+1, line)
			}
			name := line[1 : len(line)-1]
			if groups[name] != nil {
				return nil, fmt.Errorf("line %d: group %q twice", i+1, name)
			}
			cur = map[string]string{}
			groups[name] = cur
		default:
			key, raw, ok := strings.Cut(line, "=")
			if !ok || cur == nil {
				return nil, fmt.Errorf("line %d: %q is not a key in a group", i+1, line)
			}
			key = strings.TrimRight(key, " \t")
			if _, dup := cur[key]; dup {
				return nil, fmt.Errorf("line %d: key %q twice", i+1, key)
			}
			v, err := unescapeValue(strings.TrimLeft(raw, " \t"))
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			cur[key] = v
		}
	}
	return groups, nil
}

func unescapeValue(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		if i == len(s) {
			return "", fmt.Errorf("a value ends with a lone backslash")
		}
		switch s[i] {
		case 's':
			b.WriteByte(' ')
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default:
			return "", fmt.Errorf("unknown escape \\%c", s[i])
		}
	}
	return b.String(), nil
}

func TestEscapeValue(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          "plain",
		" lead":          `\slead`,
		"  two":          `\s\stwo`,
		"trail ":         "trail ",
		`a\b`:            `a\\b`,
		"t\tn\nr\r":      "t\tn\\nr\\r",
		"\tx":            `\tx`,
		`\ x`:            `\\ x`,
		"semi;#=[x]":     "semi;#=[x]",
		"é 山":            "é 山",
		"":               "",
		" ":              `\s`,
		`Back\slash \\ `: `Back\\slash \\\\ `,
	} {
		if got := escapeValue(in); got != want {
			t.Errorf("escapeValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzKeyFileValue: every string a GKeyFile can hold (valid UTF-8, no NUL)
// comes back unchanged from a key file line.
func FuzzKeyFileValue(f *testing.F) {
	for _, s := range []string{" a", "a ", `\`, "\n", "\t\t x", `\s`, "#x", "[G]", "k=v"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			t.Skip()
		}
		file := "[G]\nK=" + escapeValue(s) + "\n"
		g, err := parseKeyFile(file)
		if err != nil {
			t.Fatalf("%q: %v\n%s", s, err, file)
		}
		if got := g["G"]["K"]; got != s {
			t.Fatalf("%q came back as %q", s, got)
		}
	})
}
