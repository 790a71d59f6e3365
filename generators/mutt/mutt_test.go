package mutt

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
)

// TestGolden: a refused password command is shown, then the file without
// it, so every hostile name is still in the golden file.
func TestGolden(t *testing.T) {
	fixture.AssertGolden(t, Generator{}, func(a account.Account) account.Account {
		a.PasswordCommand = ""
		return a
	})
}

// TestReadsBack parses every generated muttrc with the model of both
// programs and checks the values that matter.
func TestReadsBack(t *testing.T) {
	accounts := append(fixture.Example(t, "mutt"), fixture.Hostile(t, "mutt")...)
	for _, a := range accounts {
		rc, err := Muttrc(a)
		if err != nil {
			if checkCommand(a.PasswordCommand) == "" {
				t.Errorf("%s: %v", a.Email, err)
			}
			// The name must still read back without the command.
			a.PasswordCommand = ""
			if rc, err = Muttrc(a); err != nil {
				t.Fatalf("%s: %v", a.Email, err)
			}
		}
		for _, d := range []dialect{mutt, neomutt} {
			checkReadsBack(t, d, a, string(rc))
		}
	}
}

func checkReadsBack(t *testing.T, d dialect, a account.Account, rc string) {
	t.Helper()
	p, err := parseRC(rc, d)
	if err != nil {
		t.Fatalf("%s: %s cannot read the muttrc: %v\n%s", a.Email, d, err, rc)
	}
	want := map[string]string{
		"realname":  a.Name,
		"from":      a.Email,
		"imap_user": a.Incoming.Username,
		"spoolfile": "+INBOX",
	}
	for k, v := range want {
		if p.vars[k] != v {
			t.Errorf("%s: %s reads %s as %q, want %q", a.Email, d, k, p.vars[k], v)
		}
	}
	for _, k := range []string{"imap_pass", "smtp_pass"} {
		cmds := p.commands[k]
		switch {
		case a.PasswordCommand == "" && len(cmds) != 0:
			t.Errorf("%s: %s runs %q for %s without a password command", a.Email, d, cmds, k)
		case a.PasswordCommand != "" && (len(cmds) != 1 || cmds[0] != shellSees(d, a.PasswordCommand)):
			t.Errorf("%s: %s runs %q for %s, want %q", a.Email, d, cmds, k, a.PasswordCommand)
		}
	}
	if !strings.Contains(p.vars["smtp_url"], "%40") {
		t.Errorf("%s: smtp_url %q has no percent-encoded user", a.Email, p.vars["smtp_url"])
	}
}

// shellSees is cmd as d hands it to the shell: neomutt drops leading
// blanks, which the shell would skip anyway.
func shellSees(d dialect, cmd string) string {
	if d == neomutt {
		return strings.TrimLeft(cmd, " \t")
	}
	return cmd
}

func TestSMTPURL(t *testing.T) {
	srv := account.Server{Host: "smtp.spectrum.com", Port: 587, Auth: account.Password, Username: "a+b@spectrum.net"}
	for sec, want := range map[account.Security]string{
		account.SSL:      "smtps://a+b%40spectrum.net@smtp.spectrum.com:587",
		account.STARTTLS: "smtp://a+b%40spectrum.net@smtp.spectrum.com:587",
		account.None:     "smtp://a+b%40spectrum.net@smtp.spectrum.com:587",
	} {
		srv.Security = sec
		if got := serverURL("smtp", srv); got != want {
			t.Errorf("%s: got %s, want %s", sec, got, want)
		}
	}
}

func TestRejectsCommandsTheTwoReadDifferently(t *testing.T) {
	for cmd, want := range map[string]string{
		"pass show `whoami`":       "backtick",
		`cat C:\pw`:                "backslash",
		"pass show spectrum/$USER": "$U",
		"echo ${HOME}":             "${",
	} {
		_, err := commandSubstitution(cmd)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("commandSubstitution(%q) = %v, want an error about %s", cmd, err, want)
		}
	}
	for _, cmd := range []string{`pass show "spectrum/a b" | head -n1 # it's $(id) $1 ;`, "echo 'pa#ss;\"w'"} {
		if _, err := commandSubstitution(cmd); err != nil {
			t.Errorf("commandSubstitution(%q): %v", cmd, err)
		}
	}
}

func TestCheck(t *testing.T) {
	a := fixture.Example(t, "mutt")[0]
	if err := (Generator{}).Check(a); err != nil {
		t.Fatalf("Check(%s): %v", a.Email, err)
	}
	a.PasswordCommand = "pass show spectrum/$USER"
	if err := (Generator{}).Check(a); err == nil || !strings.Contains(err.Error(), "$U") {
		t.Fatalf("Check with $USER = %v, want a refusal naming $U", err)
	}
}
