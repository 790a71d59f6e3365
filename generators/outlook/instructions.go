package outlook

import "github.com/spectrumgen/spectrumgen/internal/account"

// Instructions returns the steps a person follows to set up classic
// Outlook with the kit, in plain words, for the kit's README. Values are
// not escaped: the caller escapes them for its format.
func Instructions(a account.Account) []string {
	folder := a.Options.OutlookFolder
	return []string{
		"Close Outlook.",
		"Unpack the whole kit, open its outlook folder and double-click install.cmd. It copies the Outlook files to " +
			folder + " and adds the settings to the registry. (By hand: copy spectrum.prf, autodiscover.xml and spectrum.reg to " +
			folder + ", then double-click spectrum.reg and answer Yes.)",
		"Start Outlook. It creates the profile \"" + a.Email + "\" with your account; type your email password when Outlook asks for it.",
		"If Outlook starts without the account (some Microsoft 365 builds ignore the profile file): choose File, Add Account, type " +
			a.Email + " and choose Connect. Outlook reads the server settings from " + folder + "\\" + autodiscoverName +
			" and asks only for the password.",
		"The new Outlook for Windows does not read these files: use classic Outlook.",
	}
}
