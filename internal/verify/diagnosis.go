package verify

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-smtp"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Diagnosis explains a failure in a person's words. Code is stable for
// scripts and tests; the rest is for people.
type Diagnosis struct {
	Code    string
	Problem string // what happened
	Cause   string // the likely cause
	Fix     string // what to do
}

// where is the context a failure happened in.
type where struct {
	proto  string // "imap" or "smtp"
	step   string // "dns", "tcp", "tls", "greeting", "login", "auth", "mail"...
	srv    account.Server
	netErr error // the connection's last network error, if any
}

func (w where) name() string {
	if w.proto == "smtp" {
		return "outgoing (SMTP)"
	}
	return "incoming (IMAP)"
}

const probeHint = "`spectrumgen verify --probe` shows which ports and TLS modes answer."

// diagnose explains err. It chooses by the error's type, never by its text;
// when a library has flattened a network error into text, the typed error
// kept by the connection is explained instead.
func diagnose(err error, w where) *Diagnosis {
	if d := explain(err, w); d != nil {
		return d
	}
	if w.netErr != nil {
		if d := explain(w.netErr, w); d != nil {
			return d
		}
	}
	return &Diagnosis{Code: "unexpected",
		Problem: fmt.Sprintf("The %s server %s failed at the %s step in an unexpected way.", w.name(), w.srv.Address(), w.step),
		Cause:   "The server said something spectrumgen does not know how to read (see the detail above).",
		Fix:     "Check the server name, port and security against the provider's page. " + probeHint}
}

// explain returns nil when err is of no type it knows.
func explain(err error, w where) *Diagnosis {
	for _, f := range []func(error, where) *Diagnosis{explainOwn, explainSMTP, explainIMAP, explainCert, explainTLS, explainNet} {
		if d := f(err, w); d != nil {
			return d
		}
	}
	return nil
}

