// Package outlook sets up classic Outlook for Windows (2013 to 2024 and
// Microsoft 365, registry key 15.0 or 16.0). A .reg file alone cannot create
// a working IMAP account (the account key points at a message service and a
// data file that only Outlook creates, and the password is a DPAPI blob), so
// the kit drives Outlook's own mechanisms instead:
//
//   - spectrum.prf, an Outlook profile file that Outlook imports at its next
//     start, creating a profile with the IMAP account;
//   - autodiscover.xml, the Autodiscover answer Outlook's wizard reads from
//     disk when the person adds the address by hand (the fallback for builds
//     that ignore a PRF's IMAP section);
//   - spectrum.reg, which points Outlook at both (Setup\ImportPRF with
//     FirstRun deleted; AutoDiscover\<domain> with PreferLocalXML);
//   - install.cmd, which copies the files to the agreed folder and imports
//     the .reg, so a person double-clicks one thing.
//
// The new Outlook for Windows reads none of these.
package outlook

import (
	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Names of the files in the person's outlook/ folder; the .reg and
// install.cmd refer to them in the Windows folder.
const (
	prfName          = "spectrum.prf"
	regName          = "spectrum.reg"
	autodiscoverName = "autodiscover.xml"
	installName      = "install.cmd"
)

// Generator is the outlook client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "outlook" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "classic Outlook for Windows: profile file (.prf), Autodiscover XML, a .reg that points Outlook at them, install.cmd"
}

// Check implements generators.Checker: the display name must fit the
// profile file's Windows-1252 text.
func (Generator) Check(a account.Account) error {
	_, err := prfSections(a) // where PRF's input errors come from
	return err
}

// Generate implements generators.Generator. The account's Outlook options
// (outlook_folder, office_version) were checked once, where the manifest
// gives them a place: account.CheckWindowsFolder and the supported Office
// versions (package manifest).
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	prf, err := PRF(a)
	if err != nil {
		return nil, err
	}
	own, err := Autodiscover(a, true)
	if err != nil {
		return nil, err
	}
	reg, err := Reg(a)
	if err != nil {
		return nil, err
	}
	cmd, err := InstallCmd(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{
		{Path: "outlook/" + prfName, Data: prf},
		{Path: "outlook/" + autodiscoverName, Data: own},
		{Path: "outlook/" + regName, Data: reg},
		{Path: "outlook/" + installName, Data: cmd},
	}, nil
}

// Shared implements generators.Sharer: the domain's Autodiscover XML,
// without login names, for IT staff who publish Autodiscover.
func (Generator) Shared(a account.Account) ([]generators.File, error) {
	xml, err := Autodiscover(a, false)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: "autodiscover/" + a.Domain() + "/autodiscover.xml", Data: xml}}, nil
}
