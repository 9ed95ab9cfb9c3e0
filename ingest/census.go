package ingest

import (
	"bytes"
	"hash/maphash"
	"strings"
)

// keyCensus checks, as a file streams past on its way to being hashed (or split), that every
// record's keys are ones the fast plan reads. DuckDB reads a file with explicit columns and
// skips any key it was not asked for, and the plan is made from a sample of the first
// records: a field that first appears later (a rarer Graph property, a new one Microsoft
// adds) would be lost instead of kept in extra. The census finds such keys, so that the load
// can be done again with them in the plan.
//
// It tracks only strings and nesting, and looks at the record's own keys (for Azure Monitor,
// the envelope's and those of properties). Records of one shape have the same keys in the
// same order, so a record costs one hash of its key sequence; only a sequence not seen
// before is checked key by key.
type keyCensus struct {
	top   map[string]bool // keys the plan knows at the record's top level (read only)
	inner map[string]bool // hoisting: keys it knows inside the hoisted member (read only)
	hoist string

	seed   maphash.Seed
	shapes map[uint64]bool // key sequences whose keys are all known

	// what it found: keys nobody knows, at the top level and inside the hoisted member
	// (at most maxNewKeys: a file with more is no shape a plan should take)
	newTop, newInner map[string]bool
	overflow         bool

	// scanner state, kept across writes
	inStr     bool
	bs        int // backslashes just before the current position, inside a string
	depth     int
	keyNext   bool // the next string at depth 1 (or 2 in the hoisted member) is a key
	capturing bool
	inHoisted bool // inside the hoisted member's object
	hoistNext bool // the value about to start is the hoisted member's
	key       []byte
	keys      []byte // this record's keys, each ended by 0 (top level) or 1 (hoisted)

	vector bool      // scanning 64 bytes at a time (census_vec.go)
	vec    vecState  // its state
	count  lineCount // the lines (a byte at a time, its own Write counts them; else the scan does)
}

// newKeyCensus is a census for what plan reads. It is handed either the file as it is (its
// Write) or, by the splitter, each record's keys as the splitter passes them. The known
// keys are the plan's, shared by every file it loads.
func newKeyCensus(p *fastPlan) *keyCensus {
	c := &keyCensus{seed: maphash.MakeSeed(), shapes: map[uint64]bool{},
		newTop: map[string]bool{}, newInner: map[string]bool{}}
	c.top, c.inner = p.knownKeys()
	c.vector = censusVector && on("census64")
	c.vec.prevNL = 1 << 63 // the stream starts as a line does
	c.vec.keyFrom = -1
	if p.hoist {
		c.hoist = "properties"
	}
	return c
}

// knownTop tells whether a top-level key is one the plan reads (for Azure Monitor, every
// envelope member, as the plan spells it).
func (c *keyCensus) knownTop(k string) bool {
	return c.top[k]
}

// censusByte marks the bytes that matter outside strings.
var censusByte = func() (t [256]bool) {
	for _, c := range []byte("\"{}[],") {
		t[c] = true
	}
	return
}()

// Write takes the next bytes of the file; end must follow the last.
func (c *keyCensus) Write(b []byte) (int, error) {
	if c.vector {
		c.writeVec(b)
		return len(b), nil
	}
	c.count.Write(b)
	i, n := 0, len(b)
	depth := c.depth
	for i < n {
		if c.inStr {
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				c.take(b[i:])
				c.bs = trailingBackslashes(b[i:], c.bs, n-i)
				break
			}
			c.take(b[i : i+j])
			if (j > 0 && b[i+j-1] == '\\' || j == 0 && c.bs > 0) && trailingBackslashes(b[i:i+j], c.bs, j)%2 == 1 {
				// an escaped quote: part of the string
				c.take(b[i+j : i+j+1])
				c.bs = 0
				i += j + 1
				continue
			}
			c.inStr, c.bs = false, 0
			i += j + 1
			if c.capturing {
				c.capturing = false
				c.endKey(c.key, depth)
			}
			continue
		}
		for i < n && !censusByte[b[i]] {
			i++
		}
		if i == n {
			break
		}
		ch := b[i]
		i++
		switch ch {
		case '"':
			c.inStr, c.bs = true, 0
			c.capturing = c.keyNext
			c.keyNext = false
			c.key = c.key[:0]
		case '{':
			depth++
			if depth == 1 {
				c.keys = c.keys[:0]
				c.keyNext = true
			} else if depth == 2 && c.hoistNext {
				c.inHoisted = true
				c.keyNext = true
			}
			c.hoistNext = false
		case '[':
			depth++
			c.hoistNext = false
		case '}', ']':
			depth--
			if depth == 1 {
				c.inHoisted = false
			}
			if depth == 0 {
				c.endRecord()
			}
		case ',':
			if depth == 1 || depth == 2 && c.inHoisted {
				c.keyNext = true
			}
			c.hoistNext = false
		}
	}
	c.depth = depth
	return n, nil
}

