package ingest

import "math/bits"

// The census 64 bytes at a time (where censusVector): vector instructions mark each block's
// quotes, backslashes, brackets, commas and line ends in bit masks (censusMasks); which
// quotes are escaped and which bytes lie inside strings is then worked out for the whole
// block with a few integer operations, as simdjson does (Langdale and Lemire, "Parsing
// gigabytes of JSON per second", 2019). What is left to look at one by one is what the
// census is about: brackets, commas between a record's members, and the quotes around its
// keys. Everything inside a nested value but its brackets is passed over. The same scan
// counts the file's lines, into the counts the byte-at-a-time census's lineCount keeps.

const (
	censusMaskWords = 7       // masks a block: '"', '\\', '{[', '}]', ',', '\n', '\r'
	censusChunk     = 64 * 64 // bytes classified at a time, so that their masks stay in cache
)

// censusMasksGo is what censusMasks computes, a byte at a time: the reference the vector
// version is tested against.
func censusMasksGo(src []byte, dst []uint64) {
	for k := 0; k+64 <= len(src); k += 64 {
		var m [censusMaskWords]uint64
		for i, ch := range src[k : k+64] {
			bit := uint64(1) << i
			switch ch {
			case '"':
				m[0] |= bit
			case '\\':
				m[1] |= bit
			case '{', '[':
				m[2] |= bit
			case '}', ']':
				m[3] |= bit
			case ',':
				m[4] |= bit
			case '\n':
				m[5] |= bit
			case '\r':
				m[6] |= bit
			}
		}
		copy(dst[k/64*censusMaskWords:], m[:])
	}
}

// vecState is the 64-byte scan's state, carried from one block (and one Write) to the next.
type vecState struct {
	inMask         uint64 // all ones when the last block ended inside a string
	esc            uint64 // 1 when the next byte is escaped by a backslash
	prevNL, prevCR uint64 // the last block's line ends and carriage returns
	keyFrom        int    // where the key being captured starts in the bytes scanned; -1 if before them
	pend           [64]byte
	npend          int
	masks          []uint64
}

// writeVec takes the next bytes of the stream: whole blocks are scanned, and the rest waits
// for the next write (or for end).
func (c *keyCensus) writeVec(b []byte) {
	v := &c.vec
	if len(b) == 0 {
		return
	}
	// The line counts go where the byte-at-a-time census keeps them (c.count), so that
	// both answer records the same way; the scan here fills them in.
	c.count.size += int64(len(b))
	c.count.prev[1] = b[len(b)-1]
	if v.npend > 0 {
		n := copy(v.pend[v.npend:], b)
		v.npend += n
		b = b[n:]
		if v.npend < 64 {
			return
		}
		c.scanBlocks(v.pend[:])
		v.npend = 0
	}
	whole := len(b) &^ 63
	if whole > 0 {
		c.scanBlocks(b[:whole])
	}
	v.npend = copy(v.pend[:], b[whole:])
}

// end scans the bytes still waiting: the stream is over.
func (c *keyCensus) end() {
	v := &c.vec
	if !c.vector || v.npend == 0 {
		return
	}
	for i := v.npend; i < 64; i++ {
		v.pend[i] = ' '
	}
	v.npend = 0
	c.scanBlocks(v.pend[:])
}

// scanBlocks scans src, whole blocks of 64 bytes.
func (c *keyCensus) scanBlocks(src []byte) {
	v := &c.vec
	if v.masks == nil {
		v.masks = make([]uint64, censusChunk/64*censusMaskWords)
	}
	for off := 0; off < len(src); off += censusChunk {
		chunk := src[off:min(off+censusChunk, len(src))]
		censusMasks(chunk, v.masks)
		for k := 0; k < len(chunk)/64; k++ {
			c.block(src, off+k*64, (*[censusMaskWords]uint64)(v.masks[k*censusMaskWords:]))
		}
	}
	// A key still open goes on past src: keep what src holds of it.
	if c.capturing && v.keyFrom >= 0 {
		c.key = append(c.key[:0], src[v.keyFrom:]...)
		v.keyFrom = -1
	} else if c.capturing {
		c.key = append(c.key, src...)
	}
}

