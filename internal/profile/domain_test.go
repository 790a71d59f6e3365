package profile

import (
	"strings"
	"testing"
)

func TestForAddressDomain(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		domain, profile, matched, also string
	}{
		{"spectrum.net", "spectrum", "spectrum.net", "charter"},
		{"SPECTRUM.NET.", "spectrum", "spectrum.net", "charter"},
		{"tampabay.rr.com", "brighthouse", "tampabay.rr.com", ""},
		{"nc.rr.com", "twc", "rr.com", ""},
		{"a.b.tampabay.rr.com", "brighthouse", "tampabay.rr.com", ""},
		{"xrr.com", "", "", ""},             // not a subdomain of rr.com
		{"rr.com.evil.example", "", "", ""}, // rr.com is not its suffix
		{"com", "", "", ""},
	} {
		m := set.ForAddressDomain(tc.domain)
		if m.Profile != tc.profile || m.Domain != tc.matched || strings.Join(m.Also, ",") != tc.also || len(m.Ambiguous) != 0 {
			t.Errorf("%s: got %+v, want profile %q via %q, also %q", tc.domain, m, tc.profile, tc.matched, tc.also)
		}
	}
}

func TestSuggestDomain(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for got, want := range map[string]string{
		"spectrun.net": "spectrum.net", "charter.com": "charter.net", "rr.co": "rr.com",
		"gmail.com": "", "yahoo.com": "", "aol.com": "", "xrr.com": "rr.com", "comcast.net": "",
	} {
		if s := set.SuggestDomain(got); s != want {
			t.Errorf("SuggestDomain(%q) = %q, want %q", got, s, want)
		}
	}
}
