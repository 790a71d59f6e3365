package account

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
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
	rv := reflect.ValueOf(v)
	fs := fieldsOf(rv.Type())
	for k := range fs {
		f := &fs[k]
		fv := rv.FieldByIndex(f.index)
		switch {
		case f.kind != reflect.String && f.kind != reflect.Slice:
			// No checked type holds one; a new field of such a kind must
			// get a rule before it can be used.
			errs = append(errs, FieldError{f.path, "a field of kind " + f.kind.String() + " has no input check"})
		case f.kind == reflect.Slice:
			check, ok := r[f.rule] // once for all the elements
			for i := 0; i < fv.Len(); i++ {
				checkField(fv.Index(i).String(), f, i, check, ok, &errs)
			}
		default:
			check, ok := r[f.rule]
			checkField(fv.String(), f, -1, check, ok, &errs)
		}
	}
	return errs
}

// checkField checks s, the field f (its element i when i >= 0), with
// check, f's rule (ok false: there is none).
func checkField(s string, f *field, i int, check func(string) string, ok bool, errs *[]FieldError) {
	path := func() string {
		if i < 0 {
			return f.path
		}
		return fmt.Sprintf("%s[%d]", f.path, i)
	}
	if why := CheckText(s, anyText); why != "" {
		*errs = append(*errs, FieldError{path(), why})
		return
	}
	if !ok {
		*errs = append(*errs, FieldError{path(), "no input check for this field (add one to its Rules)"})
		return
	}
	if why := check(s); why != "" {
		*errs = append(*errs, FieldError{path(), why})
	}
}

// field is one leaf field of a struct type: a string, a slice of strings,
// or a kind no rule can check.
type field struct {
	index      []int
	path, rule string
	kind       reflect.Kind
}

// fields caches fieldsOf: reflecting over a type once, not per account.
var fields sync.Map // reflect.Type -> []field

// fieldsOf returns the leaf fields of the struct type t, in field order;
// numbers and booleans, which cannot carry text, are left out.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fields.Load(t); ok {
		return fs.([]field)
	}
	var out []field
	var walk func(t reflect.Type, index []int, path string)
	walk = func(t reflect.Type, index []int, path string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int(nil), index...), i)
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			switch k := f.Type.Kind(); {
			case k == reflect.Struct:
				walk(f.Type, idx, p)
			case k == reflect.String:
				out = append(out, field{idx, p, p, k})
			case k == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
				out = append(out, field{idx, p, p + "[]", k})
			case k == reflect.Slice || k == reflect.Array || k == reflect.Map || k == reflect.Pointer || k == reflect.Interface:
				out = append(out, field{idx, p, p, k})
			}
		}
	}
	walk(t, nil, "")
	fields.Store(t, out)
	return out
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
