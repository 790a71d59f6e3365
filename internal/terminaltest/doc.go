// Package terminaltest proves the generated mutt, aerc, msmtp and mbsync
// configurations with the real programs (mutt, neomutt, aerc, msmtp,
// mbsync) against a real Dovecot on loopback (internal/mailserver), inside
// a network namespace where the profiles' host names resolve to 127.0.0.1.
// It has only tests.
package terminaltest
