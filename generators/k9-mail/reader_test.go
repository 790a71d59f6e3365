package k9mail

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// This file reads a .k9s file as the app does (SettingsFileParser.kt: an
// XML pull parser that reads the text of leaf elements), then applies the
// importer's rules (SettingsImporter.kt, AccountSettingsValidator.kt,
// ServerSettingsValidator.kt, ServerSettingsDescriptions.kt,
// IdentitySettingsValidator.kt) for the content version the file states.
// Where the app skips an unknown element, this reader refuses it, so that
// nothing the generator writes goes unread.

type node struct {
	Name     string
	Attr     map[string]string
	Children []*node
	Text     string
}

func parseTree(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{Name: t.Name.Local, Attr: map[string]string{}}
			if t.Name.Space != "" {
				return nil, fmt.Errorf("element %s has a namespace", t.Name.Local)
			}
			for _, a := range t.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("two root elements")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(t)
			}
		case xml.Directive:
			return nil, fmt.Errorf("a DOCTYPE or other directive")
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// only returns n's children, refusing names outside allowed and repeats.
func (n *node) only(allowed ...string) (map[string]*node, error) {
	m := map[string]*node{}
	for _, c := range n.Children {
		if !slices.Contains(allowed, c.Name) {
			return nil, fmt.Errorf("<%s> in <%s>", c.Name, n.Name)
		}
		if m[c.Name] != nil {
			return nil, fmt.Errorf("two <%s> in <%s>", c.Name, n.Name)
		}
		m[c.Name] = c
	}
	return m, nil
}

// leaf returns the text of a leaf element, as the app's readText does.
func leaf(n *node) (string, error) {
	if n == nil {
		return "", fmt.Errorf("missing")
	}
	if len(n.Children) > 0 {
		return "", fmt.Errorf("<%s> has child elements", n.Name)
	}
	return n.Text, nil
}

type k9Server struct {
	Type, Host, Security, Auth, User string
	Port                             int
}

type k9File struct {
	Format, Version int
	UUID, Name      string
	DeletePolicy    string
	In, Out         k9Server
	IdentityName    string
	IdentityEmail   string
}

// readK9s parses data and applies the importer's rules.
func readK9s(data []byte) (k9File, error) {
	var f k9File
	root, err := parseTree(data)
	if err != nil {
		return f, err
	}
	if root.Name != "k9settings" {
		return f, fmt.Errorf("root element <%s>, want <k9settings>", root.Name)
	}
	if f.Format, err = strconv.Atoi(root.Attr["format"]); err != nil || f.Format != 1 {
		return f, fmt.Errorf("format %q, want 1 (the only file format the parser reads)", root.Attr["format"])
	}
	if f.Version, err = strconv.Atoi(root.Attr["version"]); err != nil || f.Version <= 0 {
		return f, fmt.Errorf("content version %q, want a positive integer", root.Attr["version"])
	}
	top, err := root.only("accounts")
	if err != nil {
		return f, err
	}
	if top["accounts"] == nil || len(top["accounts"].Children) != 1 {
		return f, fmt.Errorf("want one <account> in <accounts>")
	}
	acc := top["accounts"].Children[0]
	if acc.Name != "account" {
		return f, fmt.Errorf("<%s> in <accounts>", acc.Name)
	}
	f.UUID = acc.Attr["uuid"]
	u, err := uuid.Parse(f.UUID)
	if err != nil || len(f.UUID) != 36 || u.Variant() != uuid.RFC4122 {
		return f, fmt.Errorf("account uuid %q is not an RFC 4122 UUID (the app skips the account)", f.UUID)
	}
	parts, err := acc.only("name", "settings", "incoming-server", "outgoing-server", "identities")
	if err != nil {
		return f, err
	}
	if f.Name, err = leaf(parts["name"]); err != nil {
		return f, fmt.Errorf("name: %w", err)
	}
	if s := parts["settings"]; s != nil {
		for _, v := range s.Children {
			if v.Name != "value" || v.Attr["key"] != "deletePolicy" {
				return f, fmt.Errorf("setting <%s key=%q> not expected", v.Name, v.Attr["key"])
			}
			f.DeletePolicy, _ = leaf(v)
			if !slices.Contains([]string{"NEVER", "SEVEN_DAYS", "DELETE", "MARK_AS_READ"}, f.DeletePolicy) {
				return f, fmt.Errorf("deletePolicy %q", f.DeletePolicy)
			}
		}
	}
	if f.In, err = readServer(parts["incoming-server"], "IMAP", f.Version); err != nil {
		return f, fmt.Errorf("incoming server: %w", err)
	}
	if f.Out, err = readServer(parts["outgoing-server"], "SMTP", f.Version); err != nil {
		return f, fmt.Errorf("outgoing server: %w", err)
	}
	ids := parts["identities"]
	if ids == nil || len(ids.Children) == 0 {
		return f, fmt.Errorf("no identity (the importer requires at least one)")
	}
	if len(ids.Children) != 1 || ids.Children[0].Name != "identity" {
		return f, fmt.Errorf("want one <identity>")
	}
	id, err := ids.Children[0].only("name", "email")
	if err != nil {
		return f, err
	}
	if f.IdentityName, err = leaf(id["name"]); err != nil {
		return f, fmt.Errorf("identity name: %w", err)
	}
	if f.IdentityEmail, err = leaf(id["email"]); err != nil {
		return f, fmt.Errorf("identity email: %w", err)
	}
	if a, err := mail.ParseAddress(f.IdentityEmail); err != nil || a.Address != f.IdentityEmail {
		return f, fmt.Errorf("identity email %q is not an address", f.IdentityEmail)
	}
	return f, nil
}

