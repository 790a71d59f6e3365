package outlook

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// installData is what install.cmd.tmpl receives; every
// value has passed cmdValue.
type installData struct {
	Email, Folder, OfficeVersion string
	PRF, Autodiscover, Reg       string
}

// cmdValue returns s for a batch file, where every value stands inside
// double quotes or in a plain echo line, or an error when s holds a
// character cmd.exe would act on there: % expands even inside quotes, ! with
// delayed expansion, ^ & | < > ( ) split or redirect unquoted echo text, " ends
// the quoting. Batch files are read in the OEM code page, so only printable
// ASCII is accepted. Nothing is escaped: what could need escaping is refused.
func cmdValue(what, s string) (string, error) {
	for _, r := range s {
		if r < 0x20 || r > 0x7e || strings.ContainsRune(`%!^&|<>()"`, r) {
			return "", fmt.Errorf("outlook: the %s %q holds %q, which install.cmd cannot carry safely", what, s, r)
		}
	}
	return s, nil
}

// InstallCmd renders install.cmd for the account: CRLF line ends, ASCII.
func InstallCmd(a account.Account) ([]byte, error) {
	var d installData
	for _, v := range []struct {
		dst       *string
		what, val string
	}{
		{&d.Email, "address", a.Email},
		{&d.OfficeVersion, "Office version", a.Options.OfficeVersion},
		{&d.PRF, "file name", prfName},
		{&d.Autodiscover, "file name", autodiscoverName},
		{&d.Reg, "file name", regName},
	} {
		s, err := cmdValue(v.what, v.val)
		if err != nil {
			return nil, err
		}
		*v.dst = s
	}
	// The folder appears only inside double quotes (set "DEST=...") and in
	// rem lines, so ( ) are fine in it; CheckWindowsFolder has refused
	// everything else cmd.exe would act on.
	if why := account.CheckWindowsFolder(a.Options.OutlookFolder); why != "" {
		return nil, fmt.Errorf("outlook: outlook_folder: %s", why)
	}
	d.Folder = a.Options.OutlookFolder
	out, err := format.Render(d)
	if err != nil {
		return nil, fmt.Errorf("outlook: rendering install.cmd: %w", err)
	}
	return bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n")), nil
}