// trailingBackslashes counts the backslashes that end b[:n], carrying carry when all of b[:n]
// is backslashes.
func trailingBackslashes(b []byte, carry, n int) int {
	k := 0
	for k < n && b[n-1-k] == '\\' {
		k++
	}
	if k == n {
		return carry + k
	}
	return k
}

func (c *keyCensus) take(b []byte) {
	if c.capturing {
		c.key = append(c.key, b...)
	}
}

// endKey notes key, which ended at depth.
func (c *keyCensus) endKey(key []byte, depth int) {
	inner := depth == 2 && c.inHoisted
	c.addKey(key, inner)
	if !inner {
		c.hoistNext = c.hoist != "" && string(key) == c.hoist
	}
}

// addKey notes a key of the current record: its own (inner false) or the hoisted member's.
func (c *keyCensus) addKey(k []byte, inner bool) {
	c.keys = append(c.keys, k...)
	if inner {
		c.keys = append(c.keys, 1)
	} else {
		c.keys = append(c.keys, 0)
	}
}

func (c *keyCensus) endRecord() {
	keys := c.keys
	h := maphash.Bytes(c.seed, keys)
	if c.shapes[h] {
		return
	}
	all := true
	for rest := keys; len(rest) > 0; {
		end := bytes.IndexAny(rest, "\x00\x01")
		k, inner := string(rest[:end]), rest[end] == 1
		rest = rest[end+1:]
		var found map[string]bool
		switch {
		case inner && !c.inner[k]:
			found = c.newInner
		case !inner && !c.knownTop(k):
			found = c.newTop
		}
		if found != nil {
			all = false
			if len(c.newTop)+len(c.newInner) < maxNewKeys {
				found[k] = true
			} else {
				c.overflow = true
			}
		}
	}
	if all {
		c.shapes[h] = true
	}
}

// maxNewKeys bounds the keys a census collects.
const maxNewKeys = 256

// records is how many records the file holds, if every line that is not blank is one.
func (c *keyCensus) records() int64 { return c.count.records() }

// found is whether the census met keys the plan does not read.
func (c *keyCensus) found() bool { return len(c.newTop) > 0 || len(c.newInner) > 0 }

// widen returns a plan that also reads the keys the censuses found, or nil when one of them
// cannot be read that way (a key spelled otherwise than the format declares it, a new
// member of Azure Monitor's envelope): the normalizer reads such files.
func widen(p *fastPlan, censuses ...*keyCensus) *fastPlan {
	unknown := map[string]bool{}
	for k := range p.unknown {
		unknown[k] = true
	}
	for _, c := range censuses {
		if c == nil {
			continue
		}
		if c.overflow || len(c.newTop) > 0 && p.hoist {
			return nil
		}
		fresh := c.newInner
		if !p.hoist {
			fresh = c.newTop
		}
		for k := range fresh {
			l := strings.ToLower(k)
			if p.tree.childFold(k) != nil || strings.HasPrefix(l, "_az_") || l == "_line" || l == "_extra" || strings.ContainsAny(k, "\\\x00") {
				return nil
			}
			unknown[k] = true
		}
	}
	w := buildFastPlan(p.src, p.tree, p.hoist, unknown)
	w.split = p.split
	return w
}
