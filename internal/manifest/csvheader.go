package manifest

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/spectrumgen/spectrumgen/internal/diag"
)

// csvColumns are spectrumgen's own column names, in the order the docs
// list them.
var csvColumns = []string{"email", "name", "profile", "clients", "password_command"}

// Header names that real exports write, by what they hold. Headers are
// compared after normalizeHeader: lower case, a bracketed note such as
// Google's "[Required]" dropped, and only letters and digits kept, so
// "E-mail Address", "Email Address [Required]" and "emailaddress" are one.
//
// Where they come from:
//   - Google Workspace (Admin console, Users, Download / bulk template):
//     "First Name [Required]", "Last Name [Required]", "Email Address [Required]".
//   - Google Contacts: "First Name", "Last Name", "E-mail 1 - Value"; older
//     exports "Name", "Given Name", "Additional Name", "Family Name".
//   - Microsoft 365 admin center (Active users, Export): "Display name",
//     "First name", "Last name", "User principal name".
//   - Microsoft Entra ID (Download users): userPrincipalName, displayName,
//     givenName, surname, mail.
//   - Active Directory (Get-ADUser ... | Export-Csv): Name, GivenName,
//     Surname, UserPrincipalName, EmailAddress or mail; Exchange's
//     Get-Mailbox: DisplayName, PrimarySmtpAddress.
//   - Outlook (File, Export, Comma Separated Values): "First Name",
//     "Middle Name", "Last Name", "E-mail Address".
//   - HR systems (BambooHR, Gusto and the like): "Work Email", "First Name",
//     "Last Name".
var (
	// addressHeaders, best first: a column of the first group wins over
	// one of the second, since a user principal name is a sign-in name
	// that is usually, not always, the address.
	addressHeaders = [][]string{
		{"email", "emailaddress", "mail", "primaryemail", "primaryemailaddress", "primarysmtpaddress",
			"workemail", "workemailaddress", "businessemail", "email1value"},
		{"userprincipalname", "upn"},
	}
	nameHeaders   = []string{"name", "displayname", "fullname"}
	firstHeaders  = []string{"firstname", "givenname", "first", "forename"}
	middleHeaders = []string{"middlename", "additionalname"}
	lastHeaders   = []string{"lastname", "surname", "familyname", "last"}
	// The rest of spectrumgen's own columns.
	ownHeaders = map[string]string{"profile": "profile", "clients": "clients", "client": "clients",
		"passwordcommand": "password_command"}
)

