package account

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// FieldError is one field of a value that fails its check.
type FieldError struct {
	// Field is the field's Go path: "Name", "Incoming.Host", "Clients[2]".
	Field string
	Why   string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Why }

// Rules maps the path of every string field of a struct type (a slice's
// elements are "Field[]") to the check its value must pass. Check walks
// the value by reflection, so every string field is checked: one without
// a rule is itself an error, and a new field cannot reach a generator
// unchecked.
type Rules map[string]func(string) string

// anyText is the check every string passes before its own rule, whatever
// the rule says: no control or bidirectional characters, and a cap far
// above every field's own.
const anyText = 4096

// Check returns every field of v (a struct) that fails its rule, in field
// order.
func (r Rules) Check(v any) []FieldError {
	var errs []FieldError
	r.walk(reflect.ValueOf(v), "", &errs)
	return errs
}

func (r Rules) walk(v reflect.Value, path string, errs *[]FieldError) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			r.walk(v.Field(i), p, errs)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			r.check(v.Index(i), path+"[]", fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case reflect.String:
		r.check(v, path, path, errs)
	case reflect.Map, reflect.Pointer, reflect.Interface:
		// No checked type holds one; a new field of such a kind must
		// get a rule before it can be used.
		*errs = append(*errs, FieldError{path, "a field of kind " + v.Kind().String() + " has no input check"})
	}
}

func (r Rules) check(v reflect.Value, rule, path string, errs *[]FieldError) {
	if v.Kind() == reflect.Struct {
		r.walk(v, path, errs)
		return
	}
	if v.Kind() != reflect.String {
		return // numbers and booleans cannot carry text
	}
	s := v.String()
	if why := CheckText(s, anyText); why != "" {
		*errs = append(*errs, FieldError{path, why})
		return
	}
	check, ok := r[rule]
	if !ok {
		*errs = append(*errs, FieldError{path, "no input check for this field (add one to its Rules)"})
		return
	}
	if why := check(s); why != "" {
		*errs = append(*errs, FieldError{path, why})
	}
}

// StringFields returns the rule path of every string field of the struct
// type t, sorted: what a Rules for t must hold.
func StringFields(t reflect.Type) []string {
	var out []string
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		switch t.Kind() {
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				p := f.Name
				if path != "" {
					p = path + "." + f.Name
				}
				walk(f.Type, p)
			}
		case reflect.Slice, reflect.Array:
			walk(t.Elem(), path+"[]")
		case reflect.String:
			out = append(out, path)
		}
	}
	walk(t, "")
	sort.Strings(out)
	return out
}

// AccountRules is the check of every string field of Account.
var AccountRules = Rules{
	"Email":                         CheckEmail,
	"Name":                          CheckName,
	"Organization":                  CheckOrganization,
	"Profile":                       CheckKey,
	"ProfileName":                   CheckProfileName,
	"Incoming.Host":                 CheckHost,
	"Incoming.Security":             CheckSecurity,
	"Incoming.Auth":                 CheckAuth,
	"Incoming.Username":             CheckEmail,
	"Outgoing.Host":                 CheckHost,
	"Outgoing.Security":             CheckSecurity,
	"Outgoing.Auth":                 CheckAuth,
	"Outgoing.Username":             CheckEmail,
	"PasswordCommand":               optional(CheckPasswordCommand),
	"Clients[]":                     CheckKey,
	"Options.AppleIdentifierPrefix": CheckIdentifierPrefix,
	"Options.OutlookFolder":         CheckWindowsFolder,
	"Options.OfficeVersion":         CheckOfficeVersion,
}

// Check returns every field of a that fails its check. Every account a
// generator receives has passed it (the manifest's resolver calls it).
func Check(a Account) []FieldError { return AccountRules.Check(a) }

// CheckSecurity returns why s is not a security value, or "".
func CheckSecurity(s string) string {
	for _, v := range Securities {
		if Security(s) == v {
			return ""
		}
	}
	return fmt.Sprintf("unknown security %q", s)
}

// CheckAuth returns why s is not an authentication value, or "".
func CheckAuth(s string) string {
	for _, v := range Auths {
		if Auth(s) == v {
			return ""
		}
	}
	return fmt.Sprintf("unknown authentication %q", s)
}

// CheckOrganization returns why s cannot be the organization, or "".
func CheckOrganization(s string) string {
	if why := CheckText(s, MaxName); why != "" {
		return strings.Replace(why, "it ", "the organization ", 1)
	}
	return ""
}

// optional accepts "" and checks anything else with check.
func optional(check func(string) string) func(string) string {
	return func(s string) string {
		if s == "" {
			return ""
		}
		return check(s)
	}
}
