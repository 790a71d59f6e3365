package account

import (
	"fmt"
	"strings"
)

// windowsDeviceNames are names Windows reserves in every folder: a folder
// called "con" or "nul.txt" cannot be created.
var windowsDeviceNames = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// CheckWindowsFolder returns why s cannot be the Windows folder the kit's
// Outlook files are unpacked to, or "". The folder is written into a .reg
// string, an install.cmd script and is shown in instructions, so the set is
// narrow on purpose:
//   - absolute, below a drive root: C:\Folder (the drive root itself needs
//     administrator rights to write to);
//   - printable ASCII only: cmd.exe reads a batch file in the console's OEM
//     code page, so any other character would be read as something else;
//   - none of <>:"/|?* (Windows forbids them in names), % (cmd expands it
//     even inside quotes), ! ^ & (cmd's delayed expansion, escape and
//     command separator);
//   - no empty, ".", ".." or reserved device (CON, NUL, COM1...) parts, and
//     no part ending in a space or a dot (Windows silently drops those), so
//     the folder is exactly the one named and never ends in a backslash
//     (a trailing \ before a closing quote escapes the quote for programs
//     that parse their command line with the C runtime).
func CheckWindowsFolder(s string) string {
	if len(s) < 3 || !isDriveLetter(s[0]) || s[1] != ':' || s[2] != '\\' {
		return fmt.Sprintf("%q is not an absolute Windows folder (drive letter, colon, backslash, e.g. C:\\SpectrumMail)", s)
	}
	if len(s) > 200 {
		return "the folder is longer than 200 characters"
	}
	if len(s) == 3 {
		return "the folder is a drive root; name a folder below it, e.g. C:\\SpectrumMail"
	}
	for _, r := range s[3:] {
		if r < 0x20 || r > 0x7e {
			return fmt.Sprintf("the character %q is not allowed in the folder (use printable ASCII: install.cmd cannot carry other characters reliably)", r)
		}
		if strings.ContainsRune(`<>:"/|?*%!^&`, r) {
			return fmt.Sprintf("the character %q is not allowed in the folder", r)
		}
	}
	for _, part := range strings.Split(s[3:], `\`) {
		switch {
		case part == "":
			return "the folder has an empty part (two backslashes in a row, or one at the end)"
		case part == "." || part == "..":
			return "the folder may not contain . or .. parts"
		case strings.HasSuffix(part, " ") || strings.HasSuffix(part, "."):
			return "a folder name may not end with a space or a dot"
		}
		base, _, _ := strings.Cut(part, ".")
		if windowsDeviceNames[strings.ToLower(strings.TrimRight(base, " "))] {
			return fmt.Sprintf("%q is a name Windows reserves for a device", part)
		}
	}
	return ""
}

func isDriveLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
