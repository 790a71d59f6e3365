package app

import (
	"bufio"
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/profile"
	"github.com/spectrumgen/spectrumgen/internal/verify"
)

// VerifyOptions are the options of `spectrumgen verify`.
type VerifyOptions struct {
	// Input names the account: Email, with Manifest to take that
	// account's settings from a manifest, and Profile/ProfilesFiles.
	Input
	CAFile        string        // PEM certificates to trust instead of the system roots
	Timeout       time.Duration // per network step
	JSON          bool
	Probe         bool
	PasswordStdin bool // read the password from the first line of stdin

	// LookupEnv reads SPECTRUMGEN_PASSWORD; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Net is how the servers are reached: its Resolver, Dial and
	// RootCAs are used. The zero value is the real network; tests point
	// it at 127.0.0.1.
	Net verify.Options
}

// PasswordEnv is the environment variable verify reads a password from.
const PasswordEnv = "SPECTRUMGEN_PASSWORD"

// Verify connects to one account's servers with the settings spectrumgen
// hands out for it, prints what it saw, and fails when a check failed.
func Verify(ctx context.Context, opt VerifyOptions, s *IO) error {
	if opt.Timeout <= 0 {
		return Usagef("--timeout must be more than 0 (e.g. 10s)")
	}
	if opt.PasswordStdin && opt.Manifest == "-" {
		return Usagef("--password-stdin and --manifest - both want standard input; give the manifest as a file")
	}
	a, profiles, err := verifyAccount(opt.Input, s)
	if err != nil {
		return err
	}
	vo := opt.Net
	vo.Timeout = opt.Timeout
	if opt.CAFile != "" {
		if vo.RootCAs, err = readCAFile(opt.CAFile); err != nil {
			return err
		}
	}
	var r *verify.Report
	if opt.Probe {
		r = verify.Probe(ctx, a, candidates(profiles), vo)
	} else {
		if vo.Password, err = verifyPassword(opt, a, s); err != nil {
			return err
		}
		r = verify.Run(ctx, a, vo)
	}
	if opt.JSON {
		err = r.WriteJSON(s.Out)
	} else {
		marks := verify.Words
		if s.OutTTY && !s.NoColor {
			marks = verify.Signs
		}
		err = r.WriteText(s.Out, marks)
	}
	if err != nil {
		return err
	}
	switch {
	case r.OK():
		return nil
	case opt.Probe:
		return fmt.Errorf("verify: the configured settings for %s do not answer", a.Email)
	case r.Failed() > 0:
		return fmt.Errorf("verify: %d of %d checks failed for %s", r.Failed(), len(r.Checks), a.Email)
	}
	return NotVerifiedError{fmt.Sprintf("verify: %s not verified: %d of %d checks did not run (%s)", a.Email, r.NotRun(), len(r.Checks), r.NotRunReason())}
}

// verifyAccount resolves the account exactly as generation does, so that
// what is verified is what was handed out. With a manifest, it is the
// manifest's entry for the address (or its only account).
func verifyAccount(in Input, s *IO) (account.Account, *profile.Set, error) {
	profiles, err := profile.Load(in.ProfilesFiles...)
	if err != nil {
		return account.Account{}, nil, err
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if in.Manifest != "" {
		in.Email = ""
	} else if email == "" && !s.InTTY {
		return account.Account{}, nil, Usagef("verify: give --email ADDRESS (with --manifest FILE to verify that manifest's settings for it)")
	}
	m, err := load(in, s)
	if err != nil {
		return account.Account{}, nil, err
	}
	warn(s, m.Warnings)
	if in.Manifest == "" {
		return m.Accounts[0], profiles, nil
	}
	if email == "" {
		if len(m.Accounts) == 1 {
			return m.Accounts[0], profiles, nil
		}
		return account.Account{}, nil, Usagef("verify: one account per run: choose one of the %d accounts in %s with --email", len(m.Accounts), in.Manifest)
	}
	for _, a := range m.Accounts {
		if a.Email == email {
			return a, profiles, nil
		}
	}
	return account.Account{}, nil, Usagef("verify: %s has no account %s", in.Manifest, email)
}

// verifyPassword takes the password from standard input, the environment,
// or a prompt without echo, in that order; never from a flag, where it
// would show in the shell history and the process list. Empty means the
// login checks are skipped.
func verifyPassword(opt VerifyOptions, a account.Account, s *IO) (string, error) {
	if opt.PasswordStdin {
		line, err := bufio.NewReader(s.In).ReadString('\n')
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			if err != nil {
				return "", Usagef("--password-stdin: standard input holds no password")
			}
			return "", Usagef("--password-stdin: the first line of standard input is empty")
		}
		return pw, nil
	}
	lookup := opt.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if pw, ok := lookup(PasswordEnv); ok && pw != "" {
		return pw, nil
	}
	if s.InTTY && s.ReadSecret != nil {
		fmt.Fprintf(s.Err, "Password for %s (not shown; Enter alone leaves the login untested): ", a.Email)
		pw, err := s.ReadSecret()
		fmt.Fprintln(s.Err)
		if err != nil {
			return "", fmt.Errorf("verify: reading the password: %w", err)
		}
		return strings.TrimRight(string(pw), "\r\n"), nil
	}
	return "", nil
}

func readCAFile(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("verify: --ca-file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("verify: --ca-file %s: no PEM certificate in it (is it the right file?)", path)
	}
	return pool, nil
}

// candidates are the profiles the probe may suggest, in the order of
// `spectrumgen profiles` (the default first).
func candidates(set *profile.Set) []verify.Candidate {
	var out []verify.Candidate
	for _, n := range set.Names() {
		p, _ := set.Get(n)
		out = append(out, verify.Candidate{Name: n,
			IMAP: account.Server{Host: p.IMAP.Host, Port: p.IMAP.Port, Security: p.IMAP.Security, Auth: p.IMAP.Auth},
			SMTP: account.Server{Host: p.SMTP.Host, Port: p.SMTP.Port, Security: p.SMTP.Security, Auth: p.SMTP.Auth}})
	}
	return out
}
