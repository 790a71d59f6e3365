package app

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestPromptsAtTerminal: with no --email and no manifest, a person at a
// terminal is asked for the address and the name, on stderr; a wrong
// answer is named and asked again, without a word about flags.
func TestPromptsAtTerminal(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		clients  []string
		wantErr  string   // "" for success
		stderr   []string // in order
		userJS   string   // a line user.js must hold
	}{
		{"answers", "Me@Spectrum.net\nMe \"Myself\"\n", []string{"thunderbird"}, "",
			[]string{"Email address: ", "Your name"}, `"mail.identity.id901.fullName", "Me \"Myself\""`},
		{"a wrong address is asked again", "bob\n\nme@spectrum.net\nMe\n", []string{"thunderbird"}, "",
			[]string{"Email address: ", `"bob": the address has no @; type the full address, e.g. alice@spectrum.net; try again`,
				"Email address: ", `"": the address is empty`, "Email address: ", "Your name"}, `"mail.server.server901.userName", "me@spectrum.net"`},
		{"a name Outlook cannot hold is asked again", "me@spectrum.net\n山田太郎\nTaro Yamada\n", []string{"outlook"}, "",
			[]string{"Your name", "has no Windows-1252 form", "try again", "Your name"}, ""},
		{"Enter gives no name", "me@spectrum.net\n\n", []string{"thunderbird"}, "",
			[]string{"Your name"}, `"mail.identity.id901.fullName", ""`},
		{"the answers run out", "bob\n", []string{"thunderbird"}, "no answer given", []string{"try again"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			s := &IO{In: strings.NewReader(tc.in), Out: &out, Err: &errb, InTTY: true}
			opt := GenerateOptions{Input: Input{Clients: tc.clients}, Out: "-"}
			if tc.clients[0] == "outlook" {
				opt.Out = t.TempDir()
				opt.Quiet = true
			}
			err := Generate(context.Background(), opt, s)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			rest := errb.String()
			for _, w := range tc.stderr {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stderr lacks %q (in order):\n%s", w, errb.String())
				}
				rest = rest[i+len(w):]
			}
			if strings.Contains(errb.String(), "--") {
				t.Errorf("a prompt mentions a flag:\n%s", errb.String())
			}
			if tc.userJS != "" && !strings.Contains(out.String(), tc.userJS) {
				t.Errorf("user.js lacks %s:\n%s", tc.userJS, out.String())
			}
		})
	}
	// Without a terminal there is no prompt: a usage error.
	var out, errb bytes.Buffer
	s := &IO{In: strings.NewReader("me@spectrum.net\n"), Out: &out, Err: &errb}
	err := Generate(context.Background(), GenerateOptions{Input: Input{Clients: []string{"thunderbird"}}, Out: "-"}, s)
	if ExitCode(err) != 2 {
		t.Errorf("no terminal: err = %v, want a usage error", err)
	}
}

// TestEmailWithoutName: --email without --name off a terminal writes no
// display name and says so; at a terminal it asks.
func TestEmailWithoutName(t *testing.T) {
	var out, errb bytes.Buffer
	s := &IO{In: strings.NewReader(""), Out: &out, Err: &errb}
	err := Generate(context.Background(), GenerateOptions{Input: Input{Email: "me@spectrum.net", Clients: []string{"thunderbird"}}, Out: "-"}, s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errb.String(), "note: no --name, so the kit gives me@spectrum.net no display name") {
		t.Errorf("stderr = %q", errb.String())
	}
	out.Reset()
	errb.Reset()
	s = &IO{In: strings.NewReader("Me\n"), Out: &out, Err: &errb, InTTY: true}
	err = Generate(context.Background(), GenerateOptions{Input: Input{Email: "me@spectrum.net", Clients: []string{"thunderbird"}}, Out: "-"}, s)
	if err != nil || !strings.Contains(errb.String(), "Your name") || !strings.Contains(out.String(), `"mail.identity.id901.fullName", "Me"`) {
		t.Errorf("err %v, stderr %q, user.js:\n%s", err, errb.String(), out.String())
	}
	// verify needs no name and asks none.
	errb.Reset()
	in := Input{Email: "me@spectrum.net"}
	if _, err := load(in, &IO{In: strings.NewReader("x\n"), Err: &errb, InTTY: true}); err != nil || errb.Len() != 0 {
		t.Errorf("load without askName: err %v, stderr %q", err, errb.String())
	}
}
