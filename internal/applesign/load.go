// Package applesign signs Apple configuration profiles: DER CMS SignedData
// with the profile attached, SHA-256, the signer's intermediates included,
// the way `openssl smime -sign -nodetach -binary -outform der` does, but in
// this process.
//
// Load checks the key material before anything is signed (encrypted key,
// key that does not match, certificate out of its validity or not allowed
// to sign), so a run can stop before it writes a single file. Warnings
// (a key file that others can read) are returned, never printed.
package applesign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"
)

// Files names the PEM files of a signing identity.
type Files struct {
	Cert  string // the signer's certificate (intermediates may follow it)
	Key   string // its private key: PKCS#1, PKCS#8 or SEC1, unencrypted
	Chain string // optional: intermediate certificates
}

// Signer signs profiles with one certificate and key. It is safe for
// concurrent use.
type Signer struct {
	cert  *x509.Certificate
	key   crypto.Signer
	chain []*x509.Certificate // issuer of cert first, then its issuer...
}

// Load reads and checks the files, and signs a trial message, so that
// every problem with the key material shows here rather than halfway
// through a run. now is the time validity is checked at.
func Load(f Files, now time.Time) (*Signer, []string, error) {
	if f.Cert == "" || f.Key == "" {
		return nil, nil, errors.New("applesign: signing needs both a certificate (--sign-cert, sign_cert) and its key (--sign-key, sign_key)")
	}
	certPEM, err := os.ReadFile(f.Cert)
	if err != nil {
		return nil, nil, fmt.Errorf("applesign: reading the certificate: %w", err)
	}
	keyPEM, err := os.ReadFile(f.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("applesign: reading the key: %w", err)
	}
	var chainPEM []byte
	if f.Chain != "" {
		if chainPEM, err = os.ReadFile(f.Chain); err != nil {
			return nil, nil, fmt.Errorf("applesign: reading the chain: %w", err)
		}
	}
	var warnings []string
	if fi, err := os.Stat(f.Key); err == nil && fi.Mode().Perm()&0o044 != 0 {
		warnings = append(warnings, fmt.Sprintf("the signing key %s can be read by other users (mode %04o); run: chmod 600 %s",
			f.Key, fi.Mode().Perm(), f.Key))
	}
	s, err := Parse(f, certPEM, keyPEM, chainPEM, now)
	if err != nil {
		return nil, nil, err
	}
	return s, warnings, nil
}

// Parse is Load on PEM bytes already read; f only names them in errors.
func Parse(f Files, certPEM, keyPEM, chainPEM []byte, now time.Time) (*Signer, error) {
	certs, err := parseCerts(certPEM)
	if err != nil {
		return nil, fmt.Errorf("applesign: certificate %s: %w", f.Cert, err)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("applesign: certificate %s: no PEM CERTIFICATE block found", f.Cert)
	}
	cert := certs[0]
	extra, err := parseCerts(chainPEM)
	if err != nil {
		return nil, fmt.Errorf("applesign: chain %s: %w", f.Chain, err)
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		return nil, fmt.Errorf("applesign: key %s: %w", f.Key, err)
	}
	if err := checkLeaf(cert, now); err != nil {
		return nil, fmt.Errorf("applesign: certificate %s: %w", f.Cert, err)
	}
	if !publicKeysEqual(key.Public(), cert.PublicKey) {
		return nil, fmt.Errorf("applesign: the key %s does not belong to the certificate %s (%s): their public keys differ; give the key the certificate was issued for",
			f.Key, f.Cert, name(cert))
	}
	chain, err := orderChain(cert, append(certs[1:], extra...), now)
	if err != nil {
		return nil, fmt.Errorf("applesign: chain of %s: %w", f.Cert, err)
	}
	s := &Signer{cert: cert, key: key, chain: chain}
	der, err := s.Sign([]byte("spectrumgen trial signature"))
	if err == nil {
		err = s.verifyFull(der)
	}
	if err != nil {
		return nil, fmt.Errorf("applesign: a trial signature with %s failed: %w", f.Cert, err)
	}
	return s, nil
}

// checkLeaf refuses a certificate that devices would not accept as a
// profile's signer: outside its validity, or not allowed to sign.
func checkLeaf(c *x509.Certificate, now time.Time) error {
	if err := checkValidity(c, now); err != nil {
		return err
	}
	// No key usage extension means no restriction (RFC 5280 4.2.1.3).
	if c.KeyUsage != 0 && c.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return fmt.Errorf("%s may not sign: its key usage lacks digitalSignature; use a certificate issued for signing (S/MIME or code signing)", name(c))
	}
	switch c.PublicKey.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey:
	default:
		return fmt.Errorf("%s has a %T key; only RSA and ECDSA keys can sign profiles", name(c), c.PublicKey)
	}
	return nil
}

func checkValidity(c *x509.Certificate, now time.Time) error {
	const day = "2006-01-02 15:04 MST"
	switch {
	case now.After(c.NotAfter):
		return fmt.Errorf("%s expired on %s; renew it", name(c), c.NotAfter.UTC().Format(day))
	case now.Before(c.NotBefore):
		return fmt.Errorf("%s is not valid before %s; check the machine's clock or wait", name(c), c.NotBefore.UTC().Format(day))
	}
	return nil
}

// orderChain returns the certificates that issued leaf, nearest first, and
// refuses any that do not belong to its path or are out of validity.
func orderChain(leaf *x509.Certificate, pool []*x509.Certificate, now time.Time) ([]*x509.Certificate, error) {
	var chain []*x509.Certificate
	used := make([]bool, len(pool))
	cur := leaf
	for !isSelfSigned(cur) {
		found := -1
		for i, c := range pool {
			if !used[i] && bytes.Equal(c.RawSubject, cur.RawIssuer) && cur.CheckSignatureFrom(c) == nil {
				found = i
				break
			}
		}
		if found < 0 {
			break // the rest of the path is up to the device's trust store
		}
		used[found] = true
		if err := checkValidity(pool[found], now); err != nil {
			return nil, err
		}
		chain = append(chain, pool[found])
		cur = pool[found]
	}
	for i, c := range pool {
		if !used[i] && !bytes.Equal(c.Raw, leaf.Raw) {
			return nil, fmt.Errorf("%s is not an issuer on the path of %s; remove it or give the right chain", name(c), name(leaf))
		}
	}
	return chain, nil
}

func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(c) == nil
}

func parseCerts(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return certs, nil
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}

// name is how errors name a certificate.
func name(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return fmt.Sprintf("%q", c.Subject.CommonName)
	}
	return c.Subject.String()
}
