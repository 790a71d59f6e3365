package tbandroid

import "fmt"

// Rendering choices, for a code that phone cameras read from a screen or
// from paper:
//   - byte mode holding the UTF-8 bytes (no ECI: the app's reader decodes
//     byte segments as UTF-8 by its own setting);
//   - error correction M (15%) at least: sturdier than Thunderbird
//     desktop's L on a printed, folded or glossy page, and MaxPayload
//     still fits in version 23 (109 modules). It is raised to Q or H
//     when that fits in the same size (as go-qr's EncodeBinary does);
//   - dark modules on white with the 4-module quiet zone the standard
//     asks for: inverted (light on dark) codes are a known cause of
//     silent failures in phone scanners.
const (
	quietZone = 4 // modules of white around the code
	pngScale  = 4 // pixels per module in the PNG (png.go puts two modules in a byte)
)

// encode returns the QR code of payload: encoder.go lays it out with mask
// 0, and bestMask applies the mask that scores best (mask.go).
func encode(payload []byte) (*grid, error) {
	v, l, err := chooseVersion(len(payload))
	if err != nil {
		return nil, fmt.Errorf("encoding the QR code: %w", err)
	}
	_, m := bestMask(layOut(payload, v, l))
	return m, nil
}

// byteCapacityM is how many bytes a code of each version (1 to 40) holds
// in byte mode at error correction M (ISO/IEC 18004, table 7). A test
// holds it to the encoder for every payload size up to MaxPayload.
var byteCapacityM = [...]int{
	14, 26, 42, 62, 84, 106, 122, 152, 180, 213,
	251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
	711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370,
	1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
}

// codeSize returns the width in modules of the code of an n-byte payload,
// without encoding it: the README needs only the size.
func codeSize(n int) int {
	for i, c := range byteCapacityM {
		if n <= c {
			return 17 + 4*(i+1)
		}
	}
	return 0
}
