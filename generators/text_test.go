package generators

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// TestOneLine: every string field is checked, in nested structs and
// slices too, and the error names the field.
func TestOneLine(t *testing.T) {
	ok := account.Account{Email: "a@b.example", Name: "Zoë O'Brien \"#;$\\`", Clients: []string{"mutt"}}
	if err := OneLine("x", ok); err != nil {
		t.Fatalf("OneLine(%+v) = %v, want nil", ok, err)
	}
	for _, tc := range []struct {
		set   func(*account.Account, string)
		field string
	}{
		{func(a *account.Account, s string) { a.Name = s }, "Name"},
		{func(a *account.Account, s string) { a.Incoming.Host = s }, "Incoming.Host"},
		{func(a *account.Account, s string) { a.Outgoing.Username = s }, "Outgoing.Username"},
		{func(a *account.Account, s string) { a.Clients = []string{"mutt", s} }, "Clients[1]"},
		{func(a *account.Account, s string) { a.Options.OutlookFolder = s }, "Options.OutlookFolder"},
	} {
		for _, bad := range []string{"\n", "\r", "\x00", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029"} {
			a := ok
			tc.set(&a, "x"+bad+"y")
			err := OneLine("x", a)
			if err == nil || !strings.Contains(err.Error(), tc.field+" ") {
				t.Errorf("OneLine with %q in %s = %v, want an error naming %s", bad, tc.field, err, tc.field)
			}
		}
	}
}

// FuzzOneLine: the quick first walk and the walk that names the field agree.
func FuzzOneLine(f *testing.F) {
	f.Add("Zoë", "\u2028")
	f.Add("\xff\n", "")
	f.Fuzz(func(t *testing.T, name, host string) {
		a := account.Account{Name: name, Incoming: account.Server{Host: host}, Clients: []string{host}}
		v := reflect.ValueOf(&a).Elem()
		if got, want := holdsControl(v), oneLine("x", v, "") != nil; got != want {
			t.Fatalf("holdsControl(%q, %q) = %v, the naming walk finds %v", name, host, got, want)
		}
	})
}
