package guidetext

import (
	"fmt"
	"strconv"

	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Values are a person's settings as the guided pages print them: the
// person's own values, never placeholders, and each server's security in
// the words of the app being set up.
type Values struct {
	Email, Name, DisplayName string
	Provider                 string // the profile's display name, e.g. "Spectrum"
	In, Out                  Server
}

// Server is one server's fields as a setup screen asks for them.
type Server struct {
	Host, Port, User string
	// Security is the app's name for the server's security (its option
	// text, e.g. "SSL/TLS"), chosen from the profile's value, never from
	// the port.
	Security string
	// TLS says the connection is encrypted from the first byte (implicit
	// TLS), STARTTLS that it upgrades; both false means unencrypted.
	TLS, STARTTLS bool
	// Login says the server asks for the user name and password.
	Login bool
}

// Profile is the part of Values that is not the person's: the provider's
// name and its servers' settings, the same for everyone of one profile. The
// steps' pieces that print nothing else are executed once per Profile
// (generators.Pieces); every field of it is the cache's key.
type Profile struct {
	Provider string
	In, Out  ProfileServer
}

// ProfileServer is Server without the person's user name.
type ProfileServer struct {
	Host, Port, Security string
	TLS, STARTTLS, Login bool
}

// Profile returns v's profile-level values.
func (v Values) Profile() Profile {
	return Profile{Provider: v.Provider, In: v.In.profile(), Out: v.Out.profile()}
}

func (s Server) profile() ProfileServer {
	return ProfileServer{Host: s.Host, Port: s.Port, Security: s.Security, TLS: s.TLS, STARTTLS: s.STARTTLS, Login: s.Login}
}

// Labels are an app's words for the three kinds of security.
type Labels map[account.Security]string

// ValuesOf returns a's values with each server's security in labels' words.
func ValuesOf(a account.Account, labels Labels) (Values, error) {
	in, err := serverOf(a.Incoming, labels)
	if err != nil {
		return Values{}, fmt.Errorf("%s: incoming server: %w", a.Email, err)
	}
	out, err := serverOf(a.Outgoing, labels)
	if err != nil {
		return Values{}, fmt.Errorf("%s: outgoing server: %w", a.Email, err)
	}
	provider := a.ProfileName
	if provider == "" {
		provider = "your provider"
	}
	return Values{Email: a.Email, Name: a.Name, DisplayName: a.DisplayName(), Provider: provider, In: in, Out: out}, nil
}

func serverOf(s account.Server, labels Labels) (Server, error) {
	label, ok := labels[s.Security]
	if !ok {
		return Server{}, fmt.Errorf("unknown security %q", s.Security)
	}
	return Server{
		Host: s.Host, Port: strconv.Itoa(s.Port), User: s.Username,
		Security: label,
		TLS:      s.Security == account.SSL, STARTTLS: s.Security == account.STARTTLS,
		Login: s.Auth != account.NoAuth,
	}, nil
}
