package apple

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// pythonDecoder reads plists with Python's plistlib (expat underneath): a
// parser written apart from the encoder. One python3 process serves the
// whole test binary: it reads length-prefixed documents on stdin and
// answers one JSON line each.
const pythonDecoder = `
import json, plistlib, struct, sys
inp, out = sys.stdin.buffer, sys.stdout
while True:
    head = inp.read(4)
    if len(head) < 4:
        break
    data = inp.read(struct.unpack(">I", head)[0])
    try:
        out.write(json.dumps({"value": plistlib.loads(data, fmt=plistlib.FMT_XML)}) + "\n")
    except Exception as e:
        out.write(json.dumps({"error": repr(e)}) + "\n")
    out.flush()
`

type python struct {
	mu  sync.Mutex
	in  io.Writer
	out *bufio.Reader
}

var (
	pythonOnce sync.Once
	pythonProc *python
	pythonErr  error
)

// decodePython returns data as Python's plistlib reads it, through JSON
// (numbers become float64).
func decodePython(t testing.TB, data []byte) map[string]any {
	t.Helper()
	realtest.Need(t, "python3")
	pythonOnce.Do(func() {
		cmd := exec.Command("python3", "-c", pythonDecoder)
		in, err := cmd.StdinPipe()
		if err != nil {
			pythonErr = err
			return
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			pythonErr = err
			return
		}
		if pythonErr = cmd.Start(); pythonErr == nil {
			pythonProc = &python{in: in, out: bufio.NewReader(out)}
		}
	})
	if pythonErr != nil {
		t.Fatalf("starting python3: %v", pythonErr)
	}
	p := pythonProc
	p.mu.Lock()
	defer p.mu.Unlock()
	var head [4]byte
	binary.BigEndian.PutUint32(head[:], uint32(len(data)))
	if _, err := p.in.Write(append(head[:], data...)); err != nil {
		t.Fatalf("python3: %v", err)
	}
	line, err := p.out.ReadBytes('\n')
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var answer struct {
		Value map[string]any
		Error string
	}
	if err := json.Unmarshal(line, &answer); err != nil {
		t.Fatalf("python3 answered %q: %v", line, err)
	}
	if answer.Error != "" {
		t.Fatalf("plistlib cannot read the profile: %s\n%s", answer.Error, data)
	}
	return answer.Value
}

// normalize makes howett.net/plist's and JSON's numbers comparable.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case uint64:
		return float64(v)
	case int64:
		return float64(v)
	case int:
		return float64(v)
	}
	return v
}

// wantValues is what the profile of a must say, written out here from the
// account, apart from the generator's code.
func wantValues(a account.Account) (top, mail map[string]any) {
	ssl := map[account.Security]bool{account.SSL: true, account.STARTTLS: true, account.None: false}
	auth := map[account.Auth]string{account.Password: "EmailAuthPassword", account.NoAuth: "EmailAuthNone"}
	mail = map[string]any{
		"EmailAccountType":                 "EmailTypeIMAP",
		"EmailAddress":                     a.Email,
		"IncomingMailServerHostName":       a.Incoming.Host,
		"IncomingMailServerPortNumber":     a.Incoming.Port,
		"IncomingMailServerUseSSL":         ssl[a.Incoming.Security],
		"IncomingMailServerAuthentication": auth[a.Incoming.Auth],
		"IncomingMailServerUsername":       a.Email,
		"OutgoingMailServerHostName":       a.Outgoing.Host,
		"OutgoingMailServerPortNumber":     a.Outgoing.Port,
		"OutgoingMailServerUseSSL":         ssl[a.Outgoing.Security],
		"OutgoingMailServerAuthentication": auth[a.Outgoing.Auth],
		"OutgoingMailServerUsername":       a.Email,
		"PayloadType":                      "com.apple.mail.managed",
		"PayloadVersion":                   1,
	}
	if a.Name != "" {
		mail["EmailAccountName"] = a.Name
	}
	if a.Incoming.Auth == account.Password && a.Outgoing.Auth == account.Password {
		mail["OutgoingPasswordSameAsIncomingPassword"] = true
	}
	top = map[string]any{
		"PayloadDisplayName": "Spectrum Mail – " + a.Email,
		"PayloadType":        "Configuration",
		"PayloadVersion":     1,
		"PayloadScope":       "User",
	}
	if a.Organization != "" {
		top["PayloadOrganization"] = a.Organization
	}
	return top, mail
}

