// Package msmtp generates msmtprc: one account for SMTP submission, with TLS
// as the profile says (tls_starttls off for implicit TLS, as on Spectrum's
// port 587) and the password from passwordeval or a prompt.
package msmtp

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the msmtp client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "msmtp" }

// Describe implements generators.Generator.
func (Generator) Describe() string { return "msmtp: msmtprc for sending (mode 0600)" }

// Check implements generators.Checker, so that validation reports a value msmtprc cannot hold
// at the account's place in the manifest, before anything is written.
func (Generator) Check(a account.Account) error {
	_, err := dataOf(a)
	return err
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	rc, err := Msmtprc(a)
	if err != nil {
		return nil, err
	}
	// msmtp refuses a configuration others can read once it holds a
	// password; 0600 keeps it usable when someone adds one.
	return []generators.File{{Path: "msmtp/msmtprc", Mode: 0o600, Data: rc}}, nil
}

// line is one "command argument" line; Arg is already written for msmtprc.
type line struct{ Cmd, Arg string }

// msmtprcData is what msmtprc.tmpl receives.
type msmtprcData struct {
	Email, ProfileName string
	// Settings are the account's lines, each "\ncommand argument": laid
	// out here once rather than by a range in the template, which cost
	// more than the rest of the file for every person.
	Settings   string
	HasCommand bool
}

// dataOf builds what the template receives: every value written for
// the format, or the reason one cannot be.
func dataOf(a account.Account) (msmtprcData, error) {
	if err := generators.OneLine("msmtp", a); err != nil {
		return msmtprcData{}, err
	}
	s := a.Outgoing
	raw := []line{
		{"host", s.Host},
		{"port", strconv.Itoa(s.Port)},
		{"tls", onOff(s.Security != account.None)},
	}
	if s.Security != account.None {
		raw = append(raw,
			line{"tls_starttls", onOff(s.Security == account.STARTTLS)},
			line{"tls_trust_file", "system"})
	}
	raw = append(raw, line{"auth", onOff(s.Auth == account.Password)})
	if s.Auth == account.Password {
		raw = append(raw, line{"user", s.Username})
		if a.PasswordCommand != "" {
			raw = append(raw, line{"passwordeval", a.PasswordCommand})
		}
	}
	raw = append(raw, line{"from", a.Email})
	email, err := generators.CommentText("msmtp", "address", a.Email)
	if err != nil {
		return msmtprcData{}, err
	}
	profileName, err := generators.CommentText("msmtp", "profile's display name", a.ProfileName)
	if err != nil {
		return msmtprcData{}, err
	}
	// The comment and account lines hold the address and the display
	// name with fixed text; checked here, so validation (which does not
	// render) refuses what rendering would.
	if n := len(email) + len(profileName) + generators.MaxFixedText; n > maxLine {
		return msmtprcData{}, fmt.Errorf("msmtp: %s: the address and the profile's display name make a line of up to %d bytes, longer than the %d bytes msmtp reads", a.Email, n, maxLine)
	}
	d := msmtprcData{Email: email, ProfileName: profileName, HasCommand: a.PasswordCommand != ""}
	var settings strings.Builder
	for _, l := range raw {
		v, err := arg(l.Arg)
		if err != nil {
			return msmtprcData{}, fmt.Errorf("%s: %s: %w", a.Email, l.Cmd, err)
		}
		if len(l.Cmd)+1+len(v) > maxLine {
			return msmtprcData{}, fmt.Errorf("msmtp: %s: the %s line is longer than the %d bytes msmtp reads", a.Email, l.Cmd, maxLine)
		}
		settings.WriteString("\n")
		settings.WriteString(l.Cmd)
		settings.WriteString(" ")
		settings.WriteString(v)
	}
	d.Settings = settings.String()
	return d, nil
}

// Msmtprc renders msmtprc for one account.
func Msmtprc(a account.Account) ([]byte, error) {
	d, err := dataOf(a)
	if err != nil {
		return nil, err
	}
	out, err := format.Render(d)
	if err != nil {
		return nil, fmt.Errorf("msmtp: rendering msmtprc: %w", err)
	}
	// Every line, comments included: msmtp refuses the file otherwise.
	if err := generators.CheckLines("msmtp", "msmtprc", out, maxLine); err != nil {
		return nil, fmt.Errorf("%s: %w", a.Email, err)
	}
	return out, nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
