package install

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"

	"github.com/spectrumgen/spectrumgen/generators/mutt"
)

// firstExisting returns the first of paths that exists as a regular
// file, or "" when none does.
func firstExisting(paths ...string) (string, error) {
	for _, p := range paths {
		_, _, exists, err := readRegular(p)
		if err != nil {
			return "", err
		}
		if exists {
			return p, nil
		}
	}
	return "", nil
}

// appendChange plans adding text to the end of path (made when missing),
// with mode at most private.
func appendChange(path string, text []byte, mode fs.FileMode, why string) (Change, error) {
	old, oldMode, existed, err := readRegular(path)
	if err != nil {
		return Change{}, err
	}
	data := append([]byte{}, old...)
	if len(data) > 0 {
		if data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		data = append(data, '\n')
	}
	data = append(data, text...)
	newMode := mode
	if existed && oldMode&^mode == 0 {
		newMode = oldMode // keep a mode that is already as private
	}
	return Change{Path: path, Existed: existed, Old: old, OldMode: oldMode, New: data, Mode: newMode, Why: why}, nil
}

// body returns a generated file without its leading comment block (the
// kit's "save it as…" notes, which are wrong once installed), headed by a
// line that says where it came from.
func body(data []byte, comment, email string) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	i := 0
	for i < len(lines) && (bytes.HasPrefix(lines[i], []byte(comment)) || len(bytes.TrimSpace(lines[i])) == 0) {
		i++
	}
	out := []byte(comment + " " + email + ": added by spectrumgen install (spectrumgen install --undo removes it)\n")
	return append(out, bytes.Join(lines[i:], nil)...)
}

// hasLine says whether data has a line matching re.
func hasLine(data []byte, re *regexp.Regexp) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if re.Match(sc.Bytes()) {
			return true
		}
	}
	return false
}

// PlanMutt plans the muttrc: the account's file goes beside the person's
// configuration as mutt/accounts/<address>.muttrc, and the file mutt reads
// first gets a line that sources it. neomutt reads its own file first when
// there is one, so that one gets the line too. The person's settings stay
// in force; the account's settings (from, folder, smtp_url…) come after
// them, which makes it the account mutt opens.
func PlanMutt(e Env, email string, muttrc []byte) (Plan, error) {
	plan := Plan{Client: "mutt", Email: email}
	xdg := e.ConfigHome()
	accountFile := filepath.Join(xdg, "mutt", "accounts", email+".muttrc")
	_, _, exists, err := readRegular(accountFile)
	if err != nil {
		return plan, err
	}
	if exists {
		plan.Already = fmt.Sprintf("%s already exists: %s is set up for mutt; nothing was changed", accountFile, email)
		return plan, nil
	}
	muttMain, err := firstExisting(filepath.Join(e.Home, ".muttrc"), filepath.Join(e.Home, ".mutt", "muttrc"), filepath.Join(xdg, "mutt", "muttrc"))
	if err != nil {
		return plan, err
	}
	if muttMain == "" {
		muttMain = filepath.Join(xdg, "mutt", "muttrc")
	}
	neomutt, err := firstExisting(filepath.Join(xdg, "neomutt", "neomuttrc"), filepath.Join(e.Home, ".neomuttrc"))
	if err != nil {
		return plan, err
	}
	plan.Changes = append(plan.Changes, Change{Path: accountFile, New: body(muttrc, "#", email), Mode: 0o600,
		Why: "the account's settings"})
	source := []byte("# " + email + ": added by spectrumgen install\nsource " + mutt.Quote(accountFile) + "\n")
	for _, main := range []string{muttMain, neomutt} {
		if main == "" {
			continue
		}
		c, err := appendChange(main, source, 0o644, "sources the account's settings")
		if err != nil {
			return plan, err
		}
		plan.Changes = append(plan.Changes, c)
	}
	plan.Next = []string{"Start mutt (or neomutt): it opens " + email + "'s inbox."}
	return plan, nil
}

