package install

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators/thunderbird"
)

// The list and default prefs that say which accounts and outgoing
// servers a profile has. A kit's user.js sets them to its own account
// only; an install merges.
const (
	prefAccounts    = "mail.accountmanager.accounts"
	prefDefaultAcct = "mail.accountmanager.defaultaccount"
	prefSMTPServers = "mail.smtpservers"
	prefDefaultSMTP = "mail.smtp.defaultserver"
	prefLastKey     = "mail.account.lastKey"
)

// keyNumber finds the numbers of the keys a profile uses: account3,
// server3, id3, smtp3.
var keyNumber = regexp.MustCompile(`^mail\.(?:account\.account|server\.server|identity\.id|smtpserver\.smtp)(\d+)\.`)

// PlanThunderbird plans adding the account of a kit's user.js to the
// profile in dir. The account keeps every existing account: its prefs are
// added to prefs.js under keys no pref there uses, and the two lists get
// its keys appended.
//
// prefs.js, not user.js: Thunderbird applies user.js on every start, so a
// user.js that carries the lists would undo every account the person adds
// or removes later; prefs.js is read once and then kept by Thunderbird
// itself. The additions are appended, and a later line wins in
// Thunderbird's parser, so every byte the file had stays as it was.
func PlanThunderbird(dir, email string, userJS []byte) (Plan, error) {
	plan := Plan{Client: "thunderbird", Email: email}
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return plan, fmt.Errorf("the Thunderbird profile folder %s does not exist; check --profile-dir", dir)
	case err != nil:
		return plan, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := filepath.EvalSymlinks(dir)
		return plan, fmt.Errorf("the Thunderbird profile folder %s is a symbolic link (to %s); spectrumgen install does not write through links: "+
			"give the real folder with --profile-dir %s", dir, target, target)
	case !fi.IsDir():
		return plan, fmt.Errorf("%s is not a folder; --profile-dir takes the Thunderbird profile folder", dir)
	}
	if inUse, who := profileInUse(dir); inUse {
		if who != "" {
			who = " (" + who + ")"
		}
		return plan, fmt.Errorf("the profile %s is in use by a running Thunderbird%s; quit Thunderbird and run the install again "+
			"(Thunderbird rewrites prefs.js when it quits, so a change made now would be lost)", dir, who)
	}

	kitPrefs, err := parsePrefsJS(userJS)
	if err != nil {
		return plan, fmt.Errorf("reading the kit's user.js: %w", err)
	}
	prefsPath := filepath.Join(dir, "prefs.js")
	old, mode, existed, err := readRegular(prefsPath)
	if err != nil {
		return plan, err
	}
	cur, err := parsePrefsJS(old)
	if err != nil {
		return plan, fmt.Errorf("%s: %w; spectrumgen changes nothing in a file it cannot read exactly", prefsPath, err)
	}
	if err := checkUserJS(dir); err != nil {
		return plan, err
	}
	if key := identityWith(cur, email); key != "" {
		plan.Already = fmt.Sprintf("Thunderbird's profile %s already has %s (identity %s); nothing was changed", dir, email, key)
		return plan, nil
	}

	from, err := kitKeysOf(kitPrefs)
	if err != nil {
		return plan, err
	}
	n := nextKey(cur)
	k := keys{Account: "account" + strconv.Itoa(n), Server: "server" + strconv.Itoa(n),
		Identity: "id" + strconv.Itoa(n), SMTP: "smtp" + strconv.Itoa(n)}
	rename := renamer(from, k)
	var add strings.Builder
	add.WriteString("\n// Added by spectrumgen install: the account " + email + " (" + k.Account + ").\n")
	for _, name := range kitPrefs.order {
		switch name {
		case prefAccounts, prefDefaultAcct, prefSMTPServers, prefDefaultSMTP:
			continue
		}
		v := kitPrefs.values[name]
		var value any
		switch v.Kind {
		case 's':
			value = rename(v.Str)
		case 'i':
			value = int(v.Int)
			if name == prefLastKey {
				value = n
			}
		case 'b':
			value = v.Bool
		}
		l, err := thunderbird.PrefLine(rename(name), value)
		if err != nil {
			return plan, err
		}
		add.WriteString(l + "\n")
	}
	lists := []struct{ name, add string }{{prefAccounts, k.Account}, {prefSMTPServers, k.SMTP}}
	for _, l := range lists {
		v := appendToList(cur.str(l.name), l.add)
		line, _ := thunderbird.PrefLine(l.name, v)
		add.WriteString(line + "\n")
	}
	if cur.str(prefDefaultAcct) == "" {
		line, _ := thunderbird.PrefLine(prefDefaultAcct, k.Account)
		add.WriteString(line + "\n")
	}
	if cur.str(prefDefaultSMTP) == "" {
		line, _ := thunderbird.PrefLine(prefDefaultSMTP, k.SMTP)
		add.WriteString(line + "\n")
	}
	newData := append([]byte{}, old...)
	if len(newData) > 0 && newData[len(newData)-1] != '\n' {
		newData = append(newData, '\n')
	}
	newData = append(newData, add.String()...)
	if mode == 0 {
		mode = 0o600 // Thunderbird's own mode for prefs.js
	}
	plan.Changes = []Change{{Path: prefsPath, Existed: existed, Old: old, OldMode: mode, New: newData, Mode: mode,
		Why: fmt.Sprintf("adds %s as %s beside the profile's %s", email, k.Account, countAccounts(cur.str(prefAccounts)))}}
	plan.Next = []string{"Start Thunderbird: the account " + email + " is in the account list; Thunderbird asks for the password the first time it fetches mail."}
	return plan, nil
}