func explainOwn(err error, w where) *Diagnosis {
	addr := w.srv.Address()
	var (
		plain    errPlaintext
		tlsPort  errTLSPort
		wrong    errWrongProtocol
		away     errTurnedAway
		notMail  errNotMail
		unenc    errUnencrypted
		noStart  errNoSTARTTLS
		noMech   errNoAuthMech
		disabled errLoginDisabled
	)
	var tooLong errTooLong
	switch {
	case errors.As(err, &tooLong):
		what := "a line longer than any mail server sends"
		if !tooLong.line {
			what = "far more data than verify asked for"
		}
		return &Diagnosis{Code: "too-long",
			Problem: fmt.Sprintf("The server at %s sent %s (at the %s step); verify stopped reading.", addr, what, w.step),
			Cause:   "This is not a mail server, or it is broken or hostile, or something on the way (a proxy, antivirus) garbles the connection.",
			Fix:     "Check the server name and port against the profile (spectrumgen profiles); if they are right, report it to the provider. " + probeHint}
	case errors.As(err, &plain) && plain.afterStartTLS:
		return &Diagnosis{Code: "starttls-plaintext",
			Problem: fmt.Sprintf("The server agreed to STARTTLS but then went on in plain text (%q) instead of starting TLS.", plain.greeting),
			Cause:   "The server's STARTTLS is broken, or something on the way (antivirus \"email protection\", a proxy) answers STARTTLS in the server's place and keeps the connection unencrypted.",
			Fix:     fmt.Sprintf("Try SSL/TLS on the implicit-TLS port (%s) instead of STARTTLS, and check any antivirus or proxy; if it persists, report it to the provider. %s", implicitPort(w.proto), probeHint)}
	case errors.As(err, &plain):
		if plain.proto != "" && plain.proto != w.proto {
			return wrongProtocol(w, plain.proto, plain.greeting)
		}
		implicit := implicitPort(w.proto)
		return &Diagnosis{Code: "plaintext-port",
			Problem: fmt.Sprintf("Port %d answered in plain text (%q) instead of starting TLS: this port speaks plain text / STARTTLS, not implicit TLS (SSL/TLS).", w.srv.Port, plain.greeting),
			Cause:   "The settings say SSL/TLS (encrypted from the first byte) for a port where the server first greets in plain text and upgrades with STARTTLS.",
			Fix:     fmt.Sprintf("Set the %s server's security to STARTTLS for port %d, or keep SSL/TLS and use the implicit-TLS port (%s). %s", w.name(), w.srv.Port, implicit, probeHint)}
	case errors.As(err, &tlsPort):
		return &Diagnosis{Code: "tls-port",
			Problem: fmt.Sprintf("Port %d sent no greeting in plain text but answered a TLS handshake: it speaks implicit TLS (SSL/TLS), not %s.", w.srv.Port, w.srv.Security.Describe()),
			Cause:   "The settings say " + w.srv.Security.Describe() + " for a port where the server waits for the client to start TLS first; the client waits for a greeting, and both wait until the timeout.",
			Fix:     fmt.Sprintf("Set the %s server's security to SSL/TLS for port %d.", w.name(), w.srv.Port)}
	case errors.As(err, &wrong):
		return wrongProtocol(w, wrong.got, wrong.text)
	case errors.As(err, &notMail):
		return wrongProtocol(w, "", notMail.text)
	case errors.As(err, &away):
		return &Diagnosis{Code: "refused-by-server",
			Problem: fmt.Sprintf("The server at %s turned the connection away: %q.", addr, away.text),
			Cause:   "The server is busy or in maintenance, or it refuses connections from this network (some providers block addresses with a bad reputation).",
			Fix:     "Try again later, from another network if it persists; if it keeps happening, ask the provider with the text above."}
	case errors.As(err, &unenc):
		d := &Diagnosis{Code: "no-encryption",
			Problem: "spectrumgen did not log in: the connection is not encrypted (security: none), and a password must never travel in plain text, whatever the settings say.",
			Cause:   "The settings for the " + w.name() + " server say security none.",
			Fix:     "Set the security to SSL/TLS (IMAP 993, SMTP 465 or Spectrum's 587) or STARTTLS. Every Spectrum profile uses encryption."}
		if unenc.startTLS {
			d.Fix = fmt.Sprintf("The server offers STARTTLS on port %d: set the %s server's security to STARTTLS (or use SSL/TLS on the implicit-TLS port).", w.srv.Port, w.name())
			if !unenc.authOffered {
				d.Code = "auth-after-starttls"
				d.Cause = "The settings say security none, and the server offers AUTH only after STARTTLS: without encryption it does not even offer a login, so a client set up this way cannot send or read mail."
			}
		}
		return d
	case errors.As(err, &noStart):
		d := &Diagnosis{Code: "no-starttls",
			Problem: fmt.Sprintf("The server at %s does not offer STARTTLS, so the connection cannot be encrypted on this port.", addr),
			Cause:   "The port is for implicit TLS or for plain text only, or something on the way (antivirus, a firewall) removes STARTTLS from the server's answer.",
			Fix:     "Use SSL/TLS on the implicit-TLS port (IMAP 993, SMTP 465 or Spectrum's 587). " + probeHint}
		return d
	case errors.As(err, &noMech) && (noMech.none || noMech.offered == ""):
		return &Diagnosis{Code: "no-auth",
			Problem: fmt.Sprintf("This server does not offer login on this port (%s lists no AUTH after EHLO): sending will fail with 530 Authentication Required, since the provider takes mail only from people who log in.", addr),
			Cause:   "The port is for mail between servers (port 25), not for people sending; or the server offers login only after STARTTLS; or something on the way (antivirus \"email protection\", a firewall) removes AUTH from the server's answer.",
			Fix:     "Use the submission port the profile gives (587, or 465) with SSL/TLS and \"Normal password\" authentication, the full address as the user name. " + probeHint}
	case errors.As(err, &noMech):
		return &Diagnosis{Code: "no-auth",
			Problem: fmt.Sprintf("This server does not offer a login with a normal password on this port (it offers AUTH %s, not PLAIN or LOGIN): sending will fail with 530 Authentication Required.", printable(noMech.offered)),
			Cause:   "The server wants another login method than the normal password mail clients are set up with, or this port is not the submission port.",
			Fix:     "Use the submission port the profile gives (587, or 465) with SSL/TLS. " + probeHint}
	case errors.As(err, &disabled):
		return &Diagnosis{Code: "login-disabled",
			Problem: "The server says LOGINDISABLED: it does not accept a password on this connection.",
			Cause:   "The server wants encryption before a login, or another login method.",
			Fix:     "Use SSL/TLS on port 993 or STARTTLS on port 143."}
	}
	return nil
}

