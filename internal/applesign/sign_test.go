package applesign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"github.com/spectrumgen/spectrumgen/generators/apple"
	"github.com/spectrumgen/spectrumgen/internal/applesign/testpki"
	"github.com/spectrumgen/spectrumgen/internal/fixture"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

func profile(t testing.TB) []byte {
	t.Helper()
	data, err := apple.Profile(fixture.Example(t, "apple")[4]) // Pat O'Brien; Billing $ & Claims
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func files(p testpki.Paths) Files { return Files{Cert: p.Cert, Key: p.Key, Chain: p.Chain} }

// openssl runs openssl and returns its output, failing the test with its
// error output when it fails.
func openssl(t testing.TB, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command("openssl", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// verifyOpenSSL has OpenSSL check der against the root alone (the
// intermediate must come from the signature) and returns the content.
func verifyOpenSSL(t testing.TB, dir, rootPEM string, der []byte) ([]byte, error) {
	t.Helper()
	in := filepath.Join(dir, "signed.mobileconfig")
	out := filepath.Join(dir, "content.plist")
	if err := os.WriteFile(in, der, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("openssl", "cms", "-verify", "-inform", "der", "-in", in,
		"-CAfile", rootPEM, "-purpose", "any", "-binary", "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, &exec.ExitError{ProcessState: cmd.ProcessState, Stderr: msg}
	}
	return os.ReadFile(out)
}

func TestSignVerifiesWithOpenSSL(t *testing.T) {
	realtest.Need(t, "openssl")
	tests := []struct {
		key    testpki.KeyType
		format testpki.KeyFormat
		sigAlg string // as `openssl cms -cmsout -print` names it
	}{
		{testpki.RSA2048, testpki.PKCS1, "sha256WithRSAEncryption"},
		{testpki.RSA2048, testpki.PKCS8, "sha256WithRSAEncryption"},
		{testpki.ECDSAP256, testpki.SEC1, "ecdsa-with-SHA256"},
		{testpki.ECDSAP256, testpki.PKCS8, "ecdsa-with-SHA256"},
	}
	content := profile(t)
	for _, tt := range tests {
		t.Run(string(tt.key)+"-"+string(tt.format), func(t *testing.T) {
			dir := t.TempDir()
			pki := testpki.New(t, testpki.NewKey(t, tt.key))
			paths := pki.Write(t, dir, tt.format)
			s, warnings, err := Load(files(paths), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings for a 0600 key: %q", warnings)
			}
			der, err := s.Sign(content)
			if err != nil {
				t.Fatal(err)
			}
			got, err := verifyOpenSSL(t, dir, paths.Root, der)
			if err != nil {
				t.Fatalf("openssl cms -verify refused the signature: %v: %s", err, err.(*exec.ExitError).Stderr)
			}
			if !bytes.Equal(got, content) {
				t.Errorf("the content openssl extracted differs from the profile:\n%s", got)
			}
			printed := string(openssl(t, "cms", "-cmsout", "-print", "-inform", "der", "-in", filepath.Join(dir, "signed.mobileconfig")))
			for _, want := range []string{"algorithm: sha256 ", "algorithm: " + tt.sigAlg, "spectrumgen test intermediate CA", "eContentType: pkcs7-data"} {
				if !strings.Contains(printed, want) {
					t.Errorf("openssl cms -print lacks %q", want)
				}
			}

			// Tampering must be caught: the check above can fail.
			bad := bytes.Replace(der, []byte("Billing"), []byte("Bulling"), 1)
			if bytes.Equal(bad, der) {
				t.Fatal("the profile text was not found in the signature")
			}
			if _, err := verifyOpenSSL(t, dir, paths.Root, bad); err == nil {
				t.Error("openssl accepted a tampered profile")
			}
			// Without the intermediate, openssl cannot reach the root:
			// so the accepted signature did carry it.
			if _, err := verifyOpenSSL(t, dir, paths.Cert, der); err == nil {
				t.Error("openssl accepted the signature with the leaf as the only trusted certificate")
			}
		})
	}
}

// TestVerifyAfterSigningCatches shows the check inside Sign rejects a
// signature whose content differs.
func TestVerifyAfterSigningCatches(t *testing.T) {
	pki := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256))
	s, _, err := Load(files(pki.Write(t, t.TempDir(), testpki.PKCS8)), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	content := profile(t)
	der, err := s.Sign(content)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.verify(der, content); err != nil {
		t.Fatalf("a good signature failed: %v", err)
	}
	if err := s.verify(der, append([]byte("x"), content...)); err == nil {
		t.Error("verify accepted different content")
	}
	// The signature value ends der: one bit flipped there must be caught
	// by the check with the public key.
	bad := bytes.Clone(der)
	bad[len(bad)-1] ^= 1
	if err := s.verify(bad, content); err == nil {
		t.Error("verify accepted a damaged signature value")
	}
	digest := sha256.Sum256(content)
	bad = bytes.Replace(der, digest[:], make([]byte, len(digest)), 1)
	if bytes.Equal(bad, der) {
		t.Fatal("the message digest was not found in the signature")
	}
	if err := s.verify(bad, content); err == nil {
		t.Error("verify accepted a wrong message digest")
	}
	if err := s.verify(append(bytes.Clone(der), 0), content); err == nil {
		t.Error("verify accepted trailing data")
	}
	other := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256))
	s2, _, err := Load(files(other.Write(t, t.TempDir(), testpki.PKCS8)), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.verify(der, content); err == nil {
		t.Error("verify accepted a signature by another certificate")
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		t.Fatal(err)
	}
	if len(p7.Certificates) != 2 {
		t.Errorf("%d certificates in the signature, want leaf and intermediate", len(p7.Certificates))
	}
}

// TestSignConcurrent: the kit writer's workers share one Signer (run it
// with -race). Each signature must carry its own goroutine's profile.
func TestSignConcurrent(t *testing.T) {
	for _, kt := range []testpki.KeyType{testpki.RSA2048, testpki.ECDSAP256} {
		t.Run(string(kt), func(t *testing.T) {
			s, _, err := Load(files(testpki.New(t, testpki.NewKey(t, kt)).Write(t, t.TempDir(), testpki.PKCS8)), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := range 10 {
						content := fmt.Appendf(nil, "profile %d of goroutine %d", i, g)
						der, err := s.Sign(content)
						if err != nil {
							t.Error(err)
							return
						}
						p7, err := pkcs7.Parse(der)
						if err != nil {
							t.Error(err)
						} else if !bytes.Equal(p7.Content, content) {
							t.Errorf("goroutine %d, profile %d: signed %q", g, i, p7.Content)
						}
					}
				})
			}
			wg.Wait()
		})
	}
}

