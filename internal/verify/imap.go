package verify

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// checkIMAP verifies the incoming server: connection, TLS, greeting and
// capabilities, and with a password the login, the folders and the newest
// INBOX headers.
func checkIMAP(ctx context.Context, a account.Account, opt Options) []Check {
	srv := a.Incoming
	st := newSteps("imap", srv)
	s := open(ctx, st, opt, srv)
	if s == nil {
		return st.finish()
	}
	defer s.Close()
	client := imapclient.New(s.lib, &imapclient.Options{})
	defer client.Close()

	var caps imap.CapSet
	ok := st.run("capabilities", "capabilities", func(c *Check) (err error) {
		caps, err = client.Capability().Wait()
		c.Detail = strings.Join(sortedCaps(caps), " ")
		return err
	})
	if !ok {
		return st.finish()
	}
	var unusable error
	if caps.Has(imap.CapLoginDisabled) {
		unusable = errLoginDisabled{}
	}
	if !loginWanted(st, srv, opt, s.tls, caps.Has(imap.CapStartTLS), unusable) {
		return st.finish()
	}
	ok = st.run("login", "login", func(c *Check) error {
		st.sentPassword = true
		err := s.conn.patient(opt.LoginTimeout, func() error {
			return client.Login(srv.Username, opt.Password).Wait()
		})
		if err != nil {
			return err
		}
		c.Detail = "logged in as " + srv.Username
		return nil
	})
	if !ok {
		return st.finish()
	}
	forms := secretForms(srv.Username, opt.Password)
	st.run("folders", "folders", func(c *Check) error {
		// Servers announce more after login (Dovecot: LIST-EXTENDED).
		if after, err := client.Capability().Wait(); err == nil {
			caps = after
		}
		var err error
		c.Detail, err = listFolders(client, caps, func(name string) string {
			if holdsSecret(name, srv.Username, forms) {
				return withheld
			}
			return name
		})
		return err
	})
	st.run("inbox", "INBOX", func(c *Check) error {
		var err error
		c.Detail, c.Lines, err = newestHeaders(client, opt.Headers)
		for i, l := range c.Lines {
			if holdsSecret(l, srv.Username, forms) {
				c.Lines[i] = withheld
			}
		}
		return err
	})
	_ = client.Logout().Wait()
	return st.finish()
}

// loginWanted records why there is no login (the settings say none, no
// encryption, no login the server offers, no password) and reports whether
// to log in. unusable says why the server's offer cannot be used; it is a
// failure with or without a password: a mail client could not log in
// either.
func loginWanted(st *steps, srv account.Server, opt Options, encrypted, startTLSOffered bool, unusable error) bool {
	name := "login"
	if st.proto == "smtp" {
		name = "auth"
	}
	switch {
	case srv.Auth == account.NoAuth:
		st.skip(name, "login", "the settings say this server needs no login", nil)
		return false
	case !encrypted:
		// Whatever the settings say: never a password in plain text.
		st.run(name, "login", func(c *Check) error {
			return errUnencrypted{startTLS: startTLSOffered, authOffered: unusable == nil}
		})
		return false
	case unusable != nil:
		st.run(name, "login", func(c *Check) error { return unusable })
		return false
	case opt.Password == "":
		st.skip(name, "login", "no password given (use --password-stdin or SPECTRUMGEN_PASSWORD, or run in a terminal to be asked)", nil)
		return false
	}
	return true
}

