package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"
)

// The normalizer turns any JSON export into what DuckDB reads fastest: one record a line.
//
// It accepts a Graph page ({"@odata.context":..,"value":[...]}), an Azure Monitor
// {"records":[...]} wrapper, a plain array, arrays written one after another ("[...][...]"),
// and one record a line, with or without a byte order mark and CRLF line ends. For each
// record it writes {"_line":N,...} where N is the line of the source on which the record
// starts, with every object key lower-cased (exports made with the Graph PowerShell SDK write
// PascalCase), whitespace outside strings removed, and Windows PowerShell's "\/Date(ms)\/"
// times rewritten as ISO 8601. Keys the format has no column for are moved into "_extra", so
// that nothing in the source is lost. The normalizer validates the JSON as it goes: it never
// decodes a record into Go values, it only copies bytes.

// normSpec says how records of one format are shaped.
type normSpec struct {
	// hoist names an object member (Azure Monitor's "properties") whose members become
	// top-level keys of the record; the record's other top-level keys get the prefix "_az_".
	hoist string
	// known lists the (lower-case) top-level keys that have columns; every other key goes to
	// "_extra". A nil map keeps every key at the top level.
	known map[string]bool
	// idKey names the top-level key whose value identifies a record: a record whose id was
	// already seen in this file is dropped and counted as a duplicate.
	idKey string
	// drop lists top-level keys (after hoisting and prefixing) to leave out altogether.
	drop map[string]bool
	// rawKeys lists top-level members whose nested keys stay as the source spells them
	// (members stored whole, as JSON, as exported).
	rawKeys map[string]bool
	// keepNestedCase leaves the keys of nested objects as they are (flat formats whose
	// nested values are read whole, as JSON, with the source's own names).
	keepNestedCase bool
	// wrap writes each record whole, keys untouched, as the value of this key.
	wrap string
	// dedupeKeys drops a record's repeated top-level keys, keeping the first (DuckDB refuses
	// a record with a repeated key). It costs time, so only the careful pass sets it.
	dedupeKeys bool
	// maxRecords stops after this many records (used to sniff a file); 0 for no limit.
	maxRecords int
	// lineBase is added to every _line written: files loaded together in one statement
	// carry their place in the batch in the high bits.
	lineBase int64
}

// normResult reports what the normalizer found.
type normResult struct {
	shape      string      // ndjson, array, arrays, page, object
	lineMode   bool        // records are one a line
	records    int         // records written
	duplicates int         // records dropped as repeats of an earlier id
	bad        []lineError // records of a one-record-a-line file that could not be read
	bytesIn    int64
}

// lineError is a problem with the source at a line.
type lineError struct {
	line   int
	reason string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.reason) }

// errStop ends normalizing early once maxRecords records were written.
var errStop = errors.New("enough records")

const normBufSize = 1 << 20

// normalizer holds the state of one pass over one input.
type normalizer struct {
	src  io.Reader
	buf  []byte
	r, w int
	eof  bool
	rerr error
	line int
	read int64

	spec normSpec
	out  io.Writer
	res  normResult

	rec   []byte // the record being built
	extra []byte // its "_extra" members
	cur   *[]byte
	ids   map[string]struct{}
	recID []byte
	seen  map[string]bool // top-level keys of the current record, when deduping keys
	// stack of open containers inside a value: '{' or '['
	stack   []byte
	key     []byte
	keyOrig []byte
	azKey   []byte
	// wrapFirst is set while the wrapped record has no member yet.
	wrapFirst bool
	// keepCase is set while copying a member stored as the source spells it.
	keepCase bool
	inPage   bool
	// lineMode is set once a top-level record opened and closed on one line: from then on
	// records are one a line, and a record that runs past its line is a bad line.
	lineMode, inLine, lineBreak bool
}

func normalizeJSON(src io.Reader, out io.Writer, spec normSpec) (normResult, error) {
	size := normBufSize
	if spec.maxRecords > 0 {
		size = 64 << 10 // a sniff's few records (the buffer grows for a longer one)
	}
	n := &normalizer{
		src:  src,
		buf:  make([]byte, size),
		line: 1,
		spec: spec,
		out:  out,
		ids:  map[string]struct{}{},
		seen: map[string]bool{},
	}
	err := n.run()
	n.res.bytesIn = n.read
	n.res.lineMode = n.lineMode
	if errors.Is(err, errStop) {
		err = nil
	}
	return n.res, err
}

