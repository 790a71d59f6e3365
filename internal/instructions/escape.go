package instructions

import "strings"

// README.html is rendered by a text/template through templates.Cache (see
// htmlPage), so its values are escaped here, before rendering, into exactly
// the bytes html/template would print for them in the place the template
// prints them. The functions below are html/template's escapers (Go's
// src/html/template/html.go and url.go) for a plain string argument.
// TestEscapeMatchesHTMLTemplate and FuzzEscapeMatchesHTMLTemplate compare
// them with html/template in each context; TestReadmeMatchesHTMLTemplate and
// FuzzReadmeMatchesHTMLTemplate render the whole page with html/template as
// well and require the same bytes.

// escaped is a string already escaped for the place in README.html where a
// template prints it. htmlPage and htmlBlock hold only escaped strings, so a
// template cannot print a value that was not escaped.
type escaped string

// htmlReplacement is html/template's htmlReplacementTable, as bytes.
var htmlReplacement = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapeHTML escapes s as html/template does in element text
// (htmlEscaper), in RCDATA such as <title> (rcdataEscaper) and in a quoted
// attribute value (attrEscaper): for a plain string, the three are
// htmlReplacer(s, htmlReplacementTable, true).
//
// htmlReplacer decodes runes, but only runes below 0x80 can be in its table
// and, with badRunes true, every other rune (and every byte of invalid
// UTF-8, which decodes as U+FFFD of width 1) passes unchanged. An ASCII byte
// is never part of a multi-byte rune, so replacing bytes is the same.
func escapeHTML(s string) escaped {
	i := 0
	for i < len(s) && htmlReplacement[s[i]] == "" {
		i++
	}
	if i == len(s) {
		return escaped(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		if r := htmlReplacement[s[i]]; r != "" {
			b.WriteString(s[written:i])
			b.WriteString(r)
			written = i + 1
		}
	}
	b.WriteString(s[written:])
	return escaped(b.String())
}

// escapeURLPath escapes s as html/template does in a double-quoted URL
// attribute after the start of a relative path, before any '?' or '#'
// (href="apple/{{.}}"): urlNormalizer, then attrEscaper.
func escapeURLPath(s string) escaped { return escapeHTML(processURL(s, true)) }

// escapeURLFragment escapes s as html/template does in a double-quoted URL
// attribute after a '#' or '?' (href="#client-{{.}}"): urlEscaper, then
// attrEscaper.
func escapeURLFragment(s string) escaped { return escapeHTML(processURL(s, false)) }

// processURL is html/template's urlProcessor for a plain string:
// percent-encodes every byte but the unreserved ones of RFC 3986 and, when
// norm is true, the reserved ones and existing %XX escapes.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
