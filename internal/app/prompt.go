package app

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
)

// maxTries is how often a prompt asks again before giving up: enough for
// typos, few enough that a script feeding it wrong lines stops.
const maxTries = 5

// ask prompts on Err, reads a line from In, and checks it with check
// (which returns why an answer is wrong, or ""): a wrong answer is named
// and asked again, so a typo costs one line, not the run.
func (s *IO) ask(question string, check func(string) string) (string, error) {
	if s.in == nil {
		s.in = bufio.NewReader(s.In)
	}
	for range maxTries {
		fmt.Fprint(s.Err, question)
		line, err := s.in.ReadString('\n')
		if err != nil && line == "" {
			fmt.Fprintln(s.Err)
			return "", Usagef("no answer given")
		}
		answer := strings.TrimSpace(line)
		why := check(answer)
		if why == "" {
			return answer, nil
		}
		fmt.Fprintf(s.Err, "  %s; try again\n", why)
	}
	return "", Usagef("no usable answer in %d tries", maxTries)
}

// askEmail asks for the address.
func (s *IO) askEmail() (string, error) {
	return s.ask("Email address: ", func(v string) string {
		if why := account.CheckEmail(strings.ToLower(v)); why != "" {
			return fmt.Sprintf("%q: %s; type the full address, e.g. alice@spectrum.net", v, why)
		}
		return ""
	})
}

// askName asks for the display name, or none (Enter), and checks it as
// every client of the run will write it: a name Outlook's Windows-1252
// cannot hold is refused here, not after the prompt.
func (s *IO) askName(in Input, opt manifest.Options) (string, error) {
	return s.ask("Your name, as people you write to see it (Enter for none): ", func(v string) string {
		if why := account.CheckName(v); why != "" {
			return why
		}
		_, err := manifest.Single(in.Email, v, in.PasswordCommand, opt)
		var ce *manifest.ClientError
		if errors.As(err, &ce) {
			return ce.Error() + "; type the name in other letters, or leave it empty"
		}
		return "" // other problems are not the name's; they are reported after
	})
}
