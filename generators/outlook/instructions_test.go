package outlook

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

func TestInstructions(t *testing.T) {
	a := fixture.Example(t, "outlook")[0]
	a.Options.OutlookFolder = hostileFolder
	steps := strings.Join(Instructions(a), "\n")
	for _, want := range []string{"Close Outlook", "install.cmd", hostileFolder + `\autodiscover.xml`, `profile "` + a.Email + `"`, "File, Add Account", "new Outlook for Windows"} {
		if !strings.Contains(steps, want) {
			t.Errorf("the steps do not mention %q:\n%s", want, steps)
		}
	}
}
