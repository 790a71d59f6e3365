package applesign

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/smallstep/pkcs7"
)

// Sign returns content wrapped in DER CMS SignedData: content attached,
// SHA-256 digest, the signer's certificate and intermediates included. The
// result is verified before it is returned. The signing time makes the
// bytes differ on every call.
func (s *Signer) Sign(content []byte) ([]byte, error) {
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, fmt.Errorf("applesign: %w", err)
	}
	// Per object, not the package-wide default (which is SHA-1).
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if len(s.chain) > 0 {
		err = sd.AddSignerChain(s.cert, s.key, s.chain, pkcs7.SignerInfoConfig{})
	} else {
		err = sd.AddSigner(s.cert, s.key, pkcs7.SignerInfoConfig{})
	}
	if err != nil {
		return nil, fmt.Errorf("applesign: signing: %w", err)
	}
	der, err := sd.Finish()
	if err != nil {
		return nil, fmt.Errorf("applesign: encoding: %w", err)
	}
	if err := s.verify(der, content); err != nil {
		return nil, fmt.Errorf("applesign: the new signature does not verify: %w", err)
	}
	return der, nil
}

// verify parses der as a device would and checks the signature, the path
// from the signer to the last certificate of its chain, and the content.
func (s *Signer) verify(der, content []byte) error {
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return err
	}
	if !bytes.Equal(p7.Content, content) {
		return errors.New("the signed content differs from the profile")
	}
	if signer := p7.GetOnlySigner(); signer == nil || !signer.Equal(s.cert) {
		return errors.New("the signer is not the certificate given")
	}
	if len(p7.Certificates) != 1+len(s.chain) {
		return fmt.Errorf("%d certificates included, want %d", len(p7.Certificates), 1+len(s.chain))
	}
	return p7.VerifyWithChain(s.anchor)
}