// implicitPort is the protocol's implicit-TLS port.
func implicitPort(proto string) string {
	if proto == "smtp" {
		return "465"
	}
	return "993"
}

func wrongProtocol(w where, got, text string) *Diagnosis {
	want := strings.ToUpper(w.proto)
	d := &Diagnosis{Code: "wrong-protocol",
		Problem: fmt.Sprintf("Port %d does not speak %s: the server said %q.", w.srv.Port, want, text),
		Cause:   "The port number is wrong for this server.",
		Fix:     "Use IMAP 993 (SSL/TLS) for incoming mail and SMTP 587 or 465 for outgoing mail. " + probeHint}
	if got != "" {
		d.Problem = fmt.Sprintf("Port %d speaks %s, not %s: the server said %q.", w.srv.Port, strings.ToUpper(got), want, text)
		d.Cause = "The incoming and outgoing ports are mixed up. IMAP and SMTP never share a port: incoming mail is IMAP on 993, outgoing mail is SMTP on 587 or 465; only the security (SSL/TLS) is the same."
	}
	return d
}

func explainSMTP(err error, w where) *Diagnosis {
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return nil
	}
	said := strings.TrimSpace(smtpCodes(se) + " " + printable(se.Message))
	user := w.srv.Username
	switch {
	case se.Code == 530 && w.step == "mail":
		return &Diagnosis{Code: "smtp-530",
			Problem: fmt.Sprintf("530 Authentication Required (%q): the client tried to send mail without logging in.", said),
			Cause:   "The outgoing server takes mail only from people who log in; the settings say it needs no login.",
			Fix:     "Turn on authentication for the outgoing server (auth: password, \"Normal password\"), with the full address as the user name and the same password as for webmail."}
	case se.Code == 530:
		return &Diagnosis{Code: "smtp-530",
			Problem: fmt.Sprintf("530 from the server (%q): it wants something done before this step, typically STARTTLS or a login.", said),
			Cause:   "The server offers AUTH only after STARTTLS, or requires a login before sending.",
			Fix:     "Use SSL/TLS or STARTTLS for the outgoing server and turn on authentication with the full address as the user name."}
	case se.Code == 535:
		return loginRejected(w, "smtp-535", fmt.Sprintf("The outgoing server rejected the user name or the password (%q).", said), user)
	case se.Code == 534:
		return &Diagnosis{Code: "smtp-534",
			Problem: fmt.Sprintf("534 from the server (%q): it will not accept this login method for this account now.", said),
			Cause:   "The provider wants a stronger login or a sign-in through webmail first (after a security alert, or for a new account).",
			Fix:     "Sign in once through webmail and clear any security prompt there, then verify again once (not repeatedly)."}
	case se.Code == 454:
		return &Diagnosis{Code: "smtp-454",
			Problem: fmt.Sprintf("454 from the server (%q): a temporary failure; it could not check the login (or start TLS) just now.", said),
			Cause:   "The provider's login service is busy or down for a moment.",
			Fix:     "Wait a few minutes and verify once more. Do not retry in a loop: repeated failed logins can lock the account."}
	case se.Code == 421:
		return &Diagnosis{Code: "smtp-421",
			Problem: fmt.Sprintf("421 from the server (%q): it is closing the connection.", said),
			Cause:   "The server is busy, or it limits connections from this network.",
			Fix:     "Try again later."}
	}
	return &Diagnosis{Code: fmt.Sprintf("smtp-%d", se.Code),
		Problem: fmt.Sprintf("The outgoing server answered %q at the %s step.", said, w.step),
		Cause:   "The server refused this step; its text says why.",
		Fix:     "Check the settings against the provider's page; if they match, ask the provider with the text above."}
}

