package profile

import "github.com/spectrumgen/spectrumgen/internal/account"

// Rules is the check of every string field of Profile; Check walks a
// profile by reflection (account.Rules), so a new field without a rule is
// refused, and no profile text reaches a generator or the terminal
// unchecked.
var Rules = account.Rules{
	"Name":          account.CheckKey,
	"DisplayName":   account.CheckProfileName,
	"Domains[]":     account.CheckHost,
	"IMAP.Host":     account.CheckHost,
	"IMAP.Security": account.CheckSecurity,
	"IMAP.Auth":     account.CheckAuth,
	"SMTP.Host":     account.CheckHost,
	"SMTP.Security": account.CheckSecurity,
	"SMTP.Auth":     account.CheckAuth,
	"Source":        account.CheckSource,
}

// Check returns every field of p that fails its rule.
func Check(p Profile) []account.FieldError { return Rules.Check(p) }