// listFolders counts every folder and the subscribed ones. The subscribed
// count needs LIST-EXTENDED (or IMAP4rev2): go-imap v2 has no LSUB.
func listFolders(client *imapclient.Client, caps imap.CapSet, show func(string) string) (string, error) {
	extended := caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2)
	var opts *imap.ListOptions
	if extended {
		opts = &imap.ListOptions{ReturnSubscribed: true}
	}
	boxes, err := client.List("", "*", opts).Collect()
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(boxes))
	subscribed := 0
	for _, b := range boxes {
		names = append(names, show(b.Mailbox))
		for _, attr := range b.Attrs {
			if attr == imap.MailboxAttrSubscribed {
				subscribed++
				break
			}
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "INBOX") != (names[j] == "INBOX") {
			return names[i] == "INBOX"
		}
		return names[i] < names[j]
	})
	sub := fmt.Sprintf("%d subscribed", subscribed)
	if !extended {
		sub = "subscriptions not counted: the server lacks LIST-EXTENDED"
	}
	return fmt.Sprintf("%d folders, %s: %s", len(names), sub, strings.Join(names, ", ")), nil
}

// newestHeaders opens INBOX read-only (EXAMINE: nothing is marked read) and
// fetches the envelopes of the newest n messages.
func newestHeaders(client *imapclient.Client, n int) (string, []string, error) {
	data, err := client.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return "", nil, err
	}
	total := data.NumMessages
	if total == 0 {
		return "INBOX is empty (0 messages)", nil, nil
	}
	first := uint32(1)
	if total > uint32(n) {
		first = total - uint32(n) + 1
	}
	var set imap.SeqSet
	set.AddRange(first, total)
	msgs, err := client.Fetch(set, &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil {
		return "", nil, err
	}
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].SeqNum > msgs[j].SeqNum })
	var lines []string
	for _, m := range msgs {
		lines = append(lines, describeEnvelope(m.Envelope))
	}
	if total == 1 {
		return "1 message:", lines, nil
	}
	return fmt.Sprintf("%d messages; the newest %d:", total, len(lines)), lines, nil
}

func describeEnvelope(e *imap.Envelope) string {
	if e == nil {
		return "(no envelope)"
	}
	date := "(no date)"
	if !e.Date.IsZero() {
		date = e.Date.UTC().Format("2006-01-02 15:04")
	}
	from := "(no sender)"
	if len(e.From) > 0 {
		a := e.From[0]
		from = a.Addr()
		if a.Name != "" {
			from = fmt.Sprintf("%s <%s>", a.Name, a.Addr())
		}
	}
	return printable(fmt.Sprintf("%s  %s  %q", date, from, e.Subject))
}

func sortedCaps(caps imap.CapSet) []string {
	out := make([]string, 0, len(caps))
	for c := range caps {
		out = append(out, string(c))
	}
	sort.Strings(out)
	return out
}

// imapStartTLS asks for STARTTLS in plain text and waits for the OK.
func imapStartTLS(conn net.Conn, br *bufio.Reader) error {
	if _, err := io.WriteString(conn, "V1 STARTTLS\r\n"); err != nil {
		return err
	}
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		l := strings.TrimRight(string(line), "\r\n")
		if strings.HasPrefix(l, "* ") {
			continue // untagged data, e.g. capabilities
		}
		tag, rest, _ := strings.Cut(l, " ")
		typ, text, _ := strings.Cut(rest, " ")
		if tag != "V1" {
			return errWrongProtocol{want: "imap", text: printable(l)}
		}
		switch strings.ToUpper(typ) {
		case "OK":
			return nil
		case "NO":
			return &imap.Error{Type: imap.StatusResponseTypeNo, Text: printable(text)}
		default:
			return &imap.Error{Type: imap.StatusResponseTypeBad, Text: printable(text)}
		}
	}
}

// errUnencrypted is verify refusing to send a password in plain text.
type errUnencrypted struct {
	startTLS    bool // the server offers STARTTLS
	authOffered bool // the server offers a login on this plain connection
}

func (e errUnencrypted) Error() string {
	return "verify: not logging in: the connection is not encrypted (security: none)"
}

// errLoginDisabled is an IMAP server that refuses LOGIN (LOGINDISABLED).
type errLoginDisabled struct{}

func (errLoginDisabled) Error() string { return "verify: the server says LOGINDISABLED" }