// normalizeHeader reduces a header cell to the form the tables above use.
func normalizeHeader(h string) string {
	if i := strings.IndexByte(h, '['); i > 0 { // "Email Address [Required]"
		h = h[:i]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// csvHeader is what the header row says: the index of each column that
// is read (-1 when absent), and the names of those that are not.
type csvHeader struct {
	names                            []string // the header cells, trimmed
	email, name, first, middle, last int
	own                              map[string]int // profile, clients, password_command
	ignored                          []string
}

// readHeader maps the header row. Unknown columns are ignored (exports
// carry dozens: department, phone, licences); note names them in one
// warning. A problem says what is missing or ambiguous.
func readHeader(header []string) (h csvHeader, problems []headerProblem) {
	h = csvHeader{email: -1, name: -1, first: -1, middle: -1, last: -1, own: map[string]int{}}
	for _, c := range header {
		h.names = append(h.names, strings.TrimSpace(c))
	}
	emailRank := len(addressHeaders)
	seen := map[string]int{}
	for i, raw := range h.names {
		key := normalizeHeader(raw)
		if key == "" {
			continue // spreadsheets export trailing empty columns
		}
		if first, dup := seen[key]; dup {
			if h.uses(first) {
				problems = append(problems, headerProblem{i, fmt.Sprintf("column %q appears twice", excerpt(raw)), "keep one of them"})
			} else {
				h.ignored = append(h.ignored, raw)
			}
			continue
		}
		seen[key] = i
		used := true
		switch {
		case addressRank(key) >= 0:
			if r := addressRank(key); r < emailRank {
				if h.email >= 0 {
					h.ignored = append(h.ignored, h.names[h.email])
				}
				h.email, emailRank = i, r
			} else {
				used = false
			}
		case slices.Contains(nameHeaders, key) && h.name < 0:
			h.name = i
		case slices.Contains(firstHeaders, key) && h.first < 0:
			h.first = i
		case slices.Contains(middleHeaders, key) && h.middle < 0:
			h.middle = i
		case slices.Contains(lastHeaders, key) && h.last < 0:
			h.last = i
		case ownHeaders[key] != "":
			if _, has := h.own[ownHeaders[key]]; has {
				problems = append(problems, headerProblem{i, fmt.Sprintf("column %q names the column %s again", excerpt(raw), ownHeaders[key]), "keep one of them"})
			} else {
				h.own[ownHeaders[key]] = i
			}
		default:
			used = false
		}
		if !used {
			h.ignored = append(h.ignored, raw)
		}
	}
	if h.middle >= 0 && h.first < 0 && h.last < 0 {
		h.ignored = append(h.ignored, h.names[h.middle]) // a middle name alone is no name
		h.middle = -1
	}
	if h.email < 0 {
		for i, raw := range h.names {
			if suggestColumn(raw) == ` (did you mean "email"?)` {
				problems = append(problems, headerProblem{i, fmt.Sprintf("no address column (is %q meant to be email?)", excerpt(raw)), "name the column of addresses email"})
				return h, problems
			}
		}
		problems = append(problems, headerProblem{-1, "no address column",
			`the first row must name the columns, e.g. email,name,clients (also read: "E-mail Address", "Email Address", "mail", "Primary Email", "Work Email", "User principal name")`})
	}
	return h, problems
}

// headerProblem is an error in the header row; col is the cell's index,
// -1 for the row as a whole.
type headerProblem struct {
	col      int
	msg, fix string
}

func (h csvHeader) uses(i int) bool {
	if i == h.email || i == h.name || i == h.first || i == h.middle || i == h.last {
		return true
	}
	for _, j := range h.own {
		if i == j {
			return true
		}
	}
	return false
}

// nameParts are the columns a name is joined from when there is no name
// column or its cell is empty: first, middle, last.
func (h csvHeader) nameParts() []int {
	var out []int
	for _, i := range []int{h.first, h.middle, h.last} {
		if i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

func addressRank(key string) int {
	for r, names := range addressHeaders {
		if slices.Contains(names, key) {
			return r
		}
	}
	return -1
}

// note is the one warning about the header: which columns are ignored,
// and where the address and the name come from when not from columns
// named email and name. Empty when there is nothing to say.
func (h csvHeader) note() string {
	var parts []string
	if n := len(h.ignored); n > 0 {
		const shown = 8
		names := make([]string, 0, shown)
		for _, c := range h.ignored[:min(n, shown)] {
			names = append(names, fmt.Sprintf("%q%s", excerpt(c), suggestColumn(c)))
		}
		more := ""
		if n > shown {
			more = fmt.Sprintf(" and %d more", n-shown)
		}
		word := "columns"
		if n == 1 {
			word = "column"
		}
		parts = append(parts, fmt.Sprintf("ignoring %d %s spectrumgen does not read: %s%s", n, word, strings.Join(names, ", "), more))
	}
	var from []string
	if h.email >= 0 && normalizeHeader(h.names[h.email]) != "email" {
		from = append(from, fmt.Sprintf("the address from %q", excerpt(h.names[h.email])))
	}
	var joined []string
	for _, i := range h.nameParts() {
		joined = append(joined, fmt.Sprintf("%q", excerpt(h.names[i])))
	}
	switch {
	case h.name >= 0 && len(joined) > 0:
		from = append(from, fmt.Sprintf("the name from %q (or %s where it is empty)", excerpt(h.names[h.name]), strings.Join(joined, " + ")))
	case h.name >= 0 && normalizeHeader(h.names[h.name]) != "name":
		from = append(from, fmt.Sprintf("the name from %q", excerpt(h.names[h.name])))
	case h.name < 0 && len(joined) > 0:
		from = append(from, "the name from "+strings.Join(joined, " + "))
	}
	if len(from) > 0 {
		parts = append(parts, "reading "+strings.Join(from, " and "))
	}
	return strings.Join(parts, "; ")
}

// suggestColumn hints at a misspelt own column: "clinets" is more likely
// a typo than a column of an export.
func suggestColumn(raw string) string {
	key := normalizeHeader(raw)
	for _, c := range csvColumns {
		if key != normalizeHeader(c) && distanceAtMost(key, normalizeHeader(c), 2) {
			return fmt.Sprintf(" (did you mean %q?)", c)
		}
	}
	return ""
}

// distanceAtMost reports whether a and b are at most n edits apart, for
// short words.
func distanceAtMost(a, b string, n int) bool {
	if len(a) > len(b)+n || len(b) > len(a)+n || len(a) < 3 {
		return false
	}
	return diag.Distance(a, b) <= n
}