// TestSignRefusesExpired: a certificate that runs out during a run stops
// the signing there (the path was checked when the run began). Load at a
// time the certificate was still valid: its trial signature, made now,
// must fail.
func TestSignRefusesExpired(t *testing.T) {
	now := time.Now()
	p := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256), func(c *x509.Certificate) {
		c.NotBefore, c.NotAfter = now.Add(-48*time.Hour), now.Add(-time.Hour)
	}).Write(t, t.TempDir(), testpki.PKCS8)
	_, _, err := Load(files(p), now.Add(-2*time.Hour))
	if err == nil || !strings.Contains(err.Error(), "expired on") {
		t.Errorf("error %v, want the trial signature refused: expired", err)
	}
}

// TestLoadRefuses: each bad piece of key material gets its own error.
func TestLoadRefuses(t *testing.T) {
	realtest.Need(t, "openssl")
	now := time.Now()
	rsaKey := testpki.NewKey(t, testpki.RSA2048)
	ecKey := testpki.NewKey(t, testpki.ECDSAP256)
	tests := []struct {
		name string
		// setup writes the files into dir and returns them.
		setup func(t *testing.T, dir string) Files
		want  string
	}{
		{"encrypted PKCS#8 key", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			openssl(t, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", p.Key, "-out", p.Key+".enc", "-passout", "pass:secret")
			return Files{Cert: p.Cert, Key: p.Key + ".enc", Chain: p.Chain}
		}, "the key is encrypted with a passphrase"},
		{"encrypted traditional RSA key", func(t *testing.T, dir string) Files {
			p := testpki.New(t, rsaKey).Write(t, dir, testpki.PKCS1)
			openssl(t, "pkey", "-in", p.Key, "-traditional", "-aes256", "-passout", "pass:secret", "-out", p.Key+".enc")
			if data, _ := os.ReadFile(p.Key + ".enc"); !bytes.Contains(data, []byte("Proc-Type: 4,ENCRYPTED")) {
				t.Fatalf("openssl did not write a traditional encrypted key:\n%s", data)
			}
			return Files{Cert: p.Cert, Key: p.Key + ".enc", Chain: p.Chain}
		}, "the key is encrypted with a passphrase"},
		{"key of another certificate", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			other := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256)).Write(t, t.TempDir(), testpki.PKCS8)
			return Files{Cert: p.Cert, Key: other.Key, Chain: p.Chain}
		}, "does not belong to the certificate"},
		{"RSA key for an ECDSA certificate", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			rsaPaths := testpki.New(t, rsaKey).Write(t, t.TempDir(), testpki.PKCS1)
			return Files{Cert: p.Cert, Key: rsaPaths.Key, Chain: p.Chain}
		}, "does not belong to the certificate"},
		{"expired certificate", func(t *testing.T, dir string) Files {
			return files(testpki.New(t, ecKey, func(c *x509.Certificate) {
				c.NotBefore, c.NotAfter = now.Add(-48*time.Hour), now.Add(-time.Hour)
			}).Write(t, dir, testpki.SEC1))
		}, "expired on"},
		{"certificate not yet valid", func(t *testing.T, dir string) Files {
			return files(testpki.New(t, ecKey, func(c *x509.Certificate) {
				c.NotBefore = now.Add(2 * time.Hour)
			}).Write(t, dir, testpki.SEC1))
		}, "is not valid before"},
		{"no digitalSignature usage", func(t *testing.T, dir string) Files {
			return files(testpki.New(t, rsaKey, func(c *x509.Certificate) {
				c.KeyUsage = x509.KeyUsageKeyEncipherment
			}).Write(t, dir, testpki.PKCS1))
		}, "lacks digitalSignature"},
		{"chain of another CA", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			other := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256)).Write(t, t.TempDir(), testpki.PKCS8)
			return Files{Cert: p.Cert, Key: p.Key, Chain: other.Chain}
		}, "is not an issuer on the path"},
		{"Ed25519 key", func(t *testing.T, dir string) Files {
			_, edKey, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			der, err := x509.MarshalPKCS8PrivateKey(edKey)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, p.Key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
			return files(p)
		}, "only RSA and ECDSA keys"},
		{"no key in the key file", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			return Files{Cert: p.Cert, Key: p.Cert, Chain: p.Chain}
		}, "no PEM private key found"},
		{"no certificate in the certificate file", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			return Files{Cert: p.Key, Key: p.Key, Chain: p.Chain}
		}, "no PEM CERTIFICATE block"},
		{"key without certificate", func(t *testing.T, dir string) Files {
			return Files{Key: testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8).Key}
		}, "needs both a certificate"},
		{"missing file", func(t *testing.T, dir string) Files {
			p := testpki.New(t, ecKey).Write(t, dir, testpki.PKCS8)
			return Files{Cert: p.Cert, Key: p.Key, Chain: filepath.Join(dir, "nope.pem")}
		}, "reading the chain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.setup(t, t.TempDir())
			s, _, err := Load(f, now)
			if err == nil {
				t.Fatalf("Load accepted it (signer %v)", s.cert.Subject)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "applesign: ") {
				t.Errorf("error %q, want it to start with applesign: and say %q", err, tt.want)
			}
			t.Log(err)
		})
	}
}

