package apple

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	"howett.net/plist"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// The test's key table comes from Apple's own schema files, carried in
// testdata/apple-schema/ (MIT, see its README), not from this package.

// schemaKey is one key of a payload as Apple's schema describes it.
type schemaKey struct {
	Key         string                    `yaml:"key"`
	Type        string                    `yaml:"type"`
	Presence    string                    `yaml:"presence"`
	RangeList   []any                     `yaml:"rangelist"`
	Format      string                    `yaml:"format"`
	SupportedOS map[string]map[string]any `yaml:"supportedOS"`
}

// schemaFile is one of Apple's mdm/profiles/*.yaml files.
type schemaFile struct {
	Payload struct {
		PayloadType string `yaml:"payloadtype"`
	} `yaml:"payload"`
	PayloadKeys []schemaKey `yaml:"payloadkeys"`
}

// schema is the key table of one dictionary: its keys by name.
type schema struct {
	name string
	keys map[string]schemaKey
}

func loadSchema(t testing.TB, files ...string) (schema, string) {
	t.Helper()
	s := schema{name: strings.Join(files, "+"), keys: map[string]schemaKey{}}
	var payloadType string
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("testdata", "apple-schema", "mdm_profiles_"+f+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var sf schemaFile
		if err := yaml.Unmarshal(data, &sf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(sf.PayloadKeys) == 0 {
			t.Fatalf("%s: no payload keys read", f)
		}
		for _, k := range sf.PayloadKeys {
			s.keys[k.Key] = k // a payload's own file overrides the common keys
		}
		payloadType = sf.Payload.PayloadType
	}
	return s, payloadType
}

// appleSchema is the profile's two dictionaries' key tables and the mail
// payload's type.
type appleSchema struct {
	top, mail schema
	mailType  string
}

func loadAppleSchema(t testing.TB) appleSchema {
	top, _ := loadSchema(t, "TopLevel")
	mail, mailType := loadSchema(t, "CommonPayloadKeys", "com.apple.mail.managed")
	return appleSchema{top: top, mail: mail, mailType: mailType}
}

// check returns every way profile breaks Apple's schema.
func (as appleSchema) check(profile map[string]any) []string {
	problems := as.top.check("", profile)
	content, _ := profile["PayloadContent"].([]any)
	if len(content) != 1 {
		problems = append(problems, fmt.Sprintf("PayloadContent holds %d payloads, want 1", len(content)))
	}
	for i, item := range content {
		where := fmt.Sprintf("PayloadContent[%d].", i)
		d, ok := item.(map[string]any)
		if !ok {
			problems = append(problems, where+": not a dictionary")
			continue
		}
		if d["PayloadType"] != as.mailType {
			problems = append(problems, fmt.Sprintf("%sPayloadType = %v, want %s", where, d["PayloadType"], as.mailType))
		}
		problems = append(problems, as.mail.check(where, d)...)
	}
	return problems
}

// check returns every way d breaks s: missing required keys, unknown keys,
// wrong types, values outside the allowed list or format, keys that iOS or
// macOS do not support.
func (s schema) check(where string, d map[string]any) []string {
	var problems []string
	for _, k := range sortedKeys(s.keys) {
		if s.keys[k].Presence == "required" {
			if _, ok := d[k]; !ok {
				problems = append(problems, where+k+": required key missing")
			}
		}
	}
	for _, k := range sortedKeys(d) {
		v := d[k]
		sk, ok := s.keys[k]
		if !ok {
			problems = append(problems, where+k+": not a key of "+s.name)
			continue
		}
		if why := typeProblem(sk.Type, v); why != "" {
			problems = append(problems, where+k+": "+why)
			continue
		}
		if len(sk.RangeList) > 0 && !inRange(v, sk.RangeList) {
			problems = append(problems, fmt.Sprintf("%s%s: %v is not one of %v", where, k, v, sk.RangeList))
		}
		if sk.Format != "" {
			if str, _ := v.(string); !regexp.MustCompile(sk.Format).MatchString(str) {
				problems = append(problems, fmt.Sprintf("%s%s: %q does not match %s", where, k, str, sk.Format))
			}
		}
		for _, osName := range []string{"iOS", "macOS"} {
			if sk.SupportedOS[osName]["introduced"] == "n/a" {
				problems = append(problems, where+k+": not supported on "+osName)
			}
		}
	}
	return problems
}

// typeProblem checks a value decoded by howett.net/plist against a schema
// type such as "<string>".
func typeProblem(typ string, v any) string {
	ok := false
	switch typ {
	case "<string>":
		_, ok = v.(string)
	case "<integer>":
		switch v.(type) {
		case int64, uint64:
			ok = true
		}
	case "<boolean>":
		_, ok = v.(bool)
	case "<array>":
		_, ok = v.([]any)
	case "<dictionary>":
		_, ok = v.(map[string]any)
	case "<real>":
		_, ok = v.(float64)
	case "<any>":
		ok = true
	default:
		return "the test does not know the schema type " + typ
	}
	if !ok {
		return fmt.Sprintf("%T (%v) is not a %s", v, v, typ)
	}
	return ""
}

func inRange(v any, list []any) bool {
	for _, allowed := range list {
		if fmt.Sprint(allowed) == fmt.Sprint(v) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func decodeMap(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	format, err := plist.Unmarshal(data, &m)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	if format != plist.XMLFormat {
		t.Fatalf("format %s, want XML", plist.FormatNames[format])
	}
	return m
}

func TestSchemaAcceptsEveryProfile(t *testing.T) {
	as := loadAppleSchema(t)
	accounts := append(fixture.Example(t, "apple"), fixture.Hostile(t, "apple")...)
	for _, a := range accounts {
		data, err := Profile(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		for _, p := range as.check(decodeMap(t, data)) {
			t.Errorf("%s: %s", a.Email, p)
		}
	}
}

// TestSchemaCheckFinds shows the check fails on each kind of mistake, so a
// passing TestSchemaAcceptsEveryProfile means something.
func TestSchemaCheckFinds(t *testing.T) {
	as := loadAppleSchema(t)
	a := fixture.Example(t, "apple")[0]
	tests := []struct {
		name   string
		break_ func(top, mail map[string]any)
		want   string
	}{
		{"missing required top key", func(top, _ map[string]any) { delete(top, "PayloadUUID") }, "PayloadUUID: required key missing"},
		{"missing required mail key", func(_, m map[string]any) { delete(m, "IncomingMailServerHostName") }, "IncomingMailServerHostName: required key missing"},
		{"unknown key", func(_, m map[string]any) { m["EmailPassword"] = "x" }, "EmailPassword: not a key"},
		{"integer as string", func(_, m map[string]any) { m["IncomingMailServerPortNumber"] = "993" }, "is not a <integer>"},
		{"bool as string", func(_, m map[string]any) { m["OutgoingMailServerUseSSL"] = "true" }, "is not a <boolean>"},
		{"value not allowed", func(_, m map[string]any) { m["EmailAccountType"] = "EmailTypeExchange" }, "is not one of"},
		{"version 2", func(top, _ map[string]any) { top["PayloadVersion"] = uint64(2) }, "2 is not one of"},
		{"wrong scope", func(top, _ map[string]any) { top["PayloadScope"] = "Device" }, "is not one of"},
		{"iOS-only key", func(_, m map[string]any) { m["PreventMove"] = true }, "not supported on macOS"},
		{"format", func(_, m map[string]any) { m["SMIMESigningCertificateUUID"] = "nope" }, "does not match"},
		{"wrong payload type", func(_, m map[string]any) { m["PayloadType"] = "com.apple.eas.account" }, "want com.apple.mail.managed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Profile(a)
			if err != nil {
				t.Fatal(err)
			}
			top := decodeMap(t, data)
			mail := top["PayloadContent"].([]any)[0].(map[string]any)
			tt.break_(top, mail)
			problems := as.check(top)
			if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
				t.Errorf("problems %q do not mention %q", problems, tt.want)
			}
		})
	}
}
