package applesign

import (
	"crypto/sha256"
	"encoding/hex"
)

// Identity names what a Signer signs with, for a re-run to know that
// profiles signed before were signed the same way: the SHA-256 of the
// certificate and of each certificate of the chain it includes. The
// private key is not in it, and need not be: Load refuses a key that does
// not match the certificate, so the certificate names the key.
func (s *Signer) Identity() string {
	h := sha256.New()
	for _, c := range s.certs() {
		h.Write([]byte{byte(len(c.Raw) >> 24), byte(len(c.Raw) >> 16), byte(len(c.Raw) >> 8), byte(len(c.Raw))})
		h.Write(c.Raw)
	}
	return hex.EncodeToString(h.Sum(nil))
}
