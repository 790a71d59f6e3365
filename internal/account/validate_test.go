package account

import (
	"strings"
	"testing"
)

func TestCheckEmail(t *testing.T) {
	good := []string{"alice@spectrum.net", "a.b+c_d-e@mail.charter.net", "X1@rr.com"}
	for _, s := range good {
		if why := CheckEmail(s); why != "" {
			t.Errorf("CheckEmail(%q) = %q, want accepted", s, why)
		}
	}
	bad := map[string]string{
		"":                    "empty",
		"alice":               "no @",
		"a@b@spectrum.net":    "more than one @",
		"@spectrum.net":       "nothing before",
		"../x@spectrum.net":   `'/'`,
		"a/b@spectrum.net":    `'/'`,
		`a\b@spectrum.net`:    `'\\'`,
		"a\x00b@spectrum.net": `'\x00'`,
		"a..b@spectrum.net":   "twice in a row",
		".a@spectrum.net":     "start or end",
		"a@spectrum..net":     "empty part",
		"a@localhost":         "no dot",
		"a@xn--spctrum-.net":  "starts or ends with -",
		"a@spеctrum.net":      "international", // Cyrillic е
		"%2e%2e@spectrum.net": `'%'`,
		"a@spectrum.net/..":   `'/'`,
	}
	for s, want := range bad {
		why := CheckEmail(s)
		if why == "" || !strings.Contains(why, want) {
			t.Errorf("CheckEmail(%q) = %q, want it to mention %q", s, why, want)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, s := range []string{"", `O'Brien, "Pat" #1; $HOME \ ` + "`x`", "Zoë Ünlü 山田"} {
		if why := CheckName(s); why != "" {
			t.Errorf("CheckName(%q) = %q", s, why)
		}
	}
	for _, s := range []string{"a\nb", "a\tb", "a\u2028b", "a\x7fb", "a\xa1b"} {
		if CheckName(s) == "" {
			t.Errorf("CheckName(%q) accepted a control character", s)
		}
	}
}

func TestCheckEmailLimits(t *testing.T) {
	for s, want := range map[string]string{
		"-version@spectrum.net": "starts with -",
		"--help@spectrum.net":   "starts with -",
		strings.Repeat("a", 60) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 20) + ".net": "255 bytes",
	} {
		if why := CheckEmail(s); !strings.Contains(why, want) {
			t.Errorf("CheckEmail(%q) = %q, want it to mention %q", s, why, want)
		}
	}
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", MaxEmail-64-1-63-1-63-1-4) + ".net"
	if len(long) != MaxEmail || CheckEmail(long) != "" {
		t.Errorf("an address of %d bytes: %q", len(long), CheckEmail(long))
	}
	if CheckEmail("a-@spectrum.net") != "" || CheckEmail("a-b@spectrum.net") != "" {
		t.Error("a - inside the local part is fine")
	}
}
