package tbandroid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// This file is a reader of the "Export for Mobile" format, version 1,
// written from the specification (qr-code-format.md) and the app's own
// reader (QrCodePayloadAdapter.kt, QrCodePayloadValidator.kt,
// IntValueMapper.kt), stricter where the app would be: every string is
// read with a string reader, so a null where a string belongs fails, as it
// does in the app.

type qrData struct {
	Seq, SeqEnd int
	Accounts    []qrAccount
}

type qrAccount struct {
	In        qrServer
	Name      string
	HasName   bool // AccountName present
	Outgoing  []qrOutgoing
	InPass    *string
	OutPasses []*string
}

type qrServer struct {
	Protocol, Port, Security, Auth int
	Host, User                     string
}

type qrOutgoing struct {
	Server     qrServer
	Identities [][2]string // email, display name
}

// readPayload parses and validates a payload as the app does.
func readPayload(p []byte) (qrData, error) {
	var root []json.RawMessage
	if err := strictUnmarshal(p, &root); err != nil {
		return qrData{}, fmt.Errorf("root: %w", err)
	}
	if len(root) < 4 {
		return qrData{}, fmt.Errorf("root has %d elements, want version, misc and at least one account", len(root))
	}
	var version int
	if err := strictUnmarshal(root[0], &version); err != nil || version != 1 {
		return qrData{}, fmt.Errorf("format version %s, want 1", root[0])
	}
	var misc []json.RawMessage
	if err := strictUnmarshal(root[1], &misc); err != nil || len(misc) < 2 {
		return qrData{}, fmt.Errorf("miscellaneous data %s: want [seq, seqEnd]", root[1])
	}
	var d qrData
	if err := readInt(misc[0], &d.Seq); err != nil {
		return qrData{}, fmt.Errorf("sequence number: %w", err)
	}
	if err := readInt(misc[1], &d.SeqEnd); err != nil {
		return qrData{}, fmt.Errorf("sequence end: %w", err)
	}
	if d.Seq < 1 || d.Seq > d.SeqEnd {
		return qrData{}, fmt.Errorf("sequence %d of %d", d.Seq, d.SeqEnd)
	}
	rest := root[2:]
	if len(rest)%2 != 0 {
		return qrData{}, fmt.Errorf("an incoming server without its outgoing server groups")
	}
	for i := 0; i < len(rest); i += 2 {
		acc, err := readAccount(rest[i], rest[i+1])
		if err != nil {
			return qrData{}, fmt.Errorf("account %d: %w", i/2+1, err)
		}
		d.Accounts = append(d.Accounts, acc)
	}
	return d, nil
}

