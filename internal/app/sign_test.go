package app

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"
	"howett.net/plist"

	"github.com/spectrumgen/spectrumgen/internal/applesign/testpki"
	"github.com/spectrumgen/spectrumgen/internal/manifest"
	"github.com/spectrumgen/spectrumgen/internal/realtest"
)

// signManifest writes a manifest whose defaults sign with the files in
// keys/ beside it, named relative to the manifest's folder.
func signManifest(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "accounts.yaml")
	data := `version: 1
organization: Example Dental & Ortho
defaults:
  clients: [thunderbird, apple]
  sign_cert: keys/leaf.pem
  sign_key: keys/key.pem
  sign_chain: keys/chain.pem
accounts:
  - email: alice@spectrum.net
    name: Alice Example
  - email: pat.obrien@spectrum.net
    name: Pat O'Brien; Billing $ & Claims
    clients: [apple]
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeKeys(t *testing.T, dir string, opts ...testpki.Option) (*testpki.PKI, testpki.Paths) {
	t.Helper()
	keys := filepath.Join(dir, "keys")
	if err := os.MkdirAll(keys, 0o755); err != nil {
		t.Fatal(err)
	}
	pki := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256), opts...)
	return pki, pki.Write(t, keys, testpki.SEC1)
}

func testIO() (*IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, &out, &errOut
}

// unsigned is the profile of one of the manifest's people, unsigned.
func unsigned(t *testing.T, email string) []byte {
	t.Helper()
	s, out, _ := testIO()
	name := map[string]string{"alice@spectrum.net": "Alice Example", "pat.obrien@spectrum.net": "Pat O'Brien; Billing $ & Claims"}[email]
	err := Generate(context.Background(), GenerateOptions{Input: Input{Email: email, Name: name, Clients: []string{"apple"}}, Out: "-"}, s)
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestGenerateSignsProfiles(t *testing.T) {
	dir := t.TempDir()
	pki, _ := writeKeys(t, dir)
	manifest := signManifest(t, dir)
	out := filepath.Join(dir, "kits")
	s, _, errOut := testIO()
	// Run from elsewhere: the manifest's relative key paths must not
	// depend on the working folder.
	t.Chdir(t.TempDir())
	if err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: manifest}, Out: out, Quiet: true}, s); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr: %s", errOut)
	}
	roots := x509.NewCertPool()
	roots.AddCert(pki.Root)
	for _, email := range []string{"alice@spectrum.net", "pat.obrien@spectrum.net"} {
		der, err := os.ReadFile(filepath.Join(out, "people", email, "apple", email+".mobileconfig"))
		if err != nil {
			t.Fatal(err)
		}
		p7, err := pkcs7.Parse(der)
		if err != nil {
			t.Fatalf("%s: not CMS: %v", email, err)
		}
		if err := p7.VerifyWithChain(roots); err != nil {
			t.Errorf("%s: %v", email, err)
		}
		// The organization comes from the manifest here, so compare with
		// the profile of a manifest-less run after dropping it.
		var got map[string]any
		if _, err := plist.Unmarshal(p7.Content, &got); err != nil {
			t.Fatalf("%s: signed content is not a plist: %v", email, err)
		}
		if got["PayloadOrganization"] != "Example Dental & Ortho" || got["PayloadDisplayName"] != "Spectrum Mail – "+email {
			t.Errorf("%s: signed content %v", email, got)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "people", "alice@spectrum.net", "thunderbird", "user.js")); err != nil {
		t.Errorf("thunderbird file: %v", err)
	}
}

// TestGenerateSignFlagsPrint: flags sign, and -o - prints the signed
// profile, whose content is the unsigned profile byte for byte.
func TestGenerateSignFlagsPrint(t *testing.T) {
	dir := t.TempDir()
	pki, paths := writeKeys(t, dir)
	s, out, errOut := testIO()
	opt := GenerateOptions{
		Input: Input{Email: "alice@spectrum.net", Name: "Alice Example", Clients: []string{"apple"}},
		Out:   "-",
		Sign:  SignOptions{Cert: paths.Cert, Key: paths.Key, Chain: paths.Chain},
	}
	if err := Generate(context.Background(), opt, s); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	p7, err := pkcs7.Parse(out.Bytes())
	if err != nil {
		t.Fatalf("not CMS: %v", err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(pki.Root)
	if err := p7.VerifyWithChain(roots); err != nil {
		t.Error(err)
	}
	if want := unsigned(t, "alice@spectrum.net"); !bytes.Equal(p7.Content, want) {
		t.Errorf("signed content differs from the unsigned profile")
	}
}

// TestPrintProfile is `spectrumgen --client apple --email a@spectrum.net -o -`.
func TestPrintProfile(t *testing.T) {
	s, out, _ := testIO()
	err := Generate(context.Background(), GenerateOptions{Input: Input{Email: "a@spectrum.net", Clients: []string{"apple"}}, Out: "-"}, s)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if format, err := plist.Unmarshal(out.Bytes(), &got); err != nil || format != plist.XMLFormat {
		t.Fatalf("not an XML plist (%v):\n%s", err, out)
	}
	mail := got["PayloadContent"].([]any)[0].(map[string]any)
	if got["PayloadType"] != "Configuration" || mail["EmailAddress"] != "a@spectrum.net" || mail["IncomingMailServerHostName"] != "imap.spectrum.com" {
		t.Errorf("unexpected profile:\n%s", out)
	}
}

// snapshot records every file under dir: path, mode, modification time
// and bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		var data []byte
		if d.Type().IsRegular() {
			if data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		snap[p] = fmt.Sprintf("%v %v %x", fi.Mode(), fi.ModTime().UnixNano(), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestBadKeyWritesNothing: each bad key gets its error before anything
// is written, whether the output folder is new or holds earlier kits.
func TestBadKeyWritesNothing(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"encrypted key", func(t *testing.T, dir string) {
			realtest.Need(t, "openssl")
			_, p := writeKeys(t, dir)
			cmd := exec.Command("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", p.Key, "-out", p.Key+".enc", "-passout", "pass:secret")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("openssl: %v\n%s", err, msg)
			}
			if err := os.Rename(p.Key+".enc", p.Key); err != nil {
				t.Fatal(err)
			}
		}, "encrypted with a passphrase"},
		{"key of another certificate", func(t *testing.T, dir string) {
			_, p := writeKeys(t, dir)
			other := testpki.New(t, testpki.NewKey(t, testpki.ECDSAP256)).Write(t, t.TempDir(), testpki.PKCS8)
			data, err := os.ReadFile(other.Key)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p.Key, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "does not belong to the certificate"},
		{"expired certificate", func(t *testing.T, dir string) {
			writeKeys(t, dir, func(c *x509.Certificate) { c.NotAfter = now.Add(-time.Minute) })
		}, "expired on"},
		{"no digitalSignature usage", func(t *testing.T, dir string) {
			writeKeys(t, dir, func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageKeyAgreement })
		}, "lacks digitalSignature"},
	}
	for _, tt := range tests {
		for _, earlier := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/earlier kits %v", tt.name, earlier), func(t *testing.T) {
				dir := t.TempDir()
				manifest := signManifest(t, dir)
				out := filepath.Join(dir, "kits")
				if earlier {
					writeKeys(t, dir)
					s, _, errOut := testIO()
					if err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: manifest}, Out: out, Quiet: true}, s); err != nil {
						t.Fatalf("good run: %v\n%s", err, errOut)
					}
				}
				tt.setup(t, dir)
				before := snapshot(t, dir)
				s, _, _ := testIO()
				err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: manifest}, Out: out, Quiet: true}, s)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want it to say %q", err, tt.want)
				}
				if _, statErr := os.Stat(out); !earlier && !errors.Is(statErr, fs.ErrNotExist) {
					t.Errorf("the output folder was created: %v", statErr)
				}
				after := snapshot(t, dir)
				if len(after) != len(before) {
					t.Errorf("%d files before the run, %d after", len(before), len(after))
				}
				for p, v := range before {
					if after[p] != v {
						t.Errorf("%s changed", p)
					}
				}
			})
		}
	}
}

func TestSignFilesPaths(t *testing.T) {
	abs := "/abs/key.pem"
	if runtime.GOOS == "windows" {
		abs = `C:\abs\key.pem`
	}
	k := struct{ cert, key, chain string }{"keys/leaf.pem", abs, ""}
	opt := GenerateOptions{Input: Input{Manifest: filepath.Join("some", "dir", "m.yaml")}}
	mk := manifestKit(k.cert, k.key, k.chain)
	got := signFiles(opt, mk)
	if got.Cert != filepath.Join("some", "dir", "keys", "leaf.pem") || got.Key != abs || got.Chain != "" {
		t.Errorf("manifest paths: %+v", got)
	}
	opt.Sign = SignOptions{Cert: "flag.pem"}
	if got := signFiles(opt, mk); got.Cert != "flag.pem" || got.Key != abs {
		t.Errorf("flag over manifest: %+v", got)
	}
	opt.Manifest = "-"
	opt.Sign = SignOptions{}
	if got := signFiles(opt, mk); got.Cert != filepath.Join("keys", "leaf.pem") {
		t.Errorf("manifest on stdin: %+v", got)
	}
}

func manifestKit(cert, key, chain string) manifest.Kit {
	return manifest.Kit{SignCert: cert, SignKey: key, SignChain: chain}
}

// A re-run with the same signing identity leaves the signed profiles as
// they are (ECDSA signatures differ each time they are made, so a profile
// signed again would be new bytes); another certificate signs them again.
func TestSignedRerunKeepsKits(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir)
	manifest := signManifest(t, dir)
	out := filepath.Join(dir, "kits")
	profile := filepath.Join(out, "people", "alice@spectrum.net", "apple", "alice@spectrum.net.mobileconfig")
	run := func() string {
		t.Helper()
		s, _, errOut := testIO()
		if err := Generate(context.Background(), GenerateOptions{Input: Input{Manifest: manifest}, Out: out}, s); err != nil {
			t.Fatalf("%v\n%s", err, errOut)
		}
		return errOut.String()
	}
	run()
	first, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	if got := run(); !strings.Contains(got, "(2 unchanged)") {
		t.Errorf("same identity: %s", got)
	}
	if again, _ := os.ReadFile(profile); !bytes.Equal(again, first) {
		t.Error("same identity: the signed profile was made again")
	}
	writeKeys(t, dir) // another PKI at the same paths
	if got := run(); !strings.Contains(got, "2 changed") {
		t.Errorf("other identity: %s", got)
	}
	if again, _ := os.ReadFile(profile); bytes.Equal(again, first) {
		t.Error("other identity: the profile was not signed again")
	}
}
