package manifest

import "github.com/spectrumgen/spectrumgen/internal/account"

type obj = map[string]any

// Schema returns a JSON Schema (draft 2020-12) of the manifest, for editors
// that validate YAML as it is typed. clients and profiles are the known
// names, which the schema lists as enums.
func Schema(clients, profiles []string) map[string]any {
	securities := []string{}
	for _, s := range account.Securities {
		securities = append(securities, string(s))
	}
	auths := []string{}
	for _, a := range account.Auths {
		auths = append(auths, string(a))
	}
	server := obj{
		"type": "object", "additionalProperties": false,
		"description": "Server settings; each key overrides the profile's.",
		"properties": obj{
			"host":     obj{"type": "string", "description": "Host name, e.g. imap.spectrum.com"},
			"port":     obj{"type": "integer", "minimum": 1, "maximum": 65535},
			"security": obj{"enum": securities, "description": "ssl = implicit TLS; starttls; none = unencrypted"},
			"auth":     obj{"enum": auths},
		},
	}
	settings := obj{
		"profile": obj{"enum": profiles, "description": "Provider profile (see `spectrumgen profiles`). Without it, the profile that lists the address's domain; defaults.profile serves only addresses whose domain no profile lists."},
		"clients": obj{"type": "array", "minItems": 1, "items": obj{"enum": append(append([]string{}, clients...), "all")},
			"description": "Mail clients to generate for."},
		"password_command": obj{"type": "string",
			"description": "Command printing the password, for clients that can run one; {email}, {local} and {domain} are replaced."},
		"imap":                    server,
		"smtp":                    server,
		"apple_identifier_prefix": obj{"type": "string", "description": "Reverse-DNS prefix of Apple profile identifiers."},
		"outlook_folder":          obj{"type": "string", "description": `Windows folder the Outlook files are unpacked to (default C:\SpectrumMail).`},
		"office_version":          obj{"enum": OfficeVersions, "description": "Outlook registry version: 16.0 (2016 and later) or 15.0 (2013)."},
	}
	defaults := obj{}
	for k, v := range settings {
		defaults[k] = v
	}
	defaults["zip"] = obj{"type": "boolean", "description": "Also write zips/<address>.zip per person."}
	defaults["sign_cert"] = obj{"type": "string", "description": "PEM certificate that signs Apple profiles."}
	defaults["sign_key"] = obj{"type": "string", "description": "PEM private key of sign_cert."}
	defaults["sign_chain"] = obj{"type": "string", "description": "PEM intermediate certificates."}
	acct := obj{
		"email": obj{"type": "string", "pattern": `^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$`, "description": "Full address; also the user name."},
		"name":  obj{"type": "string", "description": "Display name shown to people you write to."},
	}
	for k, v := range settings {
		acct[k] = v
	}
	return obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"title":                "spectrumgen manifest",
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"version", "accounts"},
		"properties": obj{
			"version":      obj{"const": 1},
			"organization": obj{"type": "string", "description": "Shown in kits and Apple profiles."},
			"defaults":     obj{"type": "object", "additionalProperties": false, "properties": defaults},
			"accounts": obj{"type": "array", "minItems": 1, "items": obj{
				"type": "object", "additionalProperties": false, "required": []string{"email"}, "properties": acct,
			}},
		},
	}
}
