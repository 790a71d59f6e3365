package shape

import (
	"bytes"
	"encoding/xml"
)

// AppendXMLText appends s escaped as xml.EscapeText escapes it: the Escape
// of renderers that write strings as XML character data (encoding/xml,
// howett.net/plist's XML format).
func AppendXMLText(dst []byte, s string) []byte {
	b := bytes.NewBuffer(dst)
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
	return b.Bytes()
}
