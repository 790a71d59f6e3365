package outlook

import (
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// outlookKey is Outlook's registry key for the account's Office version.
func outlookKey(a account.Account) string {
	return `HKEY_CURRENT_USER\Software\Microsoft\Office\` + a.Options.OfficeVersion + `\Outlook`
}

// winPath joins the Outlook folder (validated: no trailing backslash) and
// a file name.
func winPath(a account.Account, name string) string {
	return a.Options.OutlookFolder + `\` + name
}

// regContent is what spectrum.reg holds for the account. It does not set
// Outlook's DefaultProfile: the profile does not exist until Outlook has
// imported the PRF, whose DefaultProfile=Yes then makes it the default; a
// DefaultProfile naming a missing profile would make Outlook complain at
// start.
func regContent(a account.Account) regFile {
	key := outlookKey(a)
	return regFile{
		Comments: []string{
			"Spectrum mail for classic Outlook, " + a.Email + ", made by spectrumgen.",
			"Close Outlook before importing. At its next start Outlook imports the profile",
			"file named by ImportPRF (deleting FirstRun and First-Run makes it look); it is",
			"reported to remove ImportPRF afterwards, and a repeated import changes nothing.",
			"AutoDiscover lets Outlook's Add Account wizard read the server settings from",
			"the local file. Both files must be in " + a.Options.OutlookFolder + ".",
		},
		Keys: []regKey{
			{Path: key + `\Setup`, Values: []regValue{
				{Name: "ImportPRF", Kind: regSZ, Text: winPath(a, prfName)},
				{Name: "FirstRun", Kind: regDelete},
				{Name: "First-Run", Kind: regDelete},
			}},
			{Path: key + `\AutoDiscover`, Values: []regValue{
				{Name: a.Domain(), Kind: regSZ, Text: winPath(a, autodiscoverName)},
				{Name: "PreferLocalXML", Kind: regDword, Dword: 1},
			}},
		},
	}
}

// Reg renders spectrum.reg for the account.
func Reg(a account.Account) ([]byte, error) {
	return regContent(a).Bytes()
}
