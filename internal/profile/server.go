package profile

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/strictyaml"
)

// ServerOverride is a server block in which every key is optional: a
// profile's server when complete, or a manifest's per-account override.
type ServerOverride struct {
	Host     *string
	Port     *int
	Security *account.Security
	Auth     *account.Auth
}

// Apply returns s with every field the override sets replaced.
func (o ServerOverride) Apply(s Server) Server {
	if o.Host != nil {
		s.Host = *o.Host
	}
	if o.Port != nil {
		s.Port = *o.Port
	}
	if o.Security != nil {
		s.Security = *o.Security
	}
	if o.Auth != nil {
		s.Auth = *o.Auth
	}
	return s
}

// missing names the keys a complete server block lacks, or "".
func (o ServerOverride) missing() string {
	var m []string
	if o.Host == nil {
		m = append(m, "host")
	}
	if o.Port == nil {
		m = append(m, "port")
	}
	if o.Security == nil {
		m = append(m, "security")
	}
	return strings.Join(m, ", ")
}

// ParseServer reads {host, port, security, auth}, each optional, reporting
// every bad value at its place.
func ParseServer(d *strictyaml.Decoder, n *yaml.Node, path string) ServerOverride {
	var o ServerOverride
	f := d.Fields(n, path, "host", "port", "security", "auth")
	if v, ok := f["host"]; ok {
		if h, ok := d.String(v, path+".host"); ok {
			if why := account.CheckHost(h); why != "" {
				d.Errorf(v, path+".host", "", "%s", why)
			} else {
				h = strings.ToLower(h)
				o.Host = &h
			}
		}
	}
	if v, ok := f["port"]; ok {
		if p, ok := d.Int(v, path+".port"); ok {
			if p < 1 || p > 65535 {
				d.Errorf(v, path+".port", "use a port from 1 to 65535 (IMAP: 993, SMTP: 587 or 465)", "port %d is out of range", p)
			} else {
				o.Port = &p
			}
		}
	}
	if v, ok := f["security"]; ok {
		if s, ok := d.String(v, path+".security"); ok {
			sec := account.Security(s)
			if !oneOf(sec, account.Securities) {
				d.Errorf(v, path+".security", "use ssl (implicit TLS), starttls or none",
					"unknown security %q%s", s, suggest(s, account.Securities))
			} else {
				o.Security = &sec
			}
		}
	}
	if v, ok := f["auth"]; ok {
		if s, ok := d.String(v, path+".auth"); ok {
			a := account.Auth(s)
			if !oneOf(a, account.Auths) {
				d.Errorf(v, path+".auth", "use password or none", "unknown authentication %q%s", s, suggest(s, account.Auths))
			} else {
				o.Auth = &a
			}
		}
	}
	return o
}
