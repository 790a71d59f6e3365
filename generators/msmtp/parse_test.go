package msmtp

import (
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// readRC is a model of msmtp's configuration reader (conf.c get_next_cmd
// and trim_string): a line whose first non-blank is # is a comment; the
// command is the first word; the argument is the rest of the line with
// spaces and tabs trimmed, and one pair of enclosing double quotes removed.
// There are no escapes. It returns each account's commands.
func readRC(rc string) map[string]map[string]string {
	accounts := map[string]map[string]string{}
	var cur map[string]string
	for _, line := range strings.Split(rc, "\n") {
		line = strings.TrimLeft(line, " \t")
		if line == "" || line[0] == '#' {
			continue
		}
		var cmd, rest string
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			cmd, rest = line[:i], line[i:]
		} else {
			cmd, rest = line, ""
		}
		arg := strings.TrimLeft(rest, " \t")
		arg = strings.TrimRight(arg, " \t")
		if len(arg) >= 2 && arg[0] == '"' && arg[len(arg)-1] == '"' {
			arg = arg[1 : len(arg)-1]
		}
		if cmd == "account" {
			cur = map[string]string{}
			accounts[arg] = cur
			continue
		}
		if cur != nil {
			cur[cmd] = arg
		}
	}
	return accounts
}

func checkReadsBack(t *testing.T, a account.Account, rc string) {
	t.Helper()
	acc := readRC(rc)[a.Email]
	if acc == nil {
		t.Fatalf("%s: no account %s in\n%s", a.Email, a.Email, rc)
	}
	want := map[string]string{"host": a.Outgoing.Host, "from": a.Email}
	if a.Outgoing.Auth == account.Password {
		want["user"] = a.Outgoing.Username
		want["passwordeval"] = a.PasswordCommand
	}
	switch a.Outgoing.Security {
	case account.SSL:
		want["tls"], want["tls_starttls"] = "on", "off"
	case account.STARTTLS:
		want["tls"], want["tls_starttls"] = "on", "on"
	case account.None:
		want["tls"] = "off"
	}
	for k, v := range want {
		if acc[k] != v {
			t.Errorf("%s: msmtp reads %s as %q, want %q", a.Email, k, acc[k], v)
		}
	}
	if _, ok := readRC(rc)["default : "+a.Email]; !ok {
		t.Errorf("%s: no default account line", a.Email)
	}
}
