package app

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/generators/apple"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/applesign"
	"github.com/spectrumgen/spectrumgen/internal/kit"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
)

// SignOptions name the PEM files that sign Apple profiles (--sign-cert,
// --sign-key, --sign-chain). Each one given wins over the manifest's
// defaults.sign_cert, sign_key, sign_chain.
type SignOptions struct {
	Cert, Key, Chain string
}

// signingStep loads the signing identity, when one is asked for, and
// returns the kit step that replaces each profile with its signed form,
// and what identifies that step (kit.Options.StepsID: the certificates,
// never the key). It runs before anything is written: bad key material
// stops the run here.
func signingStep(opt GenerateOptions, m *manifest.Manifest, now time.Time) (kit.Step, string, []string, error) {
	files := signFiles(opt, m.Kit)
	if files == (applesign.Files{}) {
		return nil, "", nil, nil
	}
	// Half a pair on the command line is a usage error; half a pair from
	// the manifest is the manifest's (applesign.Load says so, exit 1).
	if (opt.Sign.Cert != "" || opt.Sign.Key != "" || opt.Sign.Chain != "") && (files.Cert == "" || files.Key == "") {
		return nil, "", nil, Usagef("signing needs both --sign-cert and --sign-key (or sign_cert and sign_key in the manifest's defaults)")
	}
	signer, warnings, err := applesign.Load(files, now)
	if err != nil {
		return nil, "", nil, err
	}
	if !slices.ContainsFunc(m.Accounts, func(a account.Account) bool { return slices.Contains(a.Clients, "apple") }) {
		warnings = append(warnings, "a signing certificate was given, but no account has the apple client: nothing to sign")
	}
	return signStep(signer), "apple-sign " + signer.Identity(), warnings, nil
}

// signFiles merges flags and the manifest. Paths in a manifest are
// relative to the manifest's folder, so a kit folder can be moved whole.
func signFiles(opt GenerateOptions, k manifest.Kit) applesign.Files {
	dir := "."
	if opt.Manifest != "" && opt.Manifest != "-" {
		dir = filepath.Dir(opt.Manifest)
	}
	pick := func(flag, fromManifest string) string {
		switch {
		case flag != "":
			return flag
		case fromManifest == "" || filepath.IsAbs(fromManifest):
			return fromManifest
		}
		return filepath.Join(dir, fromManifest)
	}
	return applesign.Files{
		Cert:  pick(opt.Sign.Cert, k.SignCert),
		Key:   pick(opt.Sign.Key, k.SignKey),
		Chain: pick(opt.Sign.Chain, k.SignChain),
	}
}

// signStep signs every .mobileconfig among a person's files.
func signStep(s *applesign.Signer) kit.Step {
	return func(_ account.Account, files []generators.File) ([]generators.File, error) {
		out := make([]generators.File, len(files))
		for i, f := range files {
			if strings.HasSuffix(f.Path, apple.Extension) {
				der, err := s.Sign(f.Data)
				if err != nil {
					return nil, fmt.Errorf("signing %s: %w", f.Path, err)
				}
				f.Data = der
			}
			out[i] = f
		}
		return out, nil
	}
}