// block scans the 64 bytes of src at base, whose masks are w.
func (c *keyCensus) block(src []byte, base int, w *[censusMaskWords]uint64) {
	v := &c.vec
	q := w[0]
	if w[1]|v.esc != 0 {
		q &^= v.escaped(w[1])
	}
	in := prefixXor(q) ^ v.inMask // inside a string, its opening quote included
	v.inMask = uint64(int64(in) >> 63)

	if nl := w[5]; nl|v.prevNL != 0 {
		cr := w[6]
		// a blank line: a line end right after one, or after one and a carriage return
		nl1, nl2, cr1 := nl<<1|v.prevNL>>63, nl<<2|v.prevNL>>62, cr<<1|v.prevCR>>63
		c.count.lines += int64(bits.OnesCount64(nl))
		c.count.blank += int64(bits.OnesCount64(nl & (nl1 | cr1&nl2)))
		v.prevNL, v.prevCR = nl, cr
	} else {
		v.prevCR = w[6]
	}

	open, close, comma := w[2]&^in, w[3]&^in, w[4]&^in
	// Inside a nested value all the block through (its closes cannot bring it out), only
	// the depth changes. A record's own members are at depth 1 (and the hoisted member's
	// at 2).
	floor := 2
	if c.inHoisted {
		floor = 3
	}
	if c.depth-bits.OnesCount64(close) >= floor && !c.capturing && !c.keyNext {
		c.depth += bits.OnesCount64(open) - bits.OnesCount64(close)
		return
	}
	live := ^uint64(0)
	for {
		ev := open | close
		if c.keyNext || c.capturing {
			ev |= q
		}
		if c.depth == 1 || c.depth == 2 && c.inHoisted {
			ev |= comma
		}
		ev &= live
		if ev == 0 {
			return
		}
		i := bits.TrailingZeros64(ev)
		bit := uint64(1) << i
		live = ^(bit<<1 - 1)
		at := base + i
		switch {
		case q&bit != 0:
			if c.capturing {
				c.capturing = false
				if v.keyFrom >= 0 {
					c.endKey(src[v.keyFrom:at], c.depth)
				} else {
					c.key = append(c.key, src[:at]...)
					c.endKey(c.key, c.depth)
				}
			} else {
				c.keyNext, c.capturing = false, true
				v.keyFrom = at + 1
			}
		case open&bit != 0:
			c.depth++
			if src[at] == '{' {
				if c.depth == 1 {
					c.keys = c.keys[:0]
					c.keyNext = true
				} else if c.depth == 2 && c.hoistNext {
					c.inHoisted = true
					c.keyNext = true
				}
			}
			c.hoistNext = false
		case close&bit != 0:
			c.depth--
			if c.depth == 1 {
				c.inHoisted = false
			}
			if c.depth == 0 {
				c.endRecord()
			}
		default: // a comma between members: the key is the next string
			c.hoistNext = false
			next := q & live
			j := bits.TrailingZeros64(next)
			if next == 0 || (open|close)&live&(uint64(1)<<j-1) != 0 {
				c.keyNext = true // (a bracket first is no JSON; taken as it comes)
				break
			}
			end := next &^ (1 << j)
			if end == 0 { // the key goes on into the next block
				c.capturing = true
				v.keyFrom = base + j + 1
				live = ^(uint64(1)<<j<<1 - 1)
				break
			}
			k := bits.TrailingZeros64(end)
			c.endKey(src[base+j+1:base+k], c.depth)
			live = ^(uint64(1)<<k<<1 - 1)
		}
	}
}

// escaped marks the bytes of a block that a backslash escapes: those after a run of an odd
// number of backslashes (simdjson's method: subtracting a run from the odd bit positions
// carries through it and leaves its parity).
func (v *vecState) escaped(backslash uint64) uint64 {
	const oddBits = 0xAAAAAAAAAAAAAAAA
	potential := backslash &^ v.esc
	codes := ((potential<<1 | oddBits) - potential) ^ oddBits
	escaped := codes ^ (backslash | v.esc)
	v.esc = (codes & backslash) >> 63
	return escaped
}

// prefixXor sets bit i when an odd number of bits at or below i are set.
func prefixXor(x uint64) uint64 {
	x ^= x << 1
	x ^= x << 2
	x ^= x << 4
	x ^= x << 8
	x ^= x << 16
	x ^= x << 32
	return x
}
