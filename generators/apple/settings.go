package apple

import (
	"fmt"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// useSSL maps a security value to Apple's one UseSSL flag. Apple has a
// single flag for implicit TLS and STARTTLS alike: true asks the device for
// an encrypted connection and leaves the kind to it, false allows plain text.
// What iOS does with UseSSL on port 587 is not documented by Apple.
func useSSL(s account.Security) (bool, error) {
	switch s {
	case account.SSL, account.STARTTLS:
		return true, nil
	case account.None:
		return false, nil
	}
	return false, fmt.Errorf("apple: unknown security %q", s)
}

// authentication maps an authentication value to Apple's.
func authentication(a account.Auth) (string, error) {
	switch a {
	case account.Password:
		return "EmailAuthPassword", nil
	case account.NoAuth:
		return "EmailAuthNone", nil
	}
	return "", fmt.Errorf("apple: unknown authentication %q", a)
}

// accountDescription is the account's name in Mail's list of accounts.
func accountDescription(a account.Account) string {
	name := a.ProfileName
	if name == "" {
		name = "Spectrum"
	}
	return name + " – " + a.Email
}

// description is the profile's text on the device's install screen: what
// it sets up, what it asks the device to do about encryption, and what the
// person will be asked.
func description(a account.Account) string {
	d := fmt.Sprintf("Sets up the mail account %s in Apple Mail. Incoming (IMAP): %s, %s, %s. Outgoing (SMTP): %s, %s, %s.",
		a.Email, a.Incoming.Address(), a.Incoming.Security.Describe(), sslPhrase(a.Incoming.Security),
		a.Outgoing.Address(), a.Outgoing.Security.Describe(), sslPhrase(a.Outgoing.Security))
	if a.Incoming.Auth == account.Password || a.Outgoing.Auth == account.Password {
		d += " The device asks for the account's password while installing; the profile does not contain it."
	}
	return d
}

func sslPhrase(s account.Security) string {
	if on, _ := useSSL(s); on {
		return "Use SSL on"
	}
	return "Use SSL off"
}
