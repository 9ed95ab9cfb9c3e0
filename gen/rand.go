package gen

import (
	"encoding/base64"
	"math"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"time"
)

// rng is the generator's source of randomness: a PCG stream, so that a seed and a stream
// number always give the same values.
type rng struct{ *rand.Rand }

// newRNG returns the stream of a seed; streams of one seed are independent.
func newRNG(seed int64, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(uint64(seed), stream*0x9E3779B97F4A7C15+0x632BE59BD9B4E019))}
}

// between returns a value in [lo, hi].
func (r rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// dur returns a duration in [lo, hi), at 100 ns resolution (what Entra's 7-digit times
// hold).
func (r rng) dur(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	d := lo + time.Duration(r.Int64N(int64(hi-lo)))
	return d - d%100
}

// poisson draws from a Poisson distribution with mean lambda (Knuth for small means, a
// rounded normal approximation above).
func (r rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		if n < 0 {
			return 0
		}
		return n
	}
	l := math.Exp(-lambda)
	k, p := 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pick returns a random element.
func pick[T any](r rng, xs []T) T { return xs[r.IntN(len(xs))] }

// pickWeighted returns the index chosen with the given weights.
func (r rng) pickWeighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		x -= w
		if x < 0 {
			return i
		}
	}
	return len(weights) - 1
}

const hexDigits = "0123456789abcdef"

// uuid returns a random version-4 UUID in lower case.
func (r rng) uuid() string {
	var b [36]byte
	appendUUID(b[:0], r.Uint64(), r.Uint64())
	return string(b[:])
}

// requestID is a sign-in or request id as Entra writes them: a UUID whose last byte is 00.
func (r rng) requestID() string {
	var b [36]byte
	appendUUID(b[:0], r.Uint64(), r.Uint64()&^0xff)
	return string(b[:])
}

func appendUUID(b []byte, hi, lo uint64) []byte {
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // variant 10
	var raw [16]byte
	for i := 0; i < 8; i++ {
		raw[i] = byte(hi >> (56 - 8*i))
		raw[8+i] = byte(lo >> (56 - 8*i))
	}
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

// hex returns n random lower-case hex digits.
func (r rng) hex(n int) string {
	b := make([]byte, n)
	var v uint64
	for i := range b {
		if i%16 == 0 {
			v = r.Uint64()
		}
		b[i] = hexDigits[v&0xf]
		v >>= 4
	}
	return string(b)
}

// tokenID is a uniqueTokenIdentifier: 16 random bytes in unpadded base64url.
func (r rng) tokenID() string {
	var raw [16]byte
	a, c := r.Uint64(), r.Uint64()
	for i := 0; i < 8; i++ {
		raw[i] = byte(a >> (8 * i))
		raw[8+i] = byte(c >> (8 * i))
	}
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

// digits returns n random decimal digits.
func (r rng) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// ipIn returns a random host address inside prefix (never the network or broadcast
// address of an IPv4 /24 or wider).
func (r rng) ipIn(prefix netip.Prefix) string {
	a := prefix.Masked().Addr()
	if a.Is4() {
		base := a.As4()
		v := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
		hostBits := 32 - prefix.Bits()
		var off uint32
		if hostBits > 0 {
			size := uint64(1) << hostBits
			for {
				off = uint32(r.Uint64N(size))
				last := byte(v + off)
				if hostBits < 8 || (last != 0 && last != 255) {
					if hostBits >= 2 && (off == 0 || uint64(off) == size-1) {
						continue
					}
					break
				}
			}
		}
		v += off
		return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." + strconv.Itoa(int(v>>8&0xff)) + "." + strconv.Itoa(int(v&0xff))
	}
	b := a.As16()
	bits := prefix.Bits()
	for i := 0; i < 16; i++ {
		free := 8*(i+1) - bits // host bits inside this byte
		if free <= 0 {
			continue
		}
		x := byte(r.IntN(256))
		if free < 8 {
			mask := byte(1<<free - 1)
			b[i] = b[i]&^mask | x&mask
		} else {
			b[i] = x
		}
	}
	return netip.AddrFrom16(b).String()
}