// PlanAerc plans adding the account's section to aerc's accounts.conf,
// which aerc requires to be readable by its owner only.
func PlanAerc(e Env, email string, conf []byte) (Plan, error) {
	plan := Plan{Client: "aerc", Email: email}
	path := filepath.Join(e.ConfigHome(), "aerc", "accounts.conf")
	old, _, _, err := readRegular(path)
	if err != nil {
		return plan, err
	}
	if hasLine(old, regexp.MustCompile(`^\s*\[`+regexp.QuoteMeta(email)+`\]\s*$`)) {
		plan.Already = fmt.Sprintf("%s already has the account [%s]; nothing was changed", path, email)
		return plan, nil
	}
	c, err := appendChange(path, body(conf, "#", email), 0o600, "adds the account's section")
	if err != nil {
		return plan, err
	}
	plan.Changes = []Change{c}
	plan.Next = []string{"Start aerc: " + email + " is one of its account tabs."}
	return plan, nil
}

var msmtpDefault = regexp.MustCompile(`^\s*account\s+default\b`)

// PlanMsmtp plans adding the account to msmtp's configuration (the file
// msmtp reads: ~/.msmtprc when there is one, else
// $XDG_CONFIG_HOME/msmtp/config). When the file already names a default
// account, the kit's "account default" line is left out, so the person's
// default stays.
func PlanMsmtp(e Env, email string, rc []byte) (Plan, error) {
	plan := Plan{Client: "msmtp", Email: email}
	path, err := firstExisting(filepath.Join(e.Home, ".msmtprc"), filepath.Join(e.ConfigHome(), "msmtp", "config"))
	if err != nil {
		return plan, err
	}
	if path == "" {
		path = filepath.Join(e.ConfigHome(), "msmtp", "config")
	}
	old, _, _, err := readRegular(path)
	if err != nil {
		return plan, err
	}
	if hasLine(old, regexp.MustCompile(`^\s*account\s+`+regexp.QuoteMeta(email)+`\s*$`)) {
		plan.Already = fmt.Sprintf("%s already has the account %s; nothing was changed", path, email)
		return plan, nil
	}
	text := body(rc, "#", email)
	if hasLine(old, msmtpDefault) {
		var kept [][]byte
		for _, l := range bytes.SplitAfter(text, []byte("\n")) {
			if !msmtpDefault.Match(l) {
				kept = append(kept, l)
			}
		}
		text = bytes.TrimRight(bytes.Join(kept, nil), "\n")
		text = append(text, '\n')
	}
	c, err := appendChange(path, text, 0o600, "adds the account")
	if err != nil {
		return plan, err
	}
	plan.Changes = []Change{c}
	plan.Next = []string{"Send with: msmtp -a " + email + " -t < message"}
	return plan, nil
}

// PlanMbsync plans adding the account's stores and channel to mbsync's
// configuration (~/.mbsyncrc, which isync 1.4 reads; 1.5 also reads
// $XDG_CONFIG_HOME/isyncrc when ~/.mbsyncrc is missing), and the mail
// folder it syncs into.
func PlanMbsync(e Env, email string, rc []byte) (Plan, error) {
	plan := Plan{Client: "mbsync", Email: email}
	path, err := firstExisting(filepath.Join(e.Home, ".mbsyncrc"), filepath.Join(e.ConfigHome(), "isyncrc"))
	if err != nil {
		return plan, err
	}
	if path == "" {
		path = filepath.Join(e.Home, ".mbsyncrc")
	}
	old, _, _, err := readRegular(path)
	if err != nil {
		return plan, err
	}
	if hasLine(old, regexp.MustCompile(`^\s*(IMAPAccount|Channel)\s+`+regexp.QuoteMeta(email)+`\s*$`)) {
		plan.Already = fmt.Sprintf("%s already has the account %s; nothing was changed", path, email)
		return plan, nil
	}
	c, err := appendChange(path, body(rc, "#", email), 0o600, "adds the account's stores and channel")
	if err != nil {
		return plan, err
	}
	plan.Changes = []Change{c}
	plan.Dirs = []string{filepath.Join(e.Home, "Mail", email)}
	plan.Next = []string{"Copy the mail: mbsync " + email}
	return plan, nil
}