// checkUserJS refuses a profile whose user.js sets the account lists: it
// would replace the merged lists on every start (a kit's user.js left in
// the profile does exactly that).
func checkUserJS(dir string) error {
	path := filepath.Join(dir, "user.js")
	data, _, exists, err := readRegular(path)
	if err != nil || !exists {
		return err
	}
	u, err := parsePrefsJS(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, name := range []string{prefAccounts, prefSMTPServers} {
		if _, ok := u.values[name]; ok {
			return fmt.Errorf("%s sets %s, which Thunderbird applies on every start and which would hide the accounts an install adds; "+
				"if it is a spectrumgen kit's user.js that Thunderbird has already read, delete it; otherwise move its lines into Thunderbird's settings first", path, name)
		}
	}
	return nil
}

// identityWith returns the key of an identity whose address is email.
func identityWith(f prefsFile, email string) string {
	for _, name := range f.order {
		if strings.HasPrefix(name, "mail.identity.") && strings.HasSuffix(name, ".useremail") &&
			strings.EqualFold(strings.TrimSpace(f.str(name)), email) {
			return strings.TrimSuffix(strings.TrimPrefix(name, "mail.identity."), ".useremail")
		}
	}
	return ""
}

// nextKey returns a number above every account, server, identity and
// SMTP key in the profile and above mail.account.lastKey.
func nextKey(f prefsFile) int {
	n := 0
	if v, ok := f.values[prefLastKey]; ok && v.Kind == 'i' {
		n = int(v.Int)
	}
	for _, name := range f.order {
		if m := keyNumber.FindStringSubmatch(name); m != nil {
			if k, err := strconv.Atoi(m[1]); err == nil && k > n {
				n = k
			}
		}
	}
	for _, list := range []string{prefAccounts, prefSMTPServers} {
		for _, key := range strings.Split(f.str(list), ",") {
			key = strings.TrimLeft(strings.TrimSpace(key), "acountsmp")
			if k, err := strconv.Atoi(key); err == nil && k > n {
				n = k
			}
		}
	}
	return n + 1
}

// keys are the names of one account's entries in a profile's prefs:
// mail.account.<Account>, mail.server.<Server>, mail.identity.<Identity>,
// mail.smtpserver.<SMTP>.
type keys struct{ Account, Server, Identity, SMTP string }

// kitKeysOf reads the keys a kit's user.js uses from its own lists.
func kitKeysOf(f prefsFile) (keys, error) {
	k := keys{Account: f.str(prefAccounts), SMTP: f.str(prefSMTPServers)}
	k.Server = f.str("mail.account." + k.Account + ".server")
	k.Identity = f.str("mail.account." + k.Account + ".identities")
	if k.Account == "" || k.SMTP == "" || k.Server == "" || k.Identity == "" ||
		strings.Contains(k.Account+k.SMTP+k.Identity, ",") {
		return k, fmt.Errorf("the kit's user.js does not hold one account with its server, identity and outgoing server; make the kit again with this version of spectrumgen")
	}
	return k, nil
}

// renamer moves a kit's keys to k's, in a pref name or in a pref value
// that names a key.
func renamer(from, to keys) func(string) string {
	names := strings.NewReplacer(
		"mail.account."+from.Account+".", "mail.account."+to.Account+".",
		"mail.server."+from.Server+".", "mail.server."+to.Server+".",
		"mail.identity."+from.Identity+".", "mail.identity."+to.Identity+".",
		"mail.smtpserver."+from.SMTP+".", "mail.smtpserver."+to.SMTP+".")
	values := map[string]string{from.Account: to.Account, from.Server: to.Server, from.Identity: to.Identity, from.SMTP: to.SMTP}
	return func(s string) string {
		if v, ok := values[s]; ok {
			return v
		}
		return names.Replace(s)
	}
}

func appendToList(list, key string) string {
	list = strings.TrimSpace(list)
	if list == "" {
		return key
	}
	return list + "," + key
}

func countAccounts(list string) string {
	n := 0
	for _, k := range strings.Split(list, ",") {
		if strings.TrimSpace(k) != "" {
			n++
		}
	}
	switch n {
	case 0:
		return "no accounts"
	case 1:
		return "1 existing account"
	}
	return strconv.Itoa(n) + " existing accounts"
}
