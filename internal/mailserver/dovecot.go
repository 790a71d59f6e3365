//go:build linux

package mailserver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// mailUID is the owner of the mailboxes (nobody): Dovecot never serves
// mail as root.
const mailUID = 65534

// writeMail makes each user's home and Maildir, seeds the INBOX and writes
// the passwd-file.
func (s *Server) writeMail(users []User, seed []Message) error {
	var passwd strings.Builder
	for _, u := range users {
		if strings.ContainsAny(u.Login+u.Password, ":\n") {
			return fmt.Errorf("mailserver: user %q: a passwd-file field cannot hold : or a line break", u.Login)
		}
		fmt.Fprintf(&passwd, "%s:{PLAIN}%s\n", u.Login, u.Password)
		maildir := filepath.Join(s.Dir, "home", u.Login, "Maildir")
		for _, sub := range []string{"cur", "new", "tmp"} {
			if err := os.MkdirAll(filepath.Join(maildir, sub), 0o700); err != nil {
				return err
			}
		}
		for i, m := range seed {
			msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: Mon, 02 Jan 2006 15:04:05 +0000\r\nMessage-ID: <seed%d@mailserver.test>\r\n\r\n%s\r\n",
				m.From, u.Login, m.Subject, i, m.Body)
			if err := os.WriteFile(filepath.Join(maildir, "new", fmt.Sprintf("100000000%d.seed%d.mailserver", i, i)), []byte(msg), 0o600); err != nil {
				return err
			}
		}
	}
	home := filepath.Join(s.Dir, "home")
	if err := filepath.Walk(home, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, mailUID, mailUID)
	}); err != nil && len(users) > 0 {
		return err
	}
	return os.WriteFile(filepath.Join(s.Dir, "passwd"), []byte(passwd.String()), 0o644)
}

// writeConfig writes dovecot.conf and returns its path.
func (s *Server) writeConfig() (string, error) {
	d := s.Dir
	conf := fmt.Sprintf(`# Made by internal/mailserver for one test.
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap submission
listen = %[2]s
hostname = mailserver.test
ssl = yes
ssl_cert = <%[1]s/server.pem
ssl_key = <%[1]s/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[3]d gid=%[3]d home=%[1]s/home/%%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    auto = subscribe
    special_use = \Sent
  }
  mailbox Drafts {
    auto = subscribe
    special_use = \Drafts
  }
  mailbox Trash {
    auto = subscribe
    special_use = \Trash
  }
}
service imap-login {
  inet_listener imap {
    port = %[4]s
  }
  inet_listener imaps {
    port = %[5]s
    ssl = yes
  }
}
service submission-login {
  inet_listener submission {
    port = %[6]d
    ssl = %[7]s
  }
}
submission_relay_host = %[2]s
submission_relay_port = %[8]d
submission_relay_ssl = no
`, d, Addr, mailUID,
		portIf(s.IMAP, account.STARTTLS), portIf(s.IMAP, account.SSL),
		s.Submission.Port, yesNo(s.Submission.Security == account.SSL), s.sink.port())
	if err := os.MkdirAll(filepath.Join(d, "state"), 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(d, "dovecot.conf")
	return path, os.WriteFile(path, []byte(conf), 0o644)
}

// portIf returns l's port when it has security sec, else 0 (off).
func portIf(l Listener, sec account.Security) string {
	if l.Security == sec {
		return fmt.Sprint(l.Port)
	}
	return "0"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
