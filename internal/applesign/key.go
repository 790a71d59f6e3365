package applesign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// errEncrypted tells people what to do with a passphrase-protected key:
// spectrumgen runs unattended over many people and never asks for one.
var errEncrypted = errors.New("the key is encrypted with a passphrase, which spectrumgen does not ask for; " +
	"write an unencrypted copy that only you can read: openssl pkey -in KEY -out plain.pem && chmod 600 plain.pem")

// parseKey reads the first private key in data: PKCS#1 ("RSA PRIVATE KEY"),
// SEC1 ("EC PRIVATE KEY") or PKCS#8 ("PRIVATE KEY"), RSA or ECDSA.
func parseKey(data []byte) (crypto.Signer, error) {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return nil, errors.New("no PEM private key found (want RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)")
		}
		// Old OpenSSL encryption keeps the block type and adds headers.
		if strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED") || b.Type == "ENCRYPTED PRIVATE KEY" {
			return nil, errEncrypted
		}
		var key any
		var err error
		switch b.Type {
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(b.Bytes)
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		default:
			continue // EC PARAMETERS, certificates... may come first
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Type, err)
		}
		switch k := key.(type) {
		case *rsa.PrivateKey:
			return k, nil
		case *ecdsa.PrivateKey:
			return k, nil
		}
		return nil, fmt.Errorf("the key is of type %T; only RSA and ECDSA keys can sign profiles", key)
	}
}