// fill makes room and reads more input; it reports whether any new bytes arrived.
func (n *normalizer) fill() bool {
	if n.eof {
		return false
	}
	if n.r > 0 {
		copy(n.buf, n.buf[n.r:n.w])
		n.w -= n.r
		n.r = 0
	}
	if n.w == len(n.buf) {
		nb := make([]byte, 2*len(n.buf))
		copy(nb, n.buf[:n.w])
		n.buf = nb
	}
	for {
		k, err := n.src.Read(n.buf[n.w:])
		n.w += k
		n.read += int64(k)
		if err != nil {
			n.eof = true
			if err != io.EOF {
				n.rerr = err
			}
			return k > 0
		}
		if k > 0 {
			return true
		}
	}
}

// peek returns the next byte without consuming it; ok is false at the end of input.
func (n *normalizer) peek() (byte, bool) {
	if n.r >= n.w && !n.fill() {
		return 0, false
	}
	return n.buf[n.r], true
}

func (n *normalizer) errf(format string, args ...any) error {
	if n.rerr != nil {
		return fmt.Errorf("%d: read: %w", n.line, n.rerr)
	}
	return &lineError{line: n.line, reason: fmt.Sprintf(format, args...)}
}

// eofErr is the error for input that ends inside a value.
func (n *normalizer) eofErr() error {
	if n.lineBreak {
		return n.errf("record not closed before the end of the line")
	}
	return n.errf("unexpected end of input inside a value (truncated file?)")
}

// skipWS skips whitespace, counting lines.
func (n *normalizer) skipWS() (byte, bool) {
	for {
		for n.r < n.w {
			c := n.buf[n.r]
			switch c {
			case '\n':
				if n.inLine {
					n.lineBreak = true
					return 0, false
				}
				n.line++
			case ' ', '\t', '\r':
			default:
				return c, true
			}
			n.r++
		}
		if !n.fill() {
			return 0, false
		}
	}
}

func (n *normalizer) run() error {
	// A UTF-8 byte order mark may open the file.
	for n.w-n.r < 3 && n.fill() {
	}
	if n.w-n.r >= 3 && bytes.Equal(n.buf[n.r:n.r+3], []byte{0xEF, 0xBB, 0xBF}) {
		n.r += 3
	}
	var arrays, pages, objects int
	defer func() {
		switch {
		case pages > 0:
			n.res.shape = "page"
		case arrays > 1:
			n.res.shape = "arrays"
		case arrays == 1:
			n.res.shape = "array"
		case objects > 1 || len(n.res.bad) > 0:
			n.res.shape = "ndjson"
		case objects == 1:
			n.res.shape = "object"
		}
	}()
	for {
		c, ok := n.skipWS()
		if !ok {
			break
		}
		startLine := n.line
		var err error
		switch c {
		case '[':
			arrays++
			n.r++
			err = n.recordArray()
		case '{':
			n.inPage = false
			n.inLine, n.lineBreak = n.lineMode, false
			err = n.topObject()
			n.inLine = false
			if err == nil && !n.inPage && objects == 0 && n.line == startLine {
				n.lineMode = true
			}
			if err == nil && n.inPage {
				pages++
			} else if err == nil {
				objects++
			}
		default:
			err = n.errf("expected '{' or '[', found %s", describeByte(c))
		}
		if err == nil {
			continue
		}
		var le *lineError
		if errors.Is(err, errStop) || !errors.As(err, &le) || n.rerr != nil {
			return err
		}
		// One record a line: a line that cannot be read is set aside and the next read.
		// Inside an array or a page there is no telling where the next record starts.
		if c == '[' || n.inPage || arrays > 0 || pages > 0 {
			return err
		}
		n.res.bad = append(n.res.bad, lineError{line: startLine, reason: le.reason})
		if !n.resync() {
			break
		}
	}
	if n.rerr != nil {
		return n.errf("read")
	}
	if arrays+pages+objects == 0 {
		if len(n.res.bad) > 0 {
			return &n.res.bad[0]
		}
		return &lineError{line: n.line, reason: "no JSON value in the file"}
	}
	return nil
}

