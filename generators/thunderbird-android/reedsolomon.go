package tbandroid

// Reed-Solomon error correction codewords, as QR codes make them (ISO/IEC
// 18004, 7.5.2).

// GF(256) with the QR code's polynomial, x^8 + x^4 + x^3 + x^2 + 1.
var gfExp, gfLog = func() (exp [512]byte, log [256]byte) {
	x := 1
	for i := range 255 {
		exp[i], exp[i+255] = byte(x), byte(x)
		log[x] = byte(i)
		x <<= 1
		if x >= 256 {
			x ^= 0x11d
		}
	}
	return exp, log
}()

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

// rsDivisor returns the Reed-Solomon generator polynomial of degree d,
// (x - 1)(x - 2)(x - 4)...(x - 2^(d-1)), its coefficients from the highest
// power down, the leading 1 left out.
func rsDivisor(d int) []byte {
	p := make([]byte, d)
	p[d-1] = 1
	root := byte(1)
	for range d {
		for j := range d {
			p[j] = gfMul(p[j], root)
			if j+1 < d {
				p[j] ^= p[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return p
}

// rsDivisors holds the generator of every degree up to the tables' 30.
var rsDivisors = func() (d [31][]byte) {
	for i := 1; i < len(d); i++ {
		d[i] = rsDivisor(i)
	}
	return d
}()

// rsRemainder returns data's error correction codewords: the remainder of
// data·x^d divided by the generator.
func rsRemainder(data, divisor []byte) []byte {
	r := make([]byte, len(divisor))
	for _, b := range data {
		f := b ^ r[0]
		copy(r, r[1:])
		r[len(r)-1] = 0
		if f == 0 {
			continue
		}
		lf := int(gfLog[f])
		for i, c := range divisor {
			if c != 0 {
				r[i] ^= gfExp[int(gfLog[c])+lf]
			}
		}
	}
	return r
}