func readServer(n *node, kind string, version int) (k9Server, error) {
	var s k9Server
	if n == nil {
		return s, fmt.Errorf("missing (the importer requires it)")
	}
	if s.Type = n.Attr["type"]; s.Type != kind {
		return s, fmt.Errorf("type %q, want %q", s.Type, kind)
	}
	f, err := n.only("host", "port", "connection-security", "authentication-type", "username")
	if err != nil {
		return s, err
	}
	if _, ok := f["password"]; ok {
		return s, fmt.Errorf("holds a password")
	}
	if s.Host, err = leaf(f["host"]); err != nil || s.Host == "" {
		return s, fmt.Errorf("host: %v", err)
	}
	port, err := leaf(f["port"])
	if err != nil {
		return s, fmt.Errorf("port: %w", err)
	}
	if s.Port, err = strconv.Atoi(port); err != nil || s.Port < 1 || s.Port > 65535 {
		return s, fmt.Errorf("port %q outside 1-65535", port)
	}
	// ServerSettingsDescriptions: from content version 92 only three
	// connection security values; from 95 NONE is an authentication type.
	securities := []string{"NONE", "STARTTLS_OPTIONAL", "STARTTLS_REQUIRED", "SSL_TLS_OPTIONAL", "SSL_TLS_REQUIRED"}
	if version >= 92 {
		securities = []string{"NONE", "STARTTLS_REQUIRED", "SSL_TLS_REQUIRED"}
	}
	auths := []string{"PLAIN", "CRAM_MD5", "EXTERNAL", "XOAUTH2", "AUTOMATIC", "LOGIN"}
	switch {
	case version >= 95:
		auths = []string{"PLAIN", "CRAM_MD5", "EXTERNAL", "XOAUTH2", "NONE"}
	case version >= 94:
		auths = []string{"PLAIN", "CRAM_MD5", "EXTERNAL", "XOAUTH2"}
	}
	if s.Security, err = leaf(f["connection-security"]); err != nil || !slices.Contains(securities, s.Security) {
		return s, fmt.Errorf("connection security %q not one of %v at version %d", s.Security, securities, version)
	}
	if s.Auth, err = leaf(f["authentication-type"]); err != nil || !slices.Contains(auths, s.Auth) {
		return s, fmt.Errorf("authentication type %q not one of %v at version %d", s.Auth, auths, version)
	}
	if s.User, err = leaf(f["username"]); err != nil {
		return s, fmt.Errorf("username: %w", err)
	}
	if strings.ContainsAny(s.User, "\r\n") {
		return s, fmt.Errorf("username has a line break")
	}
	return s, nil
}
