// Package testpki makes throwaway certificate authorities for tests of
// profile signing: a root CA, an intermediate CA and a signing leaf, with
// the keys written as PEM in any of the formats people bring.
package testpki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// KeyType is the leaf's key algorithm.
type KeyType string

// Key types.
const (
	RSA2048   KeyType = "rsa-2048"
	ECDSAP256 KeyType = "ecdsa-p256"
)

// PKI is a root CA, an intermediate CA it issued, and a leaf the
// intermediate issued.
type PKI struct {
	Root, Intermediate, Leaf *x509.Certificate
	LeafKey                  crypto.Signer
}

// Option changes the leaf's template before it is issued.
type Option func(*x509.Certificate)

// NewKey makes a key of type kt.
func NewKey(t testing.TB, kt KeyType) crypto.Signer {
	t.Helper()
	var k crypto.Signer
	var err error
	switch kt {
	case RSA2048:
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	case ECDSAP256:
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		t.Fatalf("testpki: unknown key type %q", kt)
	}
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// New issues a root, an intermediate and a leaf for leafKey. The CAs use
// ECDSA P-256 (fast to make); the leaf is valid from an hour ago for a
// day, may sign (digitalSignature) and is meant for S/MIME, unless opts
// change that.
func New(t testing.TB, leafKey crypto.Signer, opts ...Option) *PKI {
	t.Helper()
	now := time.Now()
	rootKey := NewKey(t, ECDSAP256)
	root := issue(t, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "spectrumgen test root CA", Organization: []string{"spectrumgen tests"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}, rootKey.Public(), nil, rootKey)
	intKey := NewKey(t, ECDSAP256)
	intermediate := issue(t, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "spectrumgen test intermediate CA", Organization: []string{"spectrumgen tests"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(20 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
	}, intKey.Public(), root, rootKey)
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "Example Dental profile signing", Organization: []string{"Example Dental & Ortho"}},
		NotBefore:   now.Add(-time.Hour),
		NotAfter:    now.Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}
	for _, o := range opts {
		o(tmpl)
	}
	leaf := issue(t, tmpl, leafKey.Public(), intermediate, intKey)
	return &PKI{Root: root, Intermediate: intermediate, Leaf: leaf, LeafKey: leafKey}
}

func issue(t testing.TB, tmpl *x509.Certificate, pub crypto.PublicKey, parent *x509.Certificate, parentKey crypto.Signer) *x509.Certificate {
	t.Helper()
	sn, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.SerialNumber = sn
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// KeyFormat is how a private key is written in PEM.
type KeyFormat string

// Key formats.
const (
	PKCS1 KeyFormat = "pkcs1" // RSA PRIVATE KEY (RSA only)
	SEC1  KeyFormat = "sec1"  // EC PRIVATE KEY (ECDSA only)
	PKCS8 KeyFormat = "pkcs8" // PRIVATE KEY
)

// Paths are the files Write made.
type Paths struct {
	Root, Cert, Key, Chain string
}

// Write writes root.pem, leaf.pem, key.pem (mode 0600, in format) and
// chain.pem (the intermediate) under dir.
func (p *PKI) Write(t testing.TB, dir string, format KeyFormat) Paths {
	t.Helper()
	paths := Paths{
		Root:  filepath.Join(dir, "root.pem"),
		Cert:  filepath.Join(dir, "leaf.pem"),
		Key:   filepath.Join(dir, "key.pem"),
		Chain: filepath.Join(dir, "chain.pem"),
	}
	writePEM(t, paths.Root, 0o644, certBlock(p.Root))
	writePEM(t, paths.Cert, 0o644, certBlock(p.Leaf))
	writePEM(t, paths.Chain, 0o644, certBlock(p.Intermediate))
	writePEM(t, paths.Key, 0o600, KeyBlock(t, p.LeafKey, format))
	return paths
}

// KeyBlock encodes key in format.
func KeyBlock(t testing.TB, key crypto.Signer, format KeyFormat) *pem.Block {
	t.Helper()
	var b *pem.Block
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if format == PKCS1 {
			b = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
		}
	case *ecdsa.PrivateKey:
		if format == SEC1 {
			der, err := x509.MarshalECPrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			b = &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
		}
	}
	if format == PKCS8 {
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		b = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	}
	if b == nil {
		t.Fatalf("testpki: a %T key cannot be written as %s", key, format)
	}
	return b
}

func certBlock(c *x509.Certificate) *pem.Block {
	return &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}
}

func writePEM(t testing.TB, path string, mode os.FileMode, b *pem.Block) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(b), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
