// Package tbandroid generates a QR code that Thunderbird for Android reads
// with Import settings, Scan QR code: the "Export for Mobile" format,
// version 1, that Thunderbird desktop writes (thunderbird-android,
// feature/migration/qrcode/qr-code-format.md). The code holds the servers,
// the user name, the address and the name, never the password: the app
// asks for it after the import.
package tbandroid

import (
	"fmt"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
)

// Generator is the thunderbird-android client.
type Generator struct{}

// Name implements generators.Generator.
func (Generator) Name() string { return "thunderbird-android" }

// Describe implements generators.Generator.
func (Generator) Describe() string {
	return "Thunderbird for Android: a QR code (PNG) to scan with Import settings"
}

// PNGPath is the code's file in the kit; README.html shows it from its own
// folder. There is no SVG beside it: a bulk run is bound by the number of
// files it writes, and the PNG, 4 pixels a module (the size README.html
// shows it at), reads from a screen and from paper.
const PNGPath = "thunderbird-android/qr-code.png"

// Check implements generators.Checker: the payload is the only part that
// can fail for an account the manifest accepts.
func (Generator) Check(a account.Account) error {
	if err := generators.OneLine("thunderbird-android", a); err != nil {
		return err
	}
	_, err := Payload(a)
	return err
}

// Generate implements generators.Generator.
func (Generator) Generate(a account.Account) ([]generators.File, error) {
	if err := generators.OneLine("thunderbird-android", a); err != nil {
		return nil, err // validation refuses it first; a direct caller still cannot add a line
	}
	m, err := code(a)
	if err != nil {
		return nil, err
	}
	return []generators.File{{Path: PNGPath, Data: m.PNG()}}, nil
}

// code returns the QR code of a's payload.
func code(a account.Account) (*grid, error) {
	p, err := Payload(a)
	if err != nil {
		return nil, err
	}
	m, err := encode(p)
	if err != nil {
		return nil, fmt.Errorf("thunderbird-android: %s: %w", a.Email, err)
	}
	return m, nil
}
