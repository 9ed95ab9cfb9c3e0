package gen

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// jenc builds JSON into a byte slice: compact, or laid out as Windows PowerShell 5.1's
// ConvertTo-Json lays it out (four-space steps measured from each bracket, two spaces after
// the colon, CRLF, PascalCase keys, "\/Date(ms)\/" times, < > & ' escaped as \u00XX).
type jenc struct {
	b     []byte
	ps    bool
	times timeStyle
	stack []jframe
	key   bool // a key was written; the value follows on the same line
	col   int  // ps: the column the next value starts at
}

type jframe struct {
	n    int // members or elements so far
	open int // ps: column of the opening bracket
}

type timeStyle int

const (
	timeGraph  timeStyle = iota // 2026-10-01T08:15:30.1234567Z
	timeOffset                  // 2026-10-01T08:15:30.1234567+00:00
	timeMillis                  // 2026-10-01T08:15:30.123Z
	timePS                      // \/Date(1790842530123)\/
)

func (e *jenc) reset() { e.b, e.stack, e.key, e.col = e.b[:0], e.stack[:0], false, 0 }

// value prepares for a value: a comma and a new line inside arrays.
func (e *jenc) value() {
	if e.key {
		e.key = false
		return
	}
	if len(e.stack) == 0 {
		return
	}
	f := &e.stack[len(e.stack)-1]
	if f.n > 0 {
		e.b = append(e.b, ',')
	}
	f.n++
	if e.ps {
		e.b = append(e.b, '\r', '\n')
		e.b = appendSpaces(e.b, f.open+4)
		e.col = f.open + 4
	}
}

const spaces = "                                                                                                                                "

func appendSpaces(b []byte, n int) []byte {
	for n > len(spaces) {
		b = append(b, spaces...)
		n -= len(spaces)
	}
	return append(b, spaces[:n]...)
}

// k writes a member name.
func (e *jenc) k(name string) {
	f := &e.stack[len(e.stack)-1]
	if f.n > 0 {
		e.b = append(e.b, ',')
	}
	f.n++
	if !e.ps {
		e.b = append(e.b, '"')
		e.b = append(e.b, name...)
		e.b = append(e.b, '"', ':')
		e.key = true
		return
	}
	e.b = append(e.b, '\r', '\n')
	e.b = appendSpaces(e.b, f.open+4)
	e.b = append(e.b, '"')
	start := len(e.b)
	if alias := psName(name); alias != "" {
		e.b = append(e.b, alias...)
	} else {
		e.b = append(e.b, name...)
		if c := e.b[start]; c >= 'a' && c <= 'z' {
			e.b[start] = c - 'a' + 'A'
		}
	}
	n := len(e.b) - start
	e.b = append(e.b, '"', ':', ' ', ' ')
	e.col = f.open + 4 + n + 5
	e.key = true
}

// psName is the Graph PowerShell SDK's name for a property, where it is not the API's
// name with a capital.
func psName(name string) string {
	switch name {
	case "ipAddress":
		return "IPAddress"
	case "riskEventTypes_v2":
		return "RiskEventTypesV2"
	}
	return ""
}

func (e *jenc) open(c byte) {
	e.value()
	e.b = append(e.b, c)
	e.stack = append(e.stack, jframe{open: e.col})
}

func (e *jenc) close(c byte) {
	f := e.stack[len(e.stack)-1]
	e.stack = e.stack[:len(e.stack)-1]
	if e.ps {
		e.b = append(e.b, '\r', '\n')
		if f.n == 0 {
			e.b = append(e.b, '\r', '\n')
		}
		e.b = appendSpaces(e.b, f.open)
	}
	e.b = append(e.b, c)
}

func (e *jenc) obj()    { e.open('{') }
func (e *jenc) endObj() { e.close('}') }
func (e *jenc) arr()    { e.open('[') }
func (e *jenc) endArr() { e.close(']') }

func (e *jenc) str(s string) {
	e.value()
	e.b = appendJSONString(e.b, s, e.ps)
}

// strOrNull writes null for the empty string.
func (e *jenc) strOrNull(s string) {
	if s == "" {
		e.null()
		return
	}
	e.str(s)
}

func (e *jenc) int(i int) {
	e.value()
	e.b = strconv.AppendInt(e.b, int64(i), 10)
}

func (e *jenc) float(f float64) {
	e.value()
	e.b = strconv.AppendFloat(e.b, f, 'f', -1, 64)
}

func (e *jenc) bool(v bool) {
	e.value()
	e.b = strconv.AppendBool(e.b, v)
}

func (e *jenc) null() {
	e.value()
	e.b = append(e.b, "null"...)
}

func (e *jenc) time(t time.Time) { e.timeAs(t, e.times) }