// compare checks a decoded profile against the account, key by key, and
// returns what differs.
func compare(a account.Account, got map[string]any) []string {
	var diffs []string
	top, mail := wantValues(a)
	check := func(where string, want, got map[string]any) {
		for k, w := range want {
			if !reflect.DeepEqual(normalize(w), normalize(got[k])) {
				diffs = append(diffs, fmt.Sprintf("%s%s = %#v, want %#v", where, k, got[k], w))
			}
		}
	}
	check("", top, got)
	if _, ok := got["PayloadOrganization"]; ok && a.Organization == "" {
		diffs = append(diffs, "PayloadOrganization written for an account without one")
	}
	content, _ := got["PayloadContent"].([]any)
	if len(content) != 1 {
		return append(diffs, fmt.Sprintf("PayloadContent has %d items", len(content)))
	}
	gotMail, _ := content[0].(map[string]any)
	check("PayloadContent[0].", mail, gotMail)
	if _, ok := gotMail["EmailAccountName"]; ok && a.Name == "" {
		diffs = append(diffs, "EmailAccountName written for an account without a name")
	}
	id, _ := Identifier(a)
	if got["PayloadIdentifier"] != id || got["PayloadUUID"] != UUID(id) {
		diffs = append(diffs, fmt.Sprintf("identity %v %v, want %s %s", got["PayloadIdentifier"], got["PayloadUUID"], id, UUID(id)))
	}
	if gotMail["PayloadIdentifier"] == id || gotMail["PayloadUUID"] == got["PayloadUUID"] {
		diffs = append(diffs, "the mail payload shares the profile's identifier or UUID")
	}
	for _, d := range []map[string]any{got, gotMail} {
		if desc, _ := d["PayloadDescription"].(string); !strings.Contains(desc, a.Email) {
			diffs = append(diffs, fmt.Sprintf("PayloadDescription %q does not name the address", desc))
		}
	}
	return diffs
}

func TestRoundTrip(t *testing.T) {
	for _, a := range append(fixture.Example(t, "apple"), fixture.Hostile(t, "apple")...) {
		data, err := Profile(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		goValue := decodeMap(t, data)
		pyValue := decodePython(t, data)
		for _, d := range compare(a, goValue) {
			t.Errorf("%s: howett.net/plist: %s", a.Email, d)
		}
		for _, d := range compare(a, pyValue) {
			t.Errorf("%s: plistlib: %s", a.Email, d)
		}
		if !reflect.DeepEqual(normalize(goValue), normalize(pyValue)) {
			t.Errorf("%s: the two decoders disagree:\n go: %v\n py: %v", a.Email, goValue, pyValue)
		}
	}
}

// TestCompareFinds shows compare reports a changed value.
func TestCompareFinds(t *testing.T) {
	a := fixture.Hostile(t, "apple")[5]
	data, err := Profile(a)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeMap(t, data)
	got["PayloadContent"].([]any)[0].(map[string]any)["EmailAccountName"] = "A &amp; B"
	got["PayloadOrganization"] = "x"
	if d := compare(a, got); len(d) != 2 {
		t.Errorf("compare found %q, want the name and the organization", d)
	}
}

// notXML reports whether s holds what XML 1.0 cannot carry yet CheckName
// lets through: bytes that are not UTF-8, and U+FFFE and U+FFFF.
func notXML(s string) bool { return !utf8.ValidString(s) || strings.ContainsAny(s, "\uFFFE\uFFFF") }

// FuzzProfile feeds names and organizations that account.CheckName accepts
// through the encoder and back through two decoders.
func FuzzProfile(f *testing.F) {
	for i, n := range fixture.HostileNames {
		f.Add(n, fixture.HostileNames[(i+1)%len(fixture.HostileNames)])
	}
	f.Add("]]><!--", "<![CDATA[x]]>")
	f.Add("&amp; &#38; &lt;", `"quoted" 'single'`)
	f.Add("👩‍👩‍👧 emoji \u200d\u200b", "\uFEFFbom")
	f.Add(" leading and trailing ", "  ")
	f.Add("\uFFFE", "\xff")
	base := fixture.Example(f, "apple")[0]
	f.Fuzz(func(t *testing.T, name, org string) {
		if account.CheckName(name) != "" || account.CheckName(org) != "" {
			t.Skip("rejected by validation before any generator runs")
		}
		a := base
		a.Name, a.Organization = name, org
		data, err := Profile(a)
		if err != nil {
			if notXML(name) || notXML(org) {
				return // refused with an error rather than changed
			}
			t.Fatalf("refused %q / %q: %v", name, org, err)
		}
		for _, d := range compare(a, decodeMap(t, data)) {
			t.Errorf("howett.net/plist: %s", d)
		}
		for _, d := range compare(a, decodePython(t, data)) {
			t.Errorf("plistlib: %s", d)
		}
	})
}