// TestLoadAccepts covers key files as OpenSSL writes them (EC PARAMETERS
// before the key), a certificate file with its chain appended, and no
// chain at all.
func TestLoadAccepts(t *testing.T) {
	realtest.Need(t, "openssl")
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "ec.pem")
	writeFile(t, keyPath, openssl(t, "ecparam", "-name", "prime256v1", "-genkey"), 0o600)
	keyPEM, _ := os.ReadFile(keyPath)
	if !bytes.HasPrefix(keyPEM, []byte("-----BEGIN EC PARAMETERS-----")) {
		t.Fatalf("openssl ecparam wrote:\n%s", keyPEM)
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pki := testpki.New(t, key)
	p := pki.Write(t, dir, testpki.SEC1)
	writeFile(t, p.Key, keyPEM, 0o600)
	if _, _, err := Load(files(p), time.Now()); err != nil {
		t.Errorf("EC PARAMETERS first: %v", err)
	}
	leaf, _ := os.ReadFile(p.Cert)
	chain, _ := os.ReadFile(p.Chain)
	writeFile(t, p.Cert, append(leaf, chain...), 0o644)
	s, _, err := Load(Files{Cert: p.Cert, Key: p.Key}, time.Now())
	if err != nil {
		t.Fatalf("chain after the certificate: %v", err)
	}
	if len(s.chain) != 1 || !s.chain[0].Equal(pki.Intermediate) {
		t.Errorf("chain %v, want the intermediate", s.chain)
	}
	// A self-signed signer, no chain: still signs and verifies.
	self := selfSigned(t, key.(*ecdsa.PrivateKey))
	writeFile(t, p.Cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: self.Raw}), 0o644)
	if _, _, err := Load(Files{Cert: p.Cert, Key: p.Key}, time.Now()); err != nil {
		t.Errorf("self-signed: %v", err)
	}
}

func TestKeyModeWarning(t *testing.T) {
	p := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256)).Write(t, t.TempDir(), testpki.PKCS8)
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o604, true}, {0o644, true}} {
		if err := os.Chmod(p.Key, tt.mode); err != nil {
			t.Fatal(err)
		}
		_, warnings, err := Load(files(p), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := len(warnings) == 1 && strings.Contains(warnings[0], "chmod 600"); got != tt.warn {
			t.Errorf("mode %04o: warnings %q, want a warning: %v", tt.mode, warnings, tt.warn)
		}
	}
}

func selfSigned(t *testing.T, key crypto.Signer) *x509.Certificate {
	t.Helper()
	pki := testpki.New(t, key)
	tmpl := *pki.Leaf
	tmpl.Issuer = tmpl.Subject
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeFile(t testing.TB, path string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
