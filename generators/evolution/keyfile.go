package evolution

import "strings"

// escapeValue writes s as a GLib key-file string value, the way
// g_key_file_set_string does (checked against GLib itself by the tests):
// leading spaces and tabs as \s and \t, so they survive the parser's
// trimming; line breaks and backslashes always escaped. Nothing else is
// special in a value: ';' only separates list values, which these files
// do not use, and '#' starts a comment only at the start of a line.
func escapeValue(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	leading := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case leading && c == ' ':
			b.WriteString(`\s`)
		case leading && c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\\':
			b.WriteString(`\\`)
			leading = false
		default:
			b.WriteByte(c)
			leading = false
		}
	}
	return b.String()
}

// keyFile builds a key file: groups of key=value lines, each group after
// a blank line, values escaped.
type keyFile struct{ b strings.Builder }

func (k *keyFile) group(name string) {
	if k.b.Len() > 0 {
		k.b.WriteByte('\n')
	}
	k.b.WriteString("[" + name + "]\n")
}

func (k *keyFile) set(key, value string) {
	k.b.WriteString(key + "=" + escapeValue(value) + "\n")
}

func (k *keyFile) comment(line string) { k.b.WriteString("# " + line + "\n") }

func (k *keyFile) bytes() []byte { return []byte(k.b.String()) }
