package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The splitter is the normalizer's fast twin, for files whose records the fast path can
// read as they are (keys spelled as the format declares them): it finds where each record
// of a Graph page, an Azure Monitor {"records":[...]} wrapper, an array or a stream of
// objects begins and ends, and copies it verbatim onto a line of its own, opened with a
// "_line" member naming the line of the source it starts on. It only tracks strings and
// nesting; it does not check the JSON inside a record (DuckDB does, and a file DuckDB
// refuses is read again through the normalizer, which names the line). That makes it a
// byte scan at memory speed instead of a re-serialisation.

// splitError means the splitter cannot tell records apart: the file is not JSON of a
// shape it knows, or it ends early. The normalizer reads such a file and says why.
type splitError struct {
	line   int64
	reason string
}

func (e *splitError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.reason) }

// splitMaxRecord bounds one record (DuckDB reads records of at most 32 MB).
const splitMaxRecord = 32 << 20

// splitBufSize is the splitter's first buffer (it grows to hold a record); tests make it
// small to move records across reads.
var splitBufSize = 1 << 20

// splitFlush is how much split output the splitter hands on at once.
const splitFlush = 512 << 10

// structural marks the bytes the scan outside strings stops at.
var structural = func() (t [256]bool) {
	for _, c := range []byte("\"{}[],\n") {
		t[c] = true
	}
	return
}()

type splitter struct {
	src  io.Reader
	buf  []byte
	r, w int
	// pin is the first byte that must stay in buf (the start of the record being read);
	// -1 when nothing before r is needed.
	pin  int
	eof  bool
	rerr error
	line int64 // line of buf[r]

	out      io.Writer
	ob       []byte
	lineBase int64
	records  int64
	max      int64 // stop after this many records; 0 for all
	// census, when set, is handed each record's keys as the records are split.
	census *keyCensus
}

// splitRecords copies the records of a JSON export from r to w, one a line, each opened
// with its "_line" (plus lineBase). It returns how many records it wrote.
func splitRecords(r io.Reader, w io.Writer, lineBase, max int64, census *keyCensus) (int64, error) {
	s := &splitter{src: r, buf: make([]byte, splitBufSize), pin: -1, line: 1, out: w, lineBase: lineBase, max: max, census: census}
	err := s.run()
	if errors.Is(err, errStop) {
		err = nil
	}
	// The records before an error are whole: a sample may use them.
	if ferr := s.flush(); ferr != nil && err == nil {
		err = ferr
	}
	return s.records, err
}

func (s *splitter) errf(format string, args ...any) error {
	if s.rerr != nil {
		return fmt.Errorf("%d: read: %w", s.line, s.rerr)
	}
	return &splitError{line: s.line, reason: fmt.Sprintf(format, args...)}
}

// fill keeps the pinned bytes, reads more, and reports whether any arrived. Indexes into
// buf move with the bytes: callers reload r after it.
func (s *splitter) fill() bool {
	if s.eof {
		return false
	}
	keep := s.r
	if s.pin >= 0 {
		keep = s.pin
	}
	if keep > 0 {
		copy(s.buf, s.buf[keep:s.w])
		s.w -= keep
		s.r -= keep
		if s.pin >= 0 {
			s.pin -= keep
		}
	}
	if s.w == len(s.buf) {
		if len(s.buf) >= 2*splitMaxRecord {
			s.rerr = fmt.Errorf("a record is larger than %d MB", splitMaxRecord>>20)
			s.eof = true
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.w])
		s.buf = nb
	}
	for {
		k, err := s.src.Read(s.buf[s.w:])
		s.w += k
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			return k > 0
		}
		if k > 0 {
			return true
		}
	}
}

// skipWS skips white space, counting lines, and returns the next byte.
func (s *splitter) skipWS() (byte, bool) {
	for {
		for s.r < s.w {
			switch c := s.buf[s.r]; c {
			case '\n':
				s.line++
			case ' ', '\t', '\r':
			default:
				return c, true
			}
			s.r++
		}
		if !s.fill() {
			return 0, false
		}
	}
}

