package aerc

import (
	"fmt"
	"strings"
	"unicode"
)

// readINI is a model of how aerc reads accounts.conf, written from go-ini's
// parser (the library aerc 0.14 and current aerc use, with "=" as the only
// delimiter): section headers, whole-line # and ; comments, and values with
// their quoting, comment, trimming and continuation rules. It returns each
// section's keys with their values as aerc gets them (Key.String, which
// also replaces %(key)s references).
func readINI(text string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	section := "DEFAULT"
	lines := strings.Split(text, "\n")
	for n := 0; n < len(lines); n++ {
		line := strings.TrimLeftFunc(lines[n], unicode.IsSpace)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.LastIndexByte(line, ']')
			if end < 0 {
				return nil, fmt.Errorf("line %d: unclosed section", n+1)
			}
			section = line[1:end]
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			return nil, fmt.Errorf("line %d: no = in %q", n+1, line)
		}
		key := strings.TrimSpace(line[:eq])
		value, consumed, err := readValue(line[eq+1:], lines[n+1:])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		n += consumed
		if out[section] == nil {
			out[section] = map[string]string{}
		}
		out[section][key] = value
	}
	for _, keys := range out {
		for k, v := range keys {
			keys[k] = interpolate(v, keys, out["DEFAULT"])
		}
	}
	return out, nil
}

// readValue reads one value; consumed counts the following lines it used.
func readValue(in string, next []string) (value string, consumed int, err error) {
	line := strings.TrimLeftFunc(in, unicode.IsSpace)
	if line == "" {
		return "", 0, nil
	}
	quote := ""
	switch {
	case len(line) > 3 && line[:3] == `"""`:
		quote = `"""`
	case line[0] == '`':
		quote = "`"
	}
	if quote != "" {
		body := line[len(quote):]
		if pos := strings.LastIndex(body, quote); pos >= 0 {
			return body[:pos], 0, nil
		}
		// A value spanning lines: not something the generator writes.
		return "", 0, fmt.Errorf("unterminated %s value", quote)
	}
	line = strings.TrimSpace(line)
	if strings.HasSuffix(line, `\`) {
		// Continuation: the value goes on with the next line.
		if len(next) == 0 {
			return line[:len(line)-1], 0, nil
		}
		rest, used, err := readValue(next[0], next[1:])
		return line[:len(line)-1] + rest, used + 1, err
	}
	if i := strings.IndexAny(line, "#;"); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	if surrounded(line, '\'') || surrounded(line, '"') {
		line = line[1 : len(line)-1]
	}
	return line, 0, nil
}

// interpolate replaces %(key)s with the key's value from the section or
// DEFAULT, as go-ini's Key.String does (up to 99 rounds).
func interpolate(v string, keys, defaults map[string]string) string {
	for i := 0; i < 99; i++ {
		ref := interpolation.FindString(v)
		if ref == "" {
			break
		}
		name := ref[2 : len(ref)-2]
		repl, ok := keys[name]
		if !ok {
			if repl, ok = defaults[name]; !ok {
				break
			}
		}
		v = strings.ReplaceAll(v, ref, repl)
	}
	return v
}