// resync skips to the next line that starts with '{'; it reports whether there is one.
func (n *normalizer) resync() bool {
	n.stack = n.stack[:0]
	for {
		for n.r < n.w {
			c := n.buf[n.r]
			n.r++
			if c == '\n' {
				n.line++
				if n.r >= n.w {
					n.fill()
				}
				if n.r < n.w && n.buf[n.r] == '{' {
					return true
				}
			}
		}
		if !n.fill() {
			return false
		}
	}
}

func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// recordArray reads the elements of an array of records; the '[' is consumed.
func (n *normalizer) recordArray() error {
	c, ok := n.skipWS()
	if !ok {
		return n.eofErr()
	}
	if c == ']' {
		n.r++
		return nil
	}
	for {
		c, ok = n.skipWS()
		if !ok {
			return n.eofErr()
		}
		if c != '{' {
			if c == ']' {
				return n.errf("trailing comma before ']'")
			}
			return n.errf("array element is %s, not a record object", describeByte(c))
		}
		if err := n.record(); err != nil {
			return err
		}
		c, ok = n.skipWS()
		if !ok {
			return n.eofErr()
		}
		n.r++
		switch c {
		case ',':
		case ']':
			return nil
		default:
			return n.errf("expected ',' or ']' after a record, found %s", describeByte(c))
		}
	}
}

// topObject reads an object at the top level: a record, or a page whose "value" or
// "records" member holds the records.
func (n *normalizer) topObject() error {
	n.beginRecord()
	n.r++ // '{'
	first := true
	wrapper := false
	for {
		c, ok := n.skipWS()
		if !ok {
			return n.eofErr()
		}
		if c == '}' {
			n.r++
			if wrapper {
				return nil
			}
			return n.endRecord()
		}
		if !first {
			if c != ',' {
				return n.errf("expected ',' or '}' after a member, found %s", describeByte(c))
			}
			n.r++
			if c, ok = n.skipWS(); !ok {
				return n.eofErr()
			}
			if c == '}' {
				return n.errf("trailing comma before '}'")
			}
		}
		first = false
		if c != '"' {
			return n.errf("expected a member name, found %s", describeByte(c))
		}
		key, err := n.readKey()
		if err != nil {
			return err
		}
		if err := n.colon(); err != nil {
			return err
		}
		c, ok = n.skipWS()
		if !ok {
			return n.eofErr()
		}
		if !wrapper && c == '[' && (string(key) == "value" || string(key) == "records") {
			wrapper = true
			n.inPage = true
			n.r++
			if err := n.recordArray(); err != nil {
				return err
			}
			continue
		}
		if wrapper {
			// Page metadata (@odata.nextLink and kin) after the records: read and drop.
			var sink []byte
			n.cur = &sink
			if err := n.value(); err != nil {
				return err
			}
			continue
		}
		if err := n.member(key); err != nil {
			return err
		}
	}
}

// record reads one record object; the reader is at its '{'.
func (n *normalizer) record() error {
	n.beginRecord()
	n.r++
	first := true
	for {
		c, ok := n.skipWS()
		if !ok {
			return n.eofErr()
		}
		if c == '}' {
			n.r++
			return n.endRecord()
		}
		if !first {
			if c != ',' {
				return n.errf("expected ',' or '}' after a member, found %s", describeByte(c))
			}
			n.r++
			if c, ok = n.skipWS(); !ok {
				return n.eofErr()
			}
			if c == '}' {
				return n.errf("trailing comma before '}'")
			}
		}
		first = false
		if c != '"' {
			return n.errf("expected a member name, found %s", describeByte(c))
		}
		key, err := n.readKey()
		if err != nil {
			return err
		}
		if err := n.colon(); err != nil {
			return err
		}
		if err := n.member(key); err != nil {
			return err
		}
	}
}

func (n *normalizer) colon() error {
	c, ok := n.skipWS()
	if !ok {
		return n.eofErr()
	}
	if c != ':' {
		return n.errf("expected ':' after a member name, found %s", describeByte(c))
	}
	n.r++
	return nil
}

func (n *normalizer) beginRecord() {
	n.rec = append(n.rec[:0], `{"_line":`...)
	n.rec = strconv.AppendInt(n.rec, n.spec.lineBase+int64(n.line), 10)
	n.extra = n.extra[:0]
	n.recID = n.recID[:0]
	if n.spec.dedupeKeys {
		clear(n.seen)
	}
	if n.spec.wrap != "" {
		n.rec = append(n.rec, ',', '"')
		n.rec = append(n.rec, n.spec.wrap...)
		n.rec = append(n.rec, '"', ':', '{')
		n.wrapFirst = true
	}
}