func explainIMAP(err error, w where) *Diagnosis {
	var ie *imap.Error
	if !errors.As(err, &ie) {
		return nil
	}
	said := string(ie.Type)
	if ie.Code != "" {
		said += " [" + string(ie.Code) + "]"
	}
	said = strings.TrimSpace(said + " " + printable(ie.Text))
	switch {
	case w.step == "login" && ie.Code == imap.ResponseCodePrivacyRequired:
		return &Diagnosis{Code: "login-needs-tls",
			Problem: fmt.Sprintf("The server refused the login until the connection is encrypted (%q).", said),
			Cause:   "The connection is not encrypted.",
			Fix:     "Use SSL/TLS on port 993."}
	case w.step == "login" && ie.Code == imap.ResponseCodeUnavailable:
		return &Diagnosis{Code: "login-unavailable",
			Problem: fmt.Sprintf("The server could not check the login just now (%q).", said),
			Cause:   "The provider's login service is busy or down for a moment.",
			Fix:     "Wait a few minutes and verify once more; do not retry in a loop (it can lock the account)."}
	case w.step == "login":
		return loginRejected(w, "login-rejected", fmt.Sprintf("The incoming server rejected the user name or the password (%q).", said), w.srv.Username)
	case w.step == "tls":
		return &Diagnosis{Code: "no-starttls",
			Problem: fmt.Sprintf("The server refused STARTTLS (%q).", said),
			Cause:   "This port does not offer STARTTLS.",
			Fix:     "Use SSL/TLS on port 993. " + probeHint}
	}
	return &Diagnosis{Code: "imap-" + strings.ToLower(string(ie.Type)),
		Problem: fmt.Sprintf("The incoming server answered %q at the %s step.", said, w.step),
		Cause:   "The server refused this step; its text says why.",
		Fix:     "If it persists, ask the provider with the text above."}
}

// loginRejected explains a refused user name or password.
func loginRejected(w where, code, problem, user string) *Diagnosis {
	if !strings.Contains(user, "@") {
		return &Diagnosis{Code: "username-not-address",
			Problem: problem,
			Cause:   fmt.Sprintf("The user name %q is not a full email address: Spectrum's servers know people by their whole address.", user),
			Fix:     "Set the user name to the full address, e.g. " + user + "@spectrum.net (the part after the @ included)."}
	}
	return &Diagnosis{Code: code,
		Problem: problem,
		Cause:   fmt.Sprintf("The password is wrong for %s (it is the same password as for webmail; a password changed recently must be changed in every client too), or the account is locked after failed logins.", user),
		Fix:     "Sign in to webmail with the same address and password. If that works, type the password again here; if not, reset it with the provider. Do not retry in a loop: repeated failures can lock the account."}
}

