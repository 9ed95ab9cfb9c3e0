package reports

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// csvWriter writes RFC 4180 CSV (comma separated, CRLF line ends, UTF-8) with the field
// escaping OWASP gives against formula injection. It writes fields verbatim otherwise:
// unlike encoding/csv with UseCRLF it never rewrites a line break inside a field.
type csvWriter struct {
	w    *bufio.Writer
	rows int // data rows written (the header excluded)
	err  error
}

func newCSVWriter(w io.Writer, bom bool) *csvWriter {
	c := &csvWriter{w: bufio.NewWriterSize(w, 256<<10)}
	if bom {
		_, c.err = c.w.WriteString("\uFEFF")
	}
	return c
}

// header writes the header line.
func (c *csvWriter) header(names []string) {
	for i, n := range names {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.text(n)
	}
	c.end(false)
}

// end finishes a record.
func (c *csvWriter) end(data bool) {
	if _, err := c.w.WriteString("\r\n"); err != nil && c.err == nil {
		c.err = err
	}
	if data {
		c.rows++
	}
}

// sep writes the comma before every field but the first.
func (c *csvWriter) sep(i int) {
	if i > 0 {
		c.w.WriteByte(',')
	}
}

// text writes a text field: OWASP-escaped when a spreadsheet would read it as a formula,
// quoted when it holds a separator, a quote or a line break.
func (c *csvWriter) text(s string) {
	c.w.WriteString(csvField(s))
}

// csvField is the CSV form of one text field.
func csvField(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if formulaLed(s) {
		// OWASP: prepend a single quote, wrap the field in double quotes and double every
		// double quote inside, so a spreadsheet reads the field as text.
		return `"'` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	if strings.ContainsAny(s, ",\";\r\n\t") || (s != "" && (s[0] == ' ' || s[len(s)-1] == ' ')) {
		// Semicolons are quoted too: Excel in many locales splits CSV on them.
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// formulaLed reports whether a spreadsheet could take the text for a formula or a
// command: it starts with =, +, -, @, a tab, a carriage return, a line feed or a NUL.
// Plain numbers ("-12", "+3.5") are left alone: they are read as numbers, not formulas.
func formulaLed(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@', '\t', '\r', '\n', 0:
		return true
	case '+', '-':
		return !plainNumber(s)
	}
	return false
}

// plainNumber reports whether s is a decimal number with an optional sign, fraction and
// exponent, and nothing else.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// int writes a number.
func (c *csvWriter) int(n int64) {
	var b [24]byte
	c.w.Write(strconv.AppendInt(b[:0], n, 10))
}

// time writes an RFC 3339 time in loc, to the millisecond when the time has a fraction.
func (c *csvWriter) time(t time.Time, loc *time.Location) {
	var b [40]byte
	c.w.Write(t.In(loc).AppendFormat(b[:0], csvTimeLayout))
}

// csvTimeLayout is RFC 3339 with up to three fractional digits (trailing zeros dropped).
const csvTimeLayout = "2006-01-02T15:04:05.999Z07:00"

// flush writes out what is buffered and returns the first error met.
func (c *csvWriter) flush() error {
	if err := c.w.Flush(); err != nil && c.err == nil {
		c.err = err
	}
	return c.err
}
