package thunderbird

import "strings"

// PrefLine returns one user_pref("name", value); line, without the line
// break, written as user.js writes it: value is a string, an int or a bool.
// `spectrumgen install` uses it to add a kit's prefs to a profile's
// prefs.js under keys that are free there.
func PrefLine(name string, value any) (string, error) {
	b, err := appendPref(nil, pref{name, value})
	return strings.TrimSuffix(string(b), "\n"), err
}