func explainCert(err error, w where) *Diagnosis {
	var (
		hostErr    x509.HostnameError
		invalid    x509.CertificateInvalidError
		unknownCA  x509.UnknownAuthorityError
		verifyFail *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &hostErr):
		names := "no name"
		if hostErr.Certificate != nil {
			names = strings.Join(append(append([]string{}, hostErr.Certificate.DNSNames...), ipStrings(hostErr.Certificate.IPAddresses)...), ", ")
			if names == "" {
				names = hostErr.Certificate.Subject.CommonName
			}
		}
		return &Diagnosis{Code: "cert-wrong-name",
			Problem: fmt.Sprintf("The server's certificate is for %s, not for %s.", names, w.srv.Host),
			Cause:   "The server name in the settings is not one the server's certificate covers (a mistyped or outdated server name), or something on the way (antivirus \"email protection\", a proxy) intercepts the connection with its own certificate.",
			Fix:     "Check the server name against the profile (spectrumgen profiles). Never tell the mail client to accept the certificate anyway."}
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		when := ""
		if invalid.Cert != nil {
			when = " on " + invalid.Cert.NotAfter.UTC().Format("2006-01-02")
		}
		return &Diagnosis{Code: "cert-expired",
			Problem: fmt.Sprintf("The server's certificate expired%s (or is not valid yet).", when),
			Cause:   "The provider let its certificate lapse, or this computer's date and time are wrong.",
			Fix:     "Check this computer's date, time and time zone. If they are right, the provider must renew the certificate: report it, and do not accept the certificate in the mail client."}
	case errors.As(err, &invalid):
		return &Diagnosis{Code: "cert-invalid",
			Problem: "The server's certificate is not valid: " + invalid.Error() + ".",
			Cause:   "The certificate is not fit for this server.",
			Fix:     "Report it to the provider; do not accept the certificate in the mail client."}
	case errors.As(err, &unknownCA):
		return &Diagnosis{Code: "cert-unknown-authority",
			Problem: "The server's certificate is not signed by an authority this computer trusts.",
			Cause:   "Antivirus \"email protection\" or a network proxy intercepts encrypted connections with its own certificate, or the server uses a private certificate authority.",
			Fix:     "Turn off the antivirus's email or TLS scanning; for a private authority, give its certificate with --ca-file."}
	case errors.As(err, &verifyFail):
		return &Diagnosis{Code: "cert-invalid",
			Problem: "The server's certificate could not be verified.",
			Cause:   "The certificate is not valid for this server.",
			Fix:     "Report it to the provider; do not accept the certificate in the mail client."}
	}
	return nil
}

func ipStrings(ips []net.IP) []string {
	var out []string
	for _, ip := range ips {
		out = append(out, ip.String())
	}
	return out
}

// TLS alert numbers (RFC 8446 §6).
const (
	alertHandshakeFailure = 40
	alertProtocolVersion  = 70
)

func explainTLS(err error, w where) *Diagnosis {
	if a, ok := remoteAlert(err); ok {
		switch a {
		case alertProtocolVersion:
			return &Diagnosis{Code: "tls-version",
				Problem: "The server and spectrumgen have no TLS version in common (the server sent \"protocol version\").",
				Cause:   "The server offers only TLS 1.1 or older, which is no longer safe; spectrumgen requires TLS 1.2 or newer (RFC 8997), as current mail clients do.",
				Fix:     "There is no safe setting on this side: the provider must enable TLS 1.2. " + probeHint}
		case alertHandshakeFailure:
			return &Diagnosis{Code: "tls-handshake",
				Problem: "The server ended the TLS handshake (\"handshake failure\").",
				Cause:   "The server and spectrumgen share no TLS version or cipher, typically a server limited to old TLS.",
				Fix:     "The provider must enable TLS 1.2 or newer. " + probeHint}
		}
		return &Diagnosis{Code: "tls-alert",
			Problem: fmt.Sprintf("The server ended the TLS handshake with alert %d.", a),
			Cause:   "The server refused the TLS connection.",
			Fix:     probeHint}
	}
	var rhe tls.RecordHeaderError
	if errors.As(err, &rhe) {
		return &Diagnosis{Code: "not-tls",
			Problem: fmt.Sprintf("The server on port %d did not answer with TLS.", w.srv.Port),
			Cause:   "This port does not speak implicit TLS.",
			Fix:     "Check the port and security. " + probeHint}
	}
	if w.step == "tls" &&
		(errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errConnReset)) {
		return &Diagnosis{Code: "tls-closed",
			Problem: "The server closed the connection during the TLS handshake.",
			Cause:   "Some servers reset a TLS 1.3 handshake instead of falling back to TLS 1.2 (mail.twc.com is reported to), or the port does not speak TLS, or something on the way (antivirus, firewall) cuts encrypted connections.",
			Fix:     "Try again from another network; if it persists, report it to the provider. " + probeHint}
	}
	return nil
}

