package androidgmail

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/generators/internal/guidetest"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

func TestSteps(t *testing.T) {
	guidetest.Assert(t, Generator{}, func(a account.Account) []string {
		return []string{a.Email, a.Incoming.Host, a.Outgoing.Host, a.Incoming.Username}
	})
}

// TestNoFiles: the app takes no file; the kit holds only the steps.
func TestNoFiles(t *testing.T) {
	for _, a := range fixture.Hostile(t, "android-gmail") {
		if files, err := (Generator{}).Generate(a); err != nil || len(files) != 0 {
			t.Errorf("%s: Generate = %v, %v; want no file", a.Email, files, err)
		}
	}
}

// TestSecurityFromProfile: each server's security is the profile's, in
// the app's words, whatever the port: Spectrum's SMTP on 587 is implicit
// TLS, and a STARTTLS server shows as STARTTLS.
// outgoingSecurity is how the steps show the first example account's
// outgoing server with its security label.
const outgoingSecurity = `SMTP server: smtp.spectrum.com Port: 587 Security type: %s`

func TestSecurityFromProfile(t *testing.T) {
	a := fixture.Example(t, "android-gmail")[0]
	if a.Outgoing.Port != 587 || a.Outgoing.Security != account.SSL {
		t.Fatalf("the example's first account is not SSL/TLS on 587: %+v", a.Outgoing)
	}
	for _, sec := range account.Securities {
		a.Outgoing.Security = sec
		s, err := Generator{}.Steps(a)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(s.Text), " ")
		if want := fmt.Sprintf(outgoingSecurity, Labels[sec]); !strings.Contains(flat, want) {
			t.Errorf("security %s: the steps do not say %q:\n%s", sec, want, s.Text)
		}
	}
}
