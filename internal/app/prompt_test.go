package app

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestPromptsAtTerminal: with no --email and no manifest, a person at a
// terminal is asked for the address and the name, on stderr.
func TestPromptsAtTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	s := &IO{In: strings.NewReader("Me@Spectrum.net\nMe \"Myself\"\n"), Out: &out, Err: &errb, InTTY: true}
	err := Generate(context.Background(), GenerateOptions{Input: Input{Clients: []string{"thunderbird"}}, Out: "-"}, s)
	if err != nil {
		t.Fatal(err)
	}
	if got := errb.String(); !strings.Contains(got, "Email address: ") || !strings.Contains(got, "Your name") {
		t.Errorf("prompts = %q", got)
	}
	if !strings.Contains(out.String(), `"mail.identity.id901.fullName", "Me \"Myself\""`) ||
		!strings.Contains(out.String(), `"mail.server.server901.userName", "me@spectrum.net"`) {
		t.Errorf("user.js does not hold the answers:\n%s", out.String())
	}
	// Without a terminal there is no prompt: a usage error.
	s = &IO{In: strings.NewReader("me@spectrum.net\n"), Out: &out, Err: &errb}
	err = Generate(context.Background(), GenerateOptions{Input: Input{Clients: []string{"thunderbird"}}, Out: "-"}, s)
	if ExitCode(err) != 2 {
		t.Errorf("no terminal: err = %v, want a usage error", err)
	}
	// An empty answer at the terminal is refused as an address.
	s = &IO{In: strings.NewReader("\n\n"), Out: &out, Err: &errb, InTTY: true}
	err = Generate(context.Background(), GenerateOptions{Input: Input{Clients: []string{"thunderbird"}}, Out: "-"}, s)
	if err == nil || !strings.Contains(err.Error(), "the address is empty") {
		t.Errorf("empty answer: err = %v", err)
	}
}