// remoteAlert finds a TLS alert sent by the server. crypto/tls reports one
// as a *net.OpError with Op "remote error" around its unexported alert
// type, a uint8; the number is read from that type, not from the text.
func remoteAlert(err error) (uint8, bool) {
	var ae tls.AlertError
	if errors.As(err, &ae) {
		return uint8(ae), true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" && op.Err != nil {
		v := reflect.ValueOf(op.Err)
		if v.Kind() == reflect.Uint8 {
			return uint8(v.Uint()), true
		}
	}
	return 0, false
}

func explainNet(err error, w where) *Diagnosis {
	addr := w.srv.Address()
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return &Diagnosis{Code: "dns-not-found",
			Problem: fmt.Sprintf("The server name %s does not exist (DNS lookup failed).", w.srv.Host),
			Cause:   "The server name is mistyped, or this network's DNS cannot see it.",
			Fix:     "Compare the server name with the profile (spectrumgen profiles); check that this computer is online (open a web page)."}
	case errors.As(err, &dns):
		return &Diagnosis{Code: "dns-failed",
			Problem: fmt.Sprintf("Could not look up %s: the DNS server did not give an answer.", w.srv.Host),
			Cause:   "This computer is offline, or its DNS server is not reachable.",
			Fix:     "Check the internet connection and try again."}
	case errors.Is(err, errConnRefused):
		return &Diagnosis{Code: "connection-refused",
			Problem: fmt.Sprintf("The connection to %s was refused.", addr),
			Cause:   "Nothing listens on that port: the port is wrong, or the port may be blocked by a firewall or antivirus that rejects the connection.",
			Fix:     "Check the port (IMAP 993; SMTP 587 or 465) and any firewall or antivirus \"email protection\". " + probeHint}
	case errors.Is(err, errNetUnreach) || errors.Is(err, errHostUnreach):
		return &Diagnosis{Code: "unreachable",
			Problem: fmt.Sprintf("%s cannot be reached from this computer (no route).", addr),
			Cause:   "This computer is offline, or the network blocks the way to the server.",
			Fix:     "Check the internet connection; try another network."}
	case isTimeout(err) && w.step == "tcp":
		return &Diagnosis{Code: "connect-timeout",
			Problem: fmt.Sprintf("The connection to %s timed out.", addr),
			Cause:   "The port may be blocked by a firewall or antivirus (many networks block port 25, some 465 or 587), or the port is wrong.",
			Fix:     "Check the port and any firewall or antivirus; try another network. " + probeHint}
	case isTimeout(err) && (w.step == "login" || w.step == "auth"):
		return &Diagnosis{Code: "login-no-answer",
			Problem: fmt.Sprintf("The server at %s did not answer the login in time.", addr),
			Cause:   "Servers delay the answer to a failed login on purpose, longer after each failure: the user name or password is probably wrong, or the account is being slowed down after several failed logins.",
			Fix:     "Wait a few minutes, check the password by signing in to webmail, then verify once more. Do not retry in a loop: it makes the delays longer and can lock the account."}
	case isTimeout(err):
		return &Diagnosis{Code: "no-answer",
			Problem: fmt.Sprintf("The server at %s accepted the connection but did not answer in time (%s step).", addr, w.step),
			Cause:   "Something between this computer and the server (a firewall, antivirus that scans mail, a proxy) holds the connection without passing it on, or the server is overloaded; rarely, the port speaks another protocol.",
			Fix:     "Check the firewall and antivirus \"email protection\"; try again later or from another network. " + probeHint}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errConnReset):
		return &Diagnosis{Code: "connection-closed",
			Problem: fmt.Sprintf("The server at %s closed the connection (%s step).", addr, w.step),
			Cause:   "The server ended the session, or something on the way cut it (a firewall, antivirus).",
			Fix:     "Try again later; if it persists, check firewall and antivirus. " + probeHint}
	}
	return nil
}
