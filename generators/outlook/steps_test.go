package outlook

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/guidetest"
)

// TestSteps checks the facts the outlook steps must give, in README.txt and in
// README.html, with and without a password command.
func TestSteps(t *testing.T) {
	for _, a := range fixture.Hostile(t, "outlook")[:2] {
		guidetest.Says(t, Generator{}, a, "Close Outlook", "install.cmd", "spectrum.reg", "spectrum.prf", "autodiscover.xml", "new Outlook for Windows", a.Options.OutlookFolder)
		// The menu path is written for each page: ">" in text, "›" in HTML.
		st, err := Generator{}.Steps(a)
		if err != nil {
			t.Fatal(err)
		}
		txt, page := guidetest.Texts(t, st)
		if !strings.Contains(txt, "File > Add Account") || !strings.Contains(page, "File › Add Account") {
			t.Errorf("%s: the steps do not say File > Add Account", a.Email)
		}
		if !strings.Contains(txt, a.Email) || !strings.Contains(page, a.Email) {
			t.Errorf("%s: the steps do not give the address to type", a.Email)
		}
	}
}
