package account

import (
	"strings"
	"testing"
)

func TestCheckWindowsFolder(t *testing.T) {
	good := []string{
		`C:\SpectrumMail`,
		`d:\IT Setup (2024)\Spectrum Mail; Kit #1 =x, 'y' [z] {w} $HOME +@~`,
		`C:\Users\Public\Documents\Mail.Setup`,
		`C:\console`, // only the exact device names are reserved
	}
	for _, s := range good {
		if why := CheckWindowsFolder(s); why != "" {
			t.Errorf("CheckWindowsFolder(%q) = %q, want accepted", s, why)
		}
	}
	bad := map[string]string{
		``:                               "not an absolute",
		`SpectrumMail`:                   "not an absolute",
		`\\server\share\x`:               "not an absolute",
		`C:SpectrumMail`:                 "not an absolute",
		`C:/SpectrumMail`:                "not an absolute",
		`C:\`:                            "drive root",
		`C:\a\\b`:                        "empty part",
		`C:\a\`:                          "empty part",
		`C:\a\..\b`:                      ". or ..",
		`C:\a\.`:                         ". or ..",
		`C:\a \b`:                        "end with a space",
		`C:\a.\b`:                        "end with a space or a dot",
		`C:\nul`:                         "reserves",
		`C:\x\Com1.txt`:                  "reserves",
		`C:\x\AUX .txt`:                  "reserves",
		`C:\100%`:                        `'%'`,
		`C:\a&b`:                         `'&'`,
		`C:\a^b`:                         `'^'`,
		`C:\a!b`:                         `'!'`,
		`C:\a"b`:                         `'"'`,
		`C:\a|b`:                         `'|'`,
		`C:\a<b>`:                        `'<'`,
		`C:\a:b`:                         `':'`,
		`C:\a/b`:                         `'/'`,
		`C:\a*b`:                         `'*'`,
		`C:\a?b`:                         `'?'`,
		"C:\\a\tb":                       `'\t'`,
		"C:\\a\nb":                       `'\n'`,
		`C:\Zoë`:                         "printable ASCII",
		`C:\` + "\u202e" + `gpj`:         "printable ASCII",
		`C:\` + strings.Repeat("a", 198): "longer than 200",
	}
	for s, want := range bad {
		why := CheckWindowsFolder(s)
		if why == "" || !strings.Contains(why, want) {
			t.Errorf("CheckWindowsFolder(%q) = %q, want it to mention %q", s, why, want)
		}
	}
}