func (n *normalizer) endRecord() error {
	if n.spec.idKey != "" && len(n.recID) > 0 {
		if _, seen := n.ids[string(n.recID)]; seen {
			n.res.duplicates++
			return nil
		}
		n.ids[string(n.recID)] = struct{}{}
	}
	if n.spec.wrap != "" {
		n.rec = append(n.rec, '}')
	}
	if len(n.extra) > 0 {
		n.rec = append(n.rec, `,"_extra":{`...)
		n.rec = append(n.rec, n.extra[1:]...) // drop the leading comma
		n.rec = append(n.rec, '}')
	}
	n.rec = append(n.rec, '}', '\n')
	if _, err := n.out.Write(n.rec); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	n.res.records++
	if n.spec.maxRecords > 0 && n.res.records >= n.spec.maxRecords {
		return errStop
	}
	return nil
}

// member routes one top-level member of a record (its name already read) to the record or
// to "_extra", hoisting the members of spec.hoist.
func (n *normalizer) member(key []byte) error {
	if n.spec.hoist != "" {
		if string(key) == n.spec.hoist {
			c, ok := n.skipWS()
			if !ok {
				return n.eofErr()
			}
			if c == '{' {
				return n.hoisted()
			}
		}
		n.azKey = append(append(n.azKey[:0], "_az_"...), key...)
		key = n.azKey
	}
	return n.routed(key)
}

// hoisted reads the members of the hoisted object as members of the record.
func (n *normalizer) hoisted() error {
	n.r++
	first := true
	for {
		c, ok := n.skipWS()
		if !ok {
			return n.eofErr()
		}
		if c == '}' {
			n.r++
			return nil
		}
		if !first {
			if c != ',' {
				return n.errf("expected ',' or '}' after a member, found %s", describeByte(c))
			}
			n.r++
			if c, ok = n.skipWS(); !ok {
				return n.eofErr()
			}
			if c == '}' {
				return n.errf("trailing comma before '}'")
			}
		}
		first = false
		if c != '"' {
			return n.errf("expected a member name, found %s", describeByte(c))
		}
		key, err := n.readKey()
		if err != nil {
			return err
		}
		if err := n.colon(); err != nil {
			return err
		}
		if err := n.routed(key); err != nil {
			return err
		}
	}
}

func (n *normalizer) routed(key []byte) error {
	if n.spec.drop[string(key)] {
		var sink []byte
		n.cur = &sink
		return n.value()
	}
	if n.spec.dedupeKeys {
		if n.seen[string(key)] {
			var sink []byte
			n.cur = &sink
			return n.value()
		}
		n.seen[string(key)] = true
	}
	isID := n.spec.idKey != "" && string(key) == n.spec.idKey
	if n.spec.known == nil || n.spec.known[string(key)] || isID {
		n.cur = &n.rec
	} else {
		n.cur = &n.extra
	}
	if n.spec.hoist != "" && n.cur == &n.rec && !n.wrapFirst && bytes.HasPrefix(key, []byte("_az_")) {
		// An envelope member the format reads (as a fallback) stays in _extra too, as the
		// others are: the record keeps every member of the envelope.
		start := len(n.rec)
		n.rec = append(n.rec, ',', '"')
		n.rec = append(n.rec, key...)
		n.rec = append(n.rec, '"', ':')
		if err := n.value(); err != nil {
			return err
		}
		n.extra = append(n.extra, n.rec[start:]...)
		return nil
	}
	if n.wrapFirst && n.cur == &n.rec {
		*n.cur = append(*n.cur, '"')
		n.wrapFirst = false
	} else {
		*n.cur = append(*n.cur, ',', '"')
	}
	if n.spec.wrap != "" {
		*n.cur = append(*n.cur, n.keyOrig...)
	} else {
		*n.cur = append(*n.cur, key...)
	}
	*n.cur = append(*n.cur, '"', ':')
	if n.spec.rawKeys[string(key)] {
		n.keepCase = true
		defer func() { n.keepCase = false }()
	}
	if isID {
		start := len(*n.cur)
		if err := n.value(); err != nil {
			return err
		}
		n.recID = append(n.recID[:0], (*n.cur)[start:]...)
		return nil
	}
	return n.value()
}

