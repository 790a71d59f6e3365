// Package evolution generates the three source files that make a mail
// account in GNOME Evolution: the account (IMAP), its identity (name and
// address) and its transport (SMTP). evolution-source-registry loads them
// from ~/.config/evolution/sources/, at start and while it runs
// (evolution-data-server: e-source-registry-server.c; the server keys are
// those of e-source-camel.c). No password is written: Evolution asks for
// it and keeps it in the keyring.
package evolution

import (
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the evolution client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "evolution" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "GNOME Evolution: account, identity and transport .source files for ~/.config/evolution/sources/"
}

// namespace is the UUIDv5 namespace of the source UIDs: fixed forever, so
// an address always gets the same three files, and copying a newer kit's
// files replaces the old ones instead of adding a second account.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/spectrumgen/spectrumgen/generators/evolution"))

// UIDs are the three sources' unique ids (their file names without
// .source): UUIDv5 of the role and the address.
type UIDs struct{ Account, Identity, Transport string }

// UIDsOf returns a's source UIDs.
func UIDsOf(a account.Account) UIDs {
	id := func(role string) string { return uuid.NewSHA1(namespace, []byte(role+" "+a.Email)).String() }
	return UIDs{Account: id("account"), Identity: id("identity"), Transport: id("transport")}
}

// Dir is the kit folder of the files.
const Dir = "evolution/"

// securityMethod maps the profile's security, never guessed from the
// port (CamelNetworkSecurityMethod's nicks): Spectrum's SMTP on 587 is
// implicit TLS, ssl-on-alternate-port.
func securityMethod(s account.Security) (string, error) {
	switch s {
	case account.SSL:
		return "ssl-on-alternate-port", nil
	case account.STARTTLS:
		return "starttls-on-standard-port", nil
	case account.None:
		return "none", nil
	}
	return "", fmt.Errorf("unknown security %q", s)
}

// authMethod is the [Authentication] Method of a server. "none" is
// ESource's word for no mechanism (e-source-camel.c hands Camel NULL): for
// IMAP that is Evolution's "Password" (the LOGIN command); SMTP needs a
// SASL mechanism to log in, PLAIN, and logs in not at all with "none".
func authMethod(smtp bool, a account.Auth) (string, error) {
	switch a {
	case account.Password:
		if smtp {
			return "PLAIN", nil
		}
		return "none", nil
	case account.NoAuth:
		return "none", nil
	}
	return "", fmt.Errorf("unknown authentication %q", a)
}

// Check implements generators.Checker: the checks of Generate, without
// writing the files (the kit's pages call it for every person).
func (Generator) Check(a account.Account) error {
	_, err := methodsOf(a)
	return err
}

// methods are the servers' security and authentication in Evolution's
// words.
type methods struct{ inSec, outSec, inAuth, outAuth string }

// methodsOf returns a's methods, or why a cannot be written: every error
// of Generate comes from here, so Check agrees with it.
func methodsOf(a account.Account) (methods, error) {
	if err := generators.OneLine("evolution", a); err != nil {
		return methods{}, err // validation refuses it first; a direct caller still cannot add a line
	}
	var m methods
	var err error
	if m.inSec, err = securityMethod(a.Incoming.Security); err != nil {
		return methods{}, fmt.Errorf("evolution: %s: incoming server: %w", a.Email, err)
	}
	if m.outSec, err = securityMethod(a.Outgoing.Security); err != nil {
		return methods{}, fmt.Errorf("evolution: %s: outgoing server: %w", a.Email, err)
	}
	if m.inAuth, err = authMethod(false, a.Incoming.Auth); err != nil {
		return methods{}, fmt.Errorf("evolution: %s: incoming server: %w", a.Email, err)
	}
	if m.outAuth, err = authMethod(true, a.Outgoing.Auth); err != nil {
		return methods{}, fmt.Errorf("evolution: %s: outgoing server: %w", a.Email, err)
	}
	return m, nil
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	m, err := methodsOf(a)
	if err != nil {
		return nil, err
	}
	u := UIDsOf(a)
	inSec, outSec, inAuth, outAuth := m.inSec, m.outSec, m.inAuth, m.outAuth
	header := func(k *keyFile, what string) {
		k.comment("Evolution " + what + ", written by spectrumgen.")
		k.comment("Copy all three files into ~/.config/evolution/sources/ (see README.txt).")
	}

	var acc keyFile
	header(&acc, "mail account")
	dataSource(&acc, a.Email, "")
	acc.group("Mail Account")
	acc.set("BackendName", "imapx")
	acc.set("IdentityUid", u.Identity)
	server(&acc, a.Incoming, inAuth, inSec)
	acc.group("Offline")
	acc.set("StaySynchronized", "true")

	var id keyFile
	header(&id, "identity")
	dataSource(&id, a.Email, u.Account)
	id.group("Mail Identity")
	id.set("Address", a.Email)
	id.set("Name", a.Name)
	id.group("Mail Submission")
	id.set("TransportUid", u.Transport)

	var tr keyFile
	header(&tr, "mail transport")
	dataSource(&tr, a.Email, u.Account)
	tr.group("Mail Transport")
	tr.set("BackendName", "smtp")
	server(&tr, a.Outgoing, outAuth, outSec)

	return []generators.File{
		{Path: Dir + u.Account + ".source", Data: acc.bytes()},
		{Path: Dir + u.Identity + ".source", Data: id.bytes()},
		{Path: Dir + u.Transport + ".source", Data: tr.bytes()},
	}, nil
}

func dataSource(k *keyFile, name, parent string) {
	k.group("Data Source")
	k.set("DisplayName", name)
	k.set("Enabled", "true")
	k.set("Parent", parent)
}

func server(k *keyFile, s account.Server, auth, security string) {
	k.group("Authentication")
	k.set("Host", s.Host)
	k.set("Method", auth)
	k.set("Port", strconv.Itoa(s.Port))
	k.set("User", s.Username)
	k.set("RememberPassword", "true")
	k.group("Security")
	k.set("Method", security)
}