func readAccount(inRaw, groupsRaw json.RawMessage) (qrAccount, error) {
	var in []json.RawMessage
	if err := strictUnmarshal(inRaw, &in); err != nil {
		return qrAccount{}, fmt.Errorf("incoming server: %w", err)
	}
	if len(in) < 6 {
		return qrAccount{}, fmt.Errorf("incoming server has %d elements, want at least 6", len(in))
	}
	var acc qrAccount
	var err error
	if acc.In, err = readServer(in[:6], map[int]bool{0: true, 1: true}); err != nil {
		return qrAccount{}, fmt.Errorf("incoming server: %w", err)
	}
	if len(in) > 6 {
		acc.HasName = true
		if err := readString(in[6], &acc.Name); err != nil {
			return qrAccount{}, fmt.Errorf("account name: %w", err)
		}
		if strings.ContainsAny(acc.Name, "\r\n") {
			return qrAccount{}, fmt.Errorf("account name has a line break")
		}
	}
	if len(in) > 7 {
		var pw string
		if err := readString(in[7], &pw); err != nil {
			return qrAccount{}, fmt.Errorf("password: %w", err)
		}
		acc.InPass = &pw
	}
	var groups []json.RawMessage
	if err := strictUnmarshal(groupsRaw, &groups); err != nil || len(groups) == 0 {
		return qrAccount{}, fmt.Errorf("outgoing server groups %s: want a non-empty array", groupsRaw)
	}
	for j, g := range groups {
		var group []json.RawMessage
		if err := strictUnmarshal(g, &group); err != nil || len(group) < 2 {
			return qrAccount{}, fmt.Errorf("outgoing group %d: want [server, identity...]", j+1)
		}
		var out []json.RawMessage
		if err := strictUnmarshal(group[0], &out); err != nil || len(out) < 6 {
			return qrAccount{}, fmt.Errorf("outgoing group %d: server: want at least 6 elements", j+1)
		}
		var og qrOutgoing
		if og.Server, err = readServer(out[:6], map[int]bool{0: true}); err != nil {
			return qrAccount{}, fmt.Errorf("outgoing group %d: server: %w", j+1, err)
		}
		var pw *string
		if len(out) > 6 {
			var s string
			if err := readString(out[6], &s); err != nil {
				return qrAccount{}, fmt.Errorf("outgoing group %d: password: %w", j+1, err)
			}
			pw = &s
		}
		acc.OutPasses = append(acc.OutPasses, pw)
		for k, idRaw := range group[1:] {
			var id []json.RawMessage
			if err := strictUnmarshal(idRaw, &id); err != nil || len(id) < 2 {
				return qrAccount{}, fmt.Errorf("outgoing group %d: identity %d: want [email, name]", j+1, k+1)
			}
			var email, name string
			if err := readString(id[0], &email); err != nil {
				return qrAccount{}, fmt.Errorf("identity %d: email: %w", k+1, err)
			}
			if err := readString(id[1], &name); err != nil {
				return qrAccount{}, fmt.Errorf("identity %d: name: %w", k+1, err)
			}
			if !isASCII(email) {
				return qrAccount{}, fmt.Errorf("identity %d: email %q is not ASCII", k+1, email)
			}
			if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
				return qrAccount{}, fmt.Errorf("identity %d: email %q does not parse as an address", k+1, email)
			}
			if strings.ContainsAny(name, "\r\n") {
				return qrAccount{}, fmt.Errorf("identity %d: display name has a line break", k+1)
			}
			og.Identities = append(og.Identities, [2]string{email, name})
		}
		acc.Outgoing = append(acc.Outgoing, og)
	}
	return acc, nil
}

// readServer reads protocol, host, port, security, authentication, user.
func readServer(f []json.RawMessage, protocols map[int]bool) (qrServer, error) {
	var s qrServer
	if err := readInt(f[0], &s.Protocol); err != nil || !protocols[s.Protocol] {
		return s, fmt.Errorf("protocol %s unsupported", f[0])
	}
	if err := readString(f[1], &s.Host); err != nil {
		return s, fmt.Errorf("host name: %w", err)
	}
	if !isASCII(s.Host) || account.CheckHost(s.Host) != "" {
		return s, fmt.Errorf("host name %q is not an ASCII host name", s.Host)
	}
	if err := readInt(f[2], &s.Port); err != nil || s.Port < 1 || s.Port > 65535 {
		return s, fmt.Errorf("port %s", f[2])
	}
	// 1 is legacy (read as STARTTLS); a writer must not use it.
	if err := readInt(f[3], &s.Security); err != nil || (s.Security != 0 && s.Security != 2 && s.Security != 3) {
		return s, fmt.Errorf("connection security %s", f[3])
	}
	// 3 (GSSAPI) and 4 (NTLM) are refused by the app.
	if err := readInt(f[4], &s.Auth); err != nil || s.Auth < 0 || s.Auth > 6 || s.Auth == 3 || s.Auth == 4 {
		return s, fmt.Errorf("authentication type %s", f[4])
	}
	if err := readString(f[5], &s.User); err != nil {
		return s, fmt.Errorf("user name: %w", err)
	}
	if strings.ContainsAny(s.User, "\r\n") {
		return s, fmt.Errorf("user name has a line break")
	}
	return s, nil
}

func readInt(raw json.RawMessage, v *int) error {
	if bytes.ContainsAny(raw, ".eE") {
		return fmt.Errorf("%s is not an integer", raw)
	}
	return strictUnmarshal(raw, v)
}

func readString(raw json.RawMessage, v *string) error {
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`)) {
		return fmt.Errorf("%s is not a string", raw)
	}
	return strictUnmarshal(raw, v)
}

// strictUnmarshal refuses null (json.Unmarshal leaves the value alone) and
// trailing data.
func strictUnmarshal(raw []byte, v any) error {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return fmt.Errorf("null")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}
