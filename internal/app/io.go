package app

import (
	"io"
	"os"

	"golang.org/x/term"
)

// NewIO returns the IO of a process reading in and writing out and err:
// whether each is a terminal, and the colour setting, decided here once
// for the run. lookupEnv reads NO_COLOR (os.LookupEnv in main).
func NewIO(in io.Reader, out, err io.Writer, lookupEnv func(string) (string, bool)) *IO {
	s := &IO{In: in, Out: out, Err: err, NoColor: noColor(lookupEnv)}
	var inFile *os.File
	inFile, s.InTTY = terminal(in)
	_, s.OutTTY = terminal(out)
	_, s.ErrTTY = terminal(err)
	if s.InTTY {
		s.ReadSecret = func() ([]byte, error) { return term.ReadPassword(int(inFile.Fd())) }
	}
	return s
}

// terminal reports whether v is a file that is a terminal.
func terminal(v any) (*os.File, bool) {
	f, ok := v.(*os.File)
	return f, ok && term.IsTerminal(int(f.Fd()))
}

// noColor reports whether NO_COLOR is set to a non-empty value
// (https://no-color.org).
func noColor(lookupEnv func(string) (string, bool)) bool {
	v, set := lookupEnv("NO_COLOR")
	return set && v != ""
}

// colorOn says whether a writer that is a terminal (tty) gets colour:
// the one rule every colour decision uses.
func (s *IO) colorOn(tty bool) bool { return tty && !s.NoColor }
