package profile

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Every string field of Profile, found by reflection, has a rule, and each
// one set to a hostile value fails Check under its own name: a new field
// fails this test until it gets a check.
func TestEveryProfileFieldIsChecked(t *testing.T) {
	fields := account.StringFields(reflect.TypeOf(Profile{}))
	var rules []string
	for k := range Rules {
		rules = append(rules, k)
	}
	slices.Sort(rules)
	if !slices.Equal(fields, rules) {
		t.Errorf("string fields of Profile:\n  %v\nfields with a rule:\n  %v", fields, rules)
	}
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range set.Names() {
		p, _ := set.Get(n)
		if errs := Check(p); len(errs) > 0 {
			t.Errorf("built-in profile %s fails: %v", n, errs)
		}
	}
	valid, _ := set.Get("spectrum")
	for _, field := range fields {
		for _, bad := range []string{"x\n[evil]\nsource-cred-cmd = touch /tmp/x", "x\x1b[2J", "x\u202ey", strings.Repeat("a", 1000)} {
			p := valid
			p.Domains = slices.Clone(p.Domains)
			v := reflect.ValueOf(&p).Elem()
			for _, name := range strings.Split(field, ".") {
				v = v.FieldByName(strings.TrimSuffix(name, "[]"))
				if strings.HasSuffix(name, "[]") {
					v.Set(reflect.MakeSlice(v.Type(), 1, 1))
					v = v.Index(0)
				}
			}
			v.SetString(bad)
			want := strings.ReplaceAll(field, "[]", "[0]")
			if errs := Check(p); !slices.ContainsFunc(errs, func(e account.FieldError) bool { return e.Field == want }) {
				t.Errorf("%s = %q: Check = %v", field, bad, errs)
			}
		}
	}
}
