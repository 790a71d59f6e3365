package applesign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/smallstep/pkcs7"
)

// Sign returns content wrapped in DER CMS SignedData: content attached,
// SHA-256 digest, the signer's certificate and intermediates included. The
// result is verified before it is returned. The signing time makes the
// bytes differ on every call.
func (s *Signer) Sign(content []byte) ([]byte, error) {
	// A long run can outlive a certificate: check every validity period
	// at each signature (the signatures on the path do not change: Parse
	// checked them once).
	now := time.Now()
	for _, c := range s.certs() {
		if err := checkValidity(c, now); err != nil {
			return nil, fmt.Errorf("applesign: %w", err)
		}
	}
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, fmt.Errorf("applesign: %w", err)
	}
	// Per object, not the package-wide default (which is SHA-1).
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	// AddSigner and then the intermediates, rather than AddSignerChain:
	// the same bytes (orderChain made the first intermediate's subject
	// equal to cert's issuer), without AddSignerChain checking the
	// certificates' signatures again on every profile.
	if err := sd.AddSigner(s.cert, s.key, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("applesign: signing: %w", err)
	}
	for _, c := range s.chain {
		sd.AddCertificate(c)
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

// signature is what verify reads of Sign's output (RFC 5652 3, 5.1, 5.3):
// ContentInfo holding SignedData with one SignerInfo; what needs no check
// stays raw.
type signature struct {
	Type asn1.ObjectIdentifier
	SD   struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		Encap            struct {
			Type    asn1.ObjectIdentifier
			Content []byte `asn1:"explicit,tag:0"`
		}
		Certificates asn1.RawValue // [0] IMPLICIT, checked by hand
		SignerInfos  []struct {
			Version            int
			ID                 asn1.RawValue // issuerAndSerialNumber
			DigestAlgorithm    pkix.AlgorithmIdentifier
			SignedAttrs        asn1.RawValue // [0] IMPLICIT, checked by hand
			SignatureAlgorithm pkix.AlgorithmIdentifier
			Signature          []byte
		} `asn1:"set"`
	} `asn1:"explicit,tag:0"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values []asn1.RawValue `asn1:"set"`
}

// verify reads der back and checks the content, the certificates (byte
// for byte the signer's and its chain), the signer, the message digest and
// the signature over the signed attributes with the signer's public key
// (RFC 5652 5.4, 5.6): the part of a full verification that differs from
// one profile to the next. smallstep/pkcs7's Parse and VerifyWithChain
// would also re-read the certificates and check the path to the anchor
// (one more signature check per certificate), the same for every profile:
// Parse does that once (verifyFull), on its trial signature.
func (s *Signer) verify(der, content []byte) error {
	var sig signature
	if err := unmarshalDER(der, &sig); err != nil {
		return err
	}
	if !sig.Type.Equal(pkcs7.OIDSignedData) {
		return fmt.Errorf("content type %v, want SignedData", sig.Type)
	}
	sd := &sig.SD
	if !sd.Encap.Type.Equal(pkcs7.OIDData) || !bytes.Equal(sd.Encap.Content, content) {
		return errors.New("the signed content differs from the profile")
	}
	certs := sd.Certificates.Bytes
	for _, c := range s.certs() {
		if !bytes.HasPrefix(certs, c.Raw) {
			return fmt.Errorf("the certificates included are not %s and its chain", name(s.cert))
		}
		certs = certs[len(c.Raw):]
	}
	if sd.Certificates.Class != asn1.ClassContextSpecific || sd.Certificates.Tag != 0 || len(certs) > 0 {
		return fmt.Errorf("the certificates included are not %s and its chain", name(s.cert))
	}
	if len(sd.SignerInfos) != 1 {
		return fmt.Errorf("%d signers, want 1", len(sd.SignerInfos))
	}
	si := &sd.SignerInfos[0]
	var id struct {
		Issuer asn1.RawValue
		Serial *big.Int
	}
	if err := unmarshalDER(si.ID.FullBytes, &id); err != nil ||
		!bytes.Equal(id.Issuer.FullBytes, s.cert.RawIssuer) || id.Serial.Cmp(s.cert.SerialNumber) != 0 {
		return errors.New("the signer is not the certificate given")
	}
	if !si.DigestAlgorithm.Algorithm.Equal(pkcs7.OIDDigestAlgorithmSHA256) {
		return fmt.Errorf("digest algorithm %v, want SHA-256", si.DigestAlgorithm.Algorithm)
	}
	if si.SignedAttrs.Class != asn1.ClassContextSpecific || si.SignedAttrs.Tag != 0 {
		return errors.New("no signed attributes")
	}
	want := sha256.Sum256(content)
	digests := 0
	for rest := si.SignedAttrs.Bytes; len(rest) > 0; {
		var a attribute
		var err error
		if rest, err = asn1.Unmarshal(rest, &a); err != nil {
			return fmt.Errorf("signed attributes: %w", err)
		}
		if a.Type.Equal(pkcs7.OIDAttributeMessageDigest) {
			var got []byte
			if len(a.Values) != 1 || unmarshalDER(a.Values[0].FullBytes, &got) != nil || !bytes.Equal(got, want[:]) {
				return errors.New("the message digest is not the profile's")
			}
			digests++
		}
	}
	if digests != 1 {
		return fmt.Errorf("%d message digests, want 1", digests)
	}
	var alg x509.SignatureAlgorithm
	switch oid := si.SignatureAlgorithm.Algorithm; {
	case oid.Equal(pkcs7.OIDEncryptionAlgorithmRSASHA256):
		alg = x509.SHA256WithRSA
	case oid.Equal(pkcs7.OIDDigestAlgorithmECDSASHA256):
		alg = x509.ECDSAWithSHA256
	default:
		return fmt.Errorf("signature algorithm %v, want SHA-256 with RSA or ECDSA", oid)
	}
	// What is signed is the attributes' DER with the SET tag (RFC 5652
	// 5.4), not the [0] they are written with.
	signed := append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	return s.cert.CheckSignature(alg, signed, si.Signature)
}

// verifyFull verifies der with smallstep/pkcs7, as a device would: another
// parser than verify's, the certificates read again, and the path from the
// signer up to the last certificate of its chain (the signer itself
// without a chain). Parse runs it once, on its trial signature: the path
// is the same for every profile.
func (s *Signer) verifyFull(der []byte) error {
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return err
	}
	certs := s.certs()
	anchor := x509.NewCertPool()
	anchor.AddCert(certs[len(certs)-1])
	return p7.VerifyWithChain(anchor)
}

// certs are the certificates a signature includes: the signer's, then its
// chain.
func (s *Signer) certs() []*x509.Certificate {
	return append([]*x509.Certificate{s.cert}, s.chain...)
}

// unmarshalDER reads der, which must be exactly one value, into v.
func unmarshalDER(der []byte, v any) error {
	rest, err := asn1.Unmarshal(der, v)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("%d bytes after the DER value", len(rest))
	}
	return err
}