func (e *jenc) timeAs(t time.Time, style timeStyle) {
	e.value()
	if e.ps {
		style = timePS
	}
	e.b = append(e.b, '"')
	switch style {
	case timePS:
		e.b = append(e.b, `\/Date(`...)
		e.b = strconv.AppendInt(e.b, t.UnixMilli(), 10)
		e.b = append(e.b, `)\/`...)
	case timeOffset:
		e.b = appendISO(e.b, t, 7)
		e.b = append(e.b, "+00:00"...)
	case timeMillis:
		e.b = appendISO(e.b, t, 3)
		e.b = append(e.b, 'Z')
	default:
		e.b = appendISO(e.b, t, 7)
		e.b = append(e.b, 'Z')
	}
	e.b = append(e.b, '"')
}

// strs writes an array of strings.
func (e *jenc) strs(ss []string) {
	e.arr()
	for _, s := range ss {
		e.str(s)
	}
	e.endArr()
}

// raw writes a value already encoded.
func (e *jenc) raw(v string) {
	e.value()
	e.b = append(e.b, v...)
}

// appendJSONString appends s as a JSON string. Control characters, quotes, backslashes,
// U+2028 and U+2029 are escaped and invalid UTF-8 becomes U+FFFD, so that attacker text
// always stays one valid string. ps also escapes < > & ' as Windows PowerShell 5.1 does.
func appendJSONString(b []byte, s string, ps bool) []byte { return appendJSONStr(b, s, ps) }

// jsonPlain marks the bytes a JSON string holds as they are: printable ASCII but the
// quote and the backslash (1), and those Windows PowerShell also leaves alone (2).
var jsonPlain = func() (t [256]byte) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		switch c {
		case '"', '\\':
		case '<', '>', '&', '\'':
			t[c] = 1
		default:
			t[c] = 3
		}
	}
	return t
}()

func appendJSONStr[S string | []byte](b []byte, s S, ps bool) []byte {
	b = append(b, '"')
	start := 0
	mask := byte(1)
	if ps {
		mask = 2
	}
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c]&mask != 0 {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', byte('8'+r-'\u2028'))
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonQuote is s as a JSON string.
func jsonQuote(s string) string { return string(appendJSONString(nil, s, false)) }

// appendISO appends 2006-01-02T15:04:05 and frac fractional digits (none when 0).
func appendISO(b []byte, t time.Time, frac int) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, int(mo))
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, s)
	if frac > 0 {
		b = append(b, '.')
		ns := t.Nanosecond()
		div := 100_000_000
		for i := 0; i < frac; i++ {
			b = append(b, byte('0'+ns/div%10))
			div /= 10
		}
	}
	return b
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10%10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// appendUSTime appends a US-locale time: 4/28/2021, 2:08:45.221 PM (Log Analytics, with
// comma and milliseconds) or 9/20/2023 4:05:03 AM (Purview, neither).
func appendUSTime(b []byte, t time.Time, comma, millis bool) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = strconv.AppendInt(b, int64(mo), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, '/')
	b = append4(b, y)
	if comma {
		b = append(b, ',')
	}
	b = append(b, ' ')
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	b = strconv.AppendInt(b, int64(h12), 10)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, s)
	if millis {
		ms := t.Nanosecond() / 1_000_000
		b = append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	}
	if h < 12 {
		return append(b, " AM"...)
	}
	return append(b, " PM"...)
}

// csvRow builds one CSV record. quoteAll quotes every cell (the Entra portal's downloads);
// otherwise cells are quoted only when they must be (Log Analytics, Purview).
type csvRow struct {
	b        []byte
	n        int
	quoteAll bool
}

func (c *csvRow) cell(s string) {
	if c.n > 0 {
		c.b = append(c.b, ',')
	}
	c.n++
	c.b = appendCSVCell(c.b, s, c.quoteAll)
}

// cellBytes adds a cell from bytes already built.
func (c *csvRow) cellBytes(s []byte) {
	if c.n > 0 {
		c.b = append(c.b, ',')
	}
	c.n++
	c.b = appendCSVCellBytes(c.b, s, c.quoteAll)
}

func (c *csvRow) end() {
	c.b = append(c.b, '\r', '\n')
	c.n = 0
}

func appendCSVCell(b []byte, s string, quoteAll bool) []byte {
	if !quoteAll && !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, s[start:i+1]...)
			b = append(b, '"')
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendCSVCellBytes(b []byte, s []byte, quoteAll bool) []byte {
	need := quoteAll
	if !need {
		for _, c := range s {
			if c == ',' || c == '"' || c == '\n' || c == '\r' {
				need = true
				break
			}
		}
		need = need || len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ')
	}
	if !need {
		return append(b, s...)
	}
	b = append(b, '"')
	for _, c := range s {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

func csvNeedsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			return true
		}
	}
	return len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ')
}

// boolText writes a boolean as Log Analytics' CSV does.
func boolText(v bool) string {
	if v {
		return "TRUE"
	}
	return "FALSE"
}