func (s *splitter) run() error {
	for s.w-s.r < 3 && s.fill() {
	}
	if s.w-s.r >= 3 && bytes.Equal(s.buf[s.r:s.r+3], []byte{0xEF, 0xBB, 0xBF}) {
		s.r += 3
	}
	for {
		c, ok := s.skipWS()
		if !ok {
			break
		}
		var err error
		switch c {
		case '[':
			s.r++
			err = s.array()
		case '{':
			err = s.object()
		default:
			err = s.errf("expected '{' or '['")
		}
		if err != nil {
			return err
		}
	}
	if s.rerr != nil {
		return s.errf("read")
	}
	return nil
}

// array reads an array of records; the '[' is consumed.
func (s *splitter) array() error {
	c, ok := s.skipWS()
	if ok && c == ']' {
		s.r++
		return nil
	}
	for {
		if !ok {
			return s.errf("the file ends inside an array")
		}
		if c != '{' {
			return s.errf("an array element is not a record")
		}
		line := s.line
		s.pin = s.r
		if s.census != nil {
			s.census.keys = s.census.keys[:0]
		}
		nl, err := s.composite(recordKeys)
		if err != nil {
			return err
		}
		if s.census != nil {
			s.census.endRecord()
		}
		if err := s.emit(s.pin, s.r, line, nl); err != nil {
			return err
		}
		s.pin = -1
		if c, ok = s.skipWS(); !ok {
			return s.errf("the file ends inside an array")
		}
		s.r++
		switch c {
		case ']':
			return nil
		case ',':
		default:
			return s.errf("expected ',' or ']' after a record")
		}
		c, ok = s.skipWS()
	}
}

// object reads a top-level object: a page whose "value" or "records" member holds the
// records, or else a record.
func (s *splitter) object() error {
	if s.census != nil {
		s.census.keys = s.census.keys[:0]
	}
	s.pin = s.r
	line := s.line
	s.r++
	page := false
	for first := true; ; first = false {
		c, ok := s.skipWS()
		if !ok {
			return s.errf("the file ends inside an object")
		}
		if c == '}' {
			s.r++
			break
		}
		if !first {
			if c != ',' {
				return s.errf("expected ',' or '}' after a member")
			}
			s.r++
			if c, ok = s.skipWS(); !ok {
				return s.errf("the file ends inside an object")
			}
		}
		if c != '"' {
			return s.errf("expected a member name")
		}
		q, err := s.str()
		if err != nil {
			return err
		}
		key := s.buf[q+1 : s.r-1]
		// as the normalizer has it: any case (PowerShell writes "Value")
		wrapper := bytes.EqualFold(key, []byte("value")) || bytes.EqualFold(key, []byte("records"))
		hoisted := false
		if s.census != nil && !page {
			s.census.addKey(key, false)
			hoisted = s.census.hoist != "" && string(key) == s.census.hoist
		}
		if c, ok = s.skipWS(); !ok || c != ':' {
			return s.errf("expected ':' after a member name")
		}
		s.r++
		if c, ok = s.skipWS(); !ok {
			return s.errf("the file ends inside an object")
		}
		if !page && c == '[' && wrapper {
			page = true
			if s.census != nil {
				s.census.keys = s.census.keys[:0] // a page's members are not a record's
			}
			s.pin = -1
			s.r++
			if err := s.array(); err != nil {
				return err
			}
			continue
		}
		if page {
			s.pin = s.r // page metadata: read and drop
		}
		switch c {
		case '{', '[':
			keys := noKeys
			if hoisted && c == '{' {
				keys = innerKeys
			}
			_, err = s.composite(keys)
		case '"':
			_, err = s.str()
		default:
			err = s.scalar()
		}
		if err != nil {
			return err
		}
		if page {
			s.pin = -1
		}
	}
	if page {
		return nil
	}
	if s.census != nil {
		s.census.endRecord()
	}
	err := s.emit(s.pin, s.r, line, s.line-line)
	s.pin = -1
	return err
}

// strEnd returns the index just past the string whose opening quote is at b[i-1], or -1
// when b ends first: the end is the next quote not escaped by an odd run of backslashes.
func strEnd(b []byte, i int) int {
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		i += j
		k := i - 1
		for b[k] == '\\' {
			k--
		}
		i++
		if (i-2-k)%2 == 0 {
			return i
		}
	}
}