// readKey reads a member name and returns it lower-cased, without its quotes, in a buffer
// that the next call reuses; the reader is at its '"'.
func (n *normalizer) readKey() ([]byte, error) {
	k, err := n.str(n.keyOrig[:0], false)
	n.keyOrig = k
	if err != nil {
		return nil, err
	}
	n.keyOrig = k[1 : len(k)-1]
	k = append(n.key[:0], n.keyOrig...)
	n.key = k
	for i, c := range k {
		if 'A' <= c && c <= 'Z' {
			k[i] = c + 'a' - 'A'
		}
	}
	return k, nil
}

// strClass marks the bytes a string scan must stop at: '"', '\\', control bytes and the
// first bytes of multi-byte UTF-8 sequences.
var strClass = func() (t [256]bool) {
	for i := range 0x20 {
		t[i] = true
	}
	t['"'] = true
	t['\\'] = true
	for i := 0x80; i < 256; i++ {
		t[i] = true
	}
	return t
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special8 has the high bit set in (at least) the lowest byte of x that a string scan must
// stop at: '"', '\\', a control byte or a non-ASCII byte. Bytes above the lowest one may be
// marked falsely; callers only use the lowest.
func special8(x uint64) uint64 {
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	return ((x-0x20*ones)&^x | (q-ones)&^q | (b-ones)&^b | x) & highs
}

var dateOpen = []byte(`"\/Date(`)

// str copies a string token (quotes included) onto dst, validating it; the reader is at
// its opening quote. A value string in Windows PowerShell's "\/Date(ms)\/" form is written
// as an ISO 8601 time instead.
func (n *normalizer) str(dst []byte, value bool) ([]byte, error) {
	if value {
		for n.w-n.r < 40 && n.fill() {
		}
		if bytes.HasPrefix(n.buf[n.r:n.w], dateOpen) {
			if out, ok := n.psDate(dst); ok {
				return out, nil
			}
		}
	}
	dst = append(dst, '"')
	n.r++
	start := n.r
	for {
		i := n.r
		b := n.buf[:n.w]
		for i+8 <= len(b) {
			if m := special8(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(b) && !strClass[b[i]] {
			i++
		}
		if i == len(b) {
			dst = append(dst, b[start:i]...)
			n.r = i
			if !n.fill() {
				return dst, n.eofErr()
			}
			start = n.r
			continue
		}
		c := b[i]
		switch {
		case c == '"':
			dst = append(dst, b[start:i+1]...)
			n.r = i + 1
			return dst, nil
		case c == '\\':
			if i+6 > len(b) && !n.eof {
				dst = append(dst, b[start:i]...)
				n.r = i
				n.fill()
				start = n.r
				continue
			}
			if i+1 >= len(b) {
				return dst, n.eofErr()
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				n.r = i + 2
			case 'u':
				if i+6 > len(b) {
					return dst, n.eofErr()
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return dst, n.errf("bad \\u escape in a string")
					}
				}
				n.r = i + 6
			default:
				return dst, n.errf("bad escape \\%c in a string", b[i+1])
			}
		case c < 0x20:
			if c == '\n' {
				return dst, n.errf("string not closed before the end of the line")
			}
			return dst, n.errf("control character 0x%02x in a string", c)
		default: // c >= 0x80
			if !utf8.FullRune(b[i:]) && !n.eof {
				dst = append(dst, b[start:i]...)
				n.r = i
				n.fill()
				start = n.r
				continue
			}
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				return dst, n.errf("invalid UTF-8 in a string")
			}
			n.r = i + size
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// psDate rewrites "\/Date(1709287200000)\/" (optionally with a +0100 offset, which the
// milliseconds already account for) as "2024-03-01T10:00:00.000Z".
func (n *normalizer) psDate(dst []byte) ([]byte, bool) {
	b := n.buf[n.r:n.w]
	i := len(dateOpen)
	j := i
	if j < len(b) && b[j] == '-' {
		j++
	}
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	ms, err := strconv.ParseInt(string(b[i:j]), 10, 64)
	if err != nil {
		return dst, false
	}
	k := j
	if k < len(b) && (b[k] == '+' || b[k] == '-') {
		k++
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
	}
	if !bytes.HasPrefix(b[k:], []byte(`)\/"`)) {
		return dst, false
	}
	n.r += k + 4
	t := time.UnixMilli(ms).UTC()
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, "2006-01-02T15:04:05.000Z")
	dst = append(dst, '"')
	return dst, true
}

// value copies one JSON value onto *n.cur, lower-casing the keys of nested objects.
func (n *normalizer) value() error {
	n.stack = n.stack[:0]
	for {
		c, ok := n.skipWS()
		if !ok {
			return n.eofErr()
		}
		switch {
		case c == '"':
			s, err := n.str(*n.cur, true)
			*n.cur = s
			if err != nil {
				return err
			}
		case c == '{':
			n.r++
			*n.cur = append(*n.cur, '{')
			c, ok = n.skipWS()
			if !ok {
				return n.eofErr()
			}
			if c == '}' {
				n.r++
				*n.cur = append(*n.cur, '}')
				break
			}
			n.stack = append(n.stack, '{')
			if err := n.objKey(); err != nil {
				return err
			}
			continue
		case c == '[':
			n.r++
			*n.cur = append(*n.cur, '[')
			c, ok = n.skipWS()
			if !ok {
				return n.eofErr()
			}
			if c == ']' {
				n.r++
				*n.cur = append(*n.cur, ']')
				break
			}
			n.stack = append(n.stack, '[')
			continue
		case c == '-' || (c >= '0' && c <= '9'):
			if err := n.number(); err != nil {
				return err
			}
		case c == 't':
			if err := n.literal("true"); err != nil {
				return err
			}
		case c == 'f':
			if err := n.literal("false"); err != nil {
				return err
			}
		case c == 'n':
			if err := n.literal("null"); err != nil {
				return err
			}
		default:
			return n.errf("expected a value, found %s", describeByte(c))
		}
		// A value is complete: close containers or move to the next element.
		for {
			if len(n.stack) == 0 {
				return nil
			}
			c, ok = n.skipWS()
			if !ok {
				return n.eofErr()
			}
			top := n.stack[len(n.stack)-1]
			if c == ',' {
				n.r++
				*n.cur = append(*n.cur, ',')
				c, ok = n.skipWS()
				if !ok {
					return n.eofErr()
				}
				if top == '{' {
					if c == '}' {
						return n.errf("trailing comma before '}'")
					}
					if err := n.objKey(); err != nil {
						return err
					}
				} else if c == ']' {
					return n.errf("trailing comma before ']'")
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				n.r++
				*n.cur = append(*n.cur, c)
				n.stack = n.stack[:len(n.stack)-1]
				continue
			}
			if top == '{' {
				return n.errf("expected ',' or '}' in an object, found %s", describeByte(c))
			}
			return n.errf("expected ',' or ']' in an array, found %s", describeByte(c))
		}
	}
}

// objKey copies a member name (lower-cased) and its colon inside a nested object.
func (n *normalizer) objKey() error {
	c, ok := n.skipWS()
	if !ok {
		return n.eofErr()
	}
	if c != '"' {
		return n.errf("expected a member name, found %s", describeByte(c))
	}
	start := len(*n.cur)
	s, err := n.str(*n.cur, false)
	*n.cur = s
	if err != nil {
		return err
	}
	if !n.spec.keepNestedCase && n.spec.wrap == "" && !n.keepCase {
		for i := start + 1; i < len(s)-1; i++ {
			if 'A' <= s[i] && s[i] <= 'Z' {
				s[i] += 'a' - 'A'
			}
		}
	}
	if err := n.colon(); err != nil {
		return err
	}
	*n.cur = append(*n.cur, ':')
	return nil
}

func (n *normalizer) number() error {
	start := len(*n.cur)
	for {
		i := n.r
		for i < n.w && isNumByte(n.buf[i]) {
			i++
		}
		*n.cur = append(*n.cur, n.buf[n.r:i]...)
		n.r = i
		if i < n.w || !n.fill() {
			break
		}
	}
	if tok := (*n.cur)[start:]; !validNumber(tok) {
		return n.errf("bad number %q", tok)
	}
	return nil
}

func isNumByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// validNumber checks a token against JSON's number grammar.
func validNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

func (n *normalizer) literal(word string) error {
	for n.w-n.r < len(word) && n.fill() {
	}
	if n.w-n.r < len(word) || string(n.buf[n.r:n.r+len(word)]) != word {
		return n.errf("expected %s", word)
	}
	n.r += len(word)
	*n.cur = append(*n.cur, word...)
	return nil
}
