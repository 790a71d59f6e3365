package manifest

import (
	"errors"
	"fmt"
	"slices"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// ClientError is why one of an account's clients cannot be written, as
// Options.Check returns it (joined with errors.Join for several).
type ClientError struct {
	Client string
	Err    error
}

func (e *ClientError) Error() string { return e.Err.Error() }
func (e *ClientError) Unwrap() error { return e.Err }

// LeftOut is one person's client that a bulk run leaves out, and why.
type LeftOut struct {
	Email, Client string
	Reason        string
	// At is where the person is written: file:line:column, or the file.
	At string
	// Person says the person had no other client: no kit at all.
	Person bool
}

func (l LeftOut) String() string {
	whole := ""
	if l.Person {
		whole = " (no other client: no kit for this person)"
	}
	return fmt.Sprintf("%s: left out %s's %s kit%s: %s", l.At, l.Email, l.Client, whole, l.Reason)
}

// clientErrors splits a Check error into one ClientError per client; ok
// is false when some part of it is not about one client.
func clientErrors(err error) (out []*ClientError, ok bool) {
	var parts []error
	if j, isJoin := err.(interface{ Unwrap() []error }); isJoin {
		parts = j.Unwrap()
	} else {
		parts = []error{err}
	}
	for _, p := range parts {
		var ce *ClientError
		if !errors.As(p, &ce) {
			return nil, false
		}
		out = append(out, ce)
	}
	return out, len(out) > 0
}

// leaveOut drops the clients that cannot be written from a, and says so
// in r.leftOut. It reports whether any client remains; an account with
// none left is left out as a whole.
func (r *resolver) leaveOut(a *account.Account, errs []*ClientError, at place) bool {
	where := r.d.File
	if at.line > 0 {
		where = fmt.Sprintf("%s:%d:%d", r.d.File, at.line, at.col)
	}
	// Accounts share their list of clients (resolver.clients): change a copy.
	a.Clients = slices.Clone(a.Clients)
	for _, ce := range errs {
		a.Clients = slices.DeleteFunc(a.Clients, func(c string) bool { return c == ce.Client })
	}
	for _, ce := range errs {
		r.leftOut = append(r.leftOut, LeftOut{Email: a.Email, Client: ce.Client, Reason: ce.Err.Error(), At: where, Person: len(a.Clients) == 0})
	}
	return len(a.Clients) > 0
}

// done is finish, with the clients left out attached to the manifest.
func (r *resolver) done() (*Manifest, error) {
	m, err := r.finish()
	if m != nil {
		m.LeftOut = r.leftOut
	}
	return m, err
}
