package diag

import "testing"

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "m.yaml", Line: 3, Col: 7, Path: "accounts[0].email", Msg: "not an address", Fix: "write it as name@domain"},
			"m.yaml:3:7: accounts[0].email: not an address; write it as name@domain"},
		{Error{File: "m.yaml", Msg: "empty file"}, "m.yaml: empty file"},
		{Error{File: "m.yaml", Line: 2, Msg: "bad"}, "m.yaml:2: bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestListSortsByPlace(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list must be nil error")
	}
	l.Add(Error{File: "f", Line: 9, Col: 1, Msg: "b"})
	l.Add(Error{File: "f", Line: 2, Col: 5, Msg: "a"})
	want := "f:2:5: a\nf:9:1: b\n2 errors"
	if got := l.Err().Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ got, want string }{
		{"thunderbrd", ` (did you mean "thunderbird"?)`},
		{"Outlook", ` (did you mean "outlook"?)`},
		{"zzzzzzzz", ""},
	}
	for _, tt := range tests {
		if s := Suggest(tt.got, []string{"thunderbird", "outlook", "mutt"}); s != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.got, s, tt.want)
		}
	}
}
