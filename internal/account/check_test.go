package account

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func validAccount() Account {
	srv := func(host string) Server {
		return Server{Host: host, Port: 993, Security: SSL, Auth: Password, Username: "alice@spectrum.net"}
	}
	return Account{
		Email: "alice@spectrum.net", Name: "Alice", Organization: "Example Dental",
		Profile: "spectrum", ProfileName: "Spectrum",
		Incoming: srv("imap.spectrum.com"), Outgoing: srv("smtp.spectrum.com"),
		PasswordCommand: "pass show spectrum/alice@spectrum.net",
		Clients:         []string{"mutt", "aerc"},
		Options:         Options{AppleIdentifierPrefix: "com.example.mail", OutlookFolder: `C:\SpectrumMail`, OfficeVersion: "16.0"},
	}
}

// set stores s in the field at path (a StringFields path) of the struct v
// points to; a slice gets s as its only element.
func set(t *testing.T, v reflect.Value, path, s string) {
	t.Helper()
	for _, name := range strings.Split(path, ".") {
		slice := strings.HasSuffix(name, "[]")
		v = v.FieldByName(strings.TrimSuffix(name, "[]"))
		if !v.IsValid() {
			t.Fatalf("no field %s", path)
		}
		if slice {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			v = v.Index(0)
		}
	}
	v.SetString(s)
}

// Every string field of Account, found by reflection, has a rule, and
// every rule names a field: a new field fails here until it gets a check.
func TestEveryAccountFieldHasARule(t *testing.T) {
	fields := StringFields(reflect.TypeOf(Account{}))
	var rules []string
	for k := range AccountRules {
		rules = append(rules, k)
	}
	slices.Sort(rules)
	if !slices.Equal(fields, rules) {
		t.Errorf("string fields of Account:\n  %v\nfields with a rule:\n  %v", fields, rules)
	}
	if len(fields) < 15 {
		t.Errorf("found only %d string fields: the walk misses nested ones", len(fields))
	}
	if errs := Check(validAccount()); len(errs) > 0 {
		t.Fatalf("a valid account fails: %v", errs)
	}
}

// Each field, set to a hostile value, makes Check fail and name it: a
// line break, a bidi override, a terminal escape, and a value far past
// every cap. So every field is checked, not only listed.
func TestEveryAccountFieldIsChecked(t *testing.T) {
	hostile := map[string]string{
		"newline":     "x\nset imap_pass = \"`touch /tmp/pwned`\"",
		"CR":          "x\r[evil]",
		"NUL":         "x\x00y",
		"DEL":         "x\x7fy",
		"C1":          "x\u0085y",
		"escape":      "x\x1b]0;title\x07",
		"bidi":        "x\u202egnp.exe",
		"isolate":     "x\u2066y\u2069",
		"line sep":    "x\u2028y",
		"long":        strings.Repeat("a", 1100),
		"non-char":    "x\uffffy",
		"invalid utf": "x\xffy",
	}
	for _, field := range StringFields(reflect.TypeOf(Account{})) {
		for what, bad := range hostile {
			a := validAccount()
			set(t, reflect.ValueOf(&a).Elem(), field, bad)
			errs := Check(a)
			want := strings.ReplaceAll(field, "[]", "[0]")
			if len(errs) == 0 || !slices.ContainsFunc(errs, func(e FieldError) bool { return e.Field == want }) {
				t.Errorf("%s set to a %s value: Check = %v, want an error for %s", field, what, errs, want)
			}
		}
	}
}

// A field without a rule is reported, not passed.
func TestMissingRuleIsAnError(t *testing.T) {
	r := Rules{"A": CheckName}
	errs := r.Check(struct{ A, B string }{"ok", "ok"})
	if len(errs) != 1 || errs[0].Field != "B" || !strings.Contains(errs[0].Why, "no input check") {
		t.Errorf("got %v", errs)
	}
	errs = r.Check(struct {
		A string
		M map[string]string
	}{"ok", nil})
	if len(errs) != 1 || errs[0].Field != "M" {
		t.Errorf("a map field: got %v", errs)
	}
}

func TestCheckText(t *testing.T) {
	for _, s := range []string{"", `O'Brien, "Pat" #1; $HOME \ ` + "`x`", "Zoë Ünlü 山田 😀", "עברית", strings.Repeat("a", 100)} {
		if why := CheckText(s, 100); why != "" {
			t.Errorf("CheckText(%q) = %q", s, why)
		}
	}
	for _, s := range []string{"a\tb", "a\u200fb", "a\ufeffb", "a\U0001fffeb", "a\ufdd0b", strings.Repeat("a", 101)} {
		if CheckText(s, 100) == "" {
			t.Errorf("CheckText(%q) accepted", s)
		}
	}
}
