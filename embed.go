// Package spectrumgen holds the files embedded in the binary from the top of
// the repository: the provider profiles.
package spectrumgen

import _ "embed"

// ProfilesYAML is profiles.yaml, the built-in provider profiles.
//
//go:embed profiles.yaml
var ProfilesYAML []byte

// ProfilesFile is the name under which ProfilesYAML is reported in errors.
const ProfilesFile = "profiles.yaml (built in)"