// str skips a string; the reader is at its opening quote. It returns where the quote is
// once the string is read (reading more may move it).
func (s *splitter) str() (int, error) {
	if s.pin < 0 {
		s.pin = s.r
		defer func() { s.pin = -1 }()
	}
	for {
		if e := strEnd(s.buf[:s.w], s.r+1); e >= 0 {
			q := s.r
			s.r = e
			return q, nil
		}
		if !s.fill() {
			return 0, s.errf("the file ends inside a string")
		}
	}
}

// scalar skips a number or a literal.
func (s *splitter) scalar() error {
	for {
		for s.r < s.w {
			switch s.buf[s.r] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return nil
			case '"', '{', '[', ':':
				return s.errf("unexpected %s", describeByte(s.buf[s.r]))
			}
			s.r++
		}
		if !s.fill() {
			return nil
		}
	}
}

// What composite notes of the keys it passes, for the census.
const (
	noKeys     = iota
	recordKeys // the value is a record: its own keys, and those of the hoisted member
	innerKeys  // the value is the hoisted member: its keys
)

// composite skips an object or an array; the reader is at its opening bracket and the
// pin at or before it. It returns the line breaks it passed. With a census and a keys
// mode, it hands the census the keys it passes (the same scan, not a second one).
func (s *splitter) composite(keys int) (int64, error) {
	c := s.census
	if c == nil {
		keys = noKeys
	}
	depth := 0
	var nl int64
	keyNext := false   // the next string is a key the census wants
	hoistNext := false // the value about to open is the hoisted member
	inHoisted := false
	i := s.r
	for {
		b := s.buf[:s.w]
	scan:
		for i < len(b) {
			ch := b[i]
			i++
			if !structural[ch] {
				continue
			}
			switch ch {
			case '"':
				e := strEnd(b, i)
				if e < 0 {
					i-- // read more, then scan the string again from its quote
					break scan
				}
				if keyNext {
					inner := keys == innerKeys || inHoisted
					c.addKey(b[i:e-1], inner)
					hoistNext = !inner && c.hoist != "" && string(b[i:e-1]) == c.hoist
				}
				keyNext = false
				i = e
			case '{':
				depth++
				switch {
				case keys != noKeys && depth == 1:
					keyNext = true
				case depth == 2 && hoistNext:
					inHoisted, keyNext = true, true
				}
				hoistNext = false
			case '[':
				depth++
				hoistNext = false
			case '}', ']':
				depth--
				if depth == 1 {
					inHoisted = false
				}
				if depth == 0 {
					s.line += nl
					s.r = i
					return nl, nil
				}
			case ',':
				if keys != noKeys && (depth == 1 || depth == 2 && inHoisted) {
					keyNext = true
				}
				hoistNext = false
			case '\n':
				nl++
			}
		}
		off := i - s.r
		if !s.fill() {
			return nl, s.errf("the file ends inside a record")
		}
		i = s.r + off
	}
}

// emit writes buf[start:end] (a record object) as a line opened with its _line.
func (s *splitter) emit(start, end int, line, nl int64) error {
	rec := s.buf[start:end]
	s.ob = append(s.ob, `{"_line":`...)
	s.ob = strconv.AppendInt(s.ob, s.lineBase+line, 10)
	body := bytes.TrimLeft(rec[1:], " \t\r\n")
	if len(body) > 0 && body[0] != '}' {
		s.ob = append(s.ob, ',')
	}
	at := len(s.ob)
	s.ob = append(s.ob, rec[1:]...)
	if nl > 0 {
		unbreak(s.ob[at:])
	}
	s.ob = append(s.ob, '\n')
	s.records++
	if len(s.ob) >= splitFlush {
		if err := s.flush(); err != nil {
			return err
		}
	}
	if s.max > 0 && s.records >= s.max {
		return errStop
	}
	return nil
}

func (s *splitter) flush() error {
	if len(s.ob) == 0 {
		return nil
	}
	_, err := s.out.Write(s.ob)
	s.ob = s.ob[:0]
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// unbreak turns the line breaks outside strings of a record into spaces.
func unbreak(b []byte) {
	in := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case !in && (c == '\n' || c == '\r'):
			b[i] = ' '
		}
	}
}
