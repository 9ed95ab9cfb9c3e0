package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Two things a CSV needs before DuckDB reads it, for the files PowerShell's Export-Csv
// writes (issue 13): UTF-16 made UTF-8, and the order of its culture-formatted dates
// decided once for the whole file.

// utf16Text decodes the start of a file that begins with a UTF-16 byte order mark (either
// byte order), dropping a code unit or pair cut off at the end. ok is false for any other
// file.
func utf16Text(head []byte) (string, bool) {
	if len(head) < 2 {
		return "", false
	}
	var le bool
	switch {
	case head[0] == 0xff && head[1] == 0xfe:
		le = true
	case head[0] == 0xfe && head[1] == 0xff:
	default:
		return "", false
	}
	body := head[2 : 2+(len(head)-2)/2*2]
	u := make([]uint16, len(body)/2)
	for i := range u {
		if le {
			u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
		} else {
			u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
		}
	}
	if n := len(u); n > 0 && utf16.IsSurrogate(rune(u[n-1])) && u[n-1] < 0xdc00 {
		u = u[:n-1]
	}
	return string(utf16.Decode(u)), true
}

// transcodeUTF16 writes the UTF-16 file at path (gzip or not) as UTF-8 without a byte
// order mark to a new temporary file in dir, and returns its path.
func transcodeUTF16(path, dir string) (string, error) {
	r, _, err := openInput(path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	var bom [2]byte
	if _, err := io.ReadFull(br, bom[:]); err != nil {
		return "", reject(0, "UTF-16: %v", err)
	}
	le := bom[0] == 0xff
	out, err := os.CreateTemp(dir, "entrarisk-utf16-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(out, 64<<10)
	fail := func(err error) (string, error) {
		out.Close()
		os.Remove(out.Name())
		return "", err
	}
	var pair [2]byte
	var high rune = -1
	var buf [utf8.UTFMax]byte
	for {
		if _, err := io.ReadFull(br, pair[:]); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return fail(reject(0, "UTF-16 text ends in half a character"))
			}
			return fail(err)
		}
		var u rune
		if le {
			u = rune(pair[0]) | rune(pair[1])<<8
		} else {
			u = rune(pair[0])<<8 | rune(pair[1])
		}
		var c rune
		switch {
		case u >= 0xd800 && u < 0xdc00:
			if high >= 0 {
				w.WriteRune(utf8.RuneError)
			}
			high = u
			continue
		case u >= 0xdc00 && u < 0xe000 && high >= 0:
			c = utf16.DecodeRune(high, u)
			high = -1
		case u >= 0xdc00 && u < 0xe000:
			c = utf8.RuneError
		default:
			if high >= 0 {
				w.WriteRune(utf8.RuneError)
				high = -1
			}
			c = u
		}
		n := utf8.EncodeRune(buf[:], c)
		w.Write(buf[:n])
	}
	if high >= 0 {
		w.WriteRune(utf8.RuneError)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := out.Close(); err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

// scanCSVDates decides the order of the culture-formatted dates in the columns the format
// names on its dates line, from every value of them in the file at path (UTF-8, gzip or
// not). found is false when those columns hold no value at all; an error means the
// values cannot be read one way (a day above 12 first in one, second in another; two date
// formats in one file) and the file is refused, the line named.
func scanCSVDates(path string, src *source) (d cultureDates, found bool, err error) {
	idx := src.dateIndexes()
	if len(idx) == 0 {
		return d, false, nil
	}
	r, _, err := openInput(path)
	if err != nil {
		return d, false, err
	}
	defer r.Close()
	cr := csv.NewReader(r)
	cr.Comma = src.delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return d, false, nil
	}
	var e dateEvidence
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return d, false, err
		}
		line, _ := cr.FieldPos(0)
		for _, i := range idx {
			if i < len(rec) {
				if err := e.add(rec[i], line); err != nil {
					return d, false, reject(0, "%s: %v", src.dateHeaders(), err)
				}
			}
		}
	}
	d, err = e.decide(nil)
	if errors.Is(err, errNoDates) {
		return d, false, nil
	}
	return d, err == nil, err
}

// dateIndexes are the header positions of the format's date columns in this file.
func (src *source) dateIndexes() []int {
	var out []int
	for _, alias := range src.format.dates {
		c := src.format.dateColumn(alias)
		for i, h := range src.header {
			for _, n := range c.names {
				if normHeader(h) == normHeader(n) {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// dateHeaders names the date columns as the file writes them.
func (src *source) dateHeaders() string {
	var names []string
	for _, i := range src.dateIndexes() {
		names = append(names, src.header[i])
	}
	return strings.Join(names, ", ")
}

// dateFormatsSQL is the SET statement giving er_cts the file's strptime formats, or NULL
// when none were decided. The formats are built from a closed set of separators that
// readDateValue accepted, and quoted.
func dateFormatsSQL(d *cultureDates) string {
	if d == nil || len(d.strptime()) == 0 {
		return "SET VARIABLE er_date_formats = NULL::VARCHAR[]"
	}
	q := make([]string, 0, 3)
	for _, f := range d.strptime() {
		q = append(q, quoteString(f))
	}
	return fmt.Sprintf("SET VARIABLE er_date_formats = [%s]", strings.Join(q, ", "))
}

// prepareCSV readies a CSV for DuckDB: UTF-16 transcoded to a temporary file (path and
// the source to read it by; done removes it), and the culture dates of the format's
// dates columns decided for the file, given to er_cts and recorded in res (a decision
// with no evidence is also a warning).
func (l *loader) prepareCSV(ctx context.Context, tx *sql.Tx, src *source, f inputFile, res *FileResult) (*source, string, func(), error) {
	csrc, path, done := src, f.path, func() {}
	if src.utf16 {
		// The UTF-8 copy is about as large as the file; a temporary folder not made yet
		// (ingest makes it for its first JSON load) gives way to the system's.
		dir := l.opts.TempDir
		if fi, err := os.Stat(dir); dir != "" && (err != nil || !fi.IsDir()) {
			dir = ""
		}
		tmp, err := transcodeUTF16(f.path, dir)
		if err != nil {
			return nil, "", nil, err
		}
		c := *src
		c.gz = false
		csrc, path, done = &c, tmp, func() { os.Remove(tmp) }
	}
	if len(src.format.dates) == 0 {
		return csrc, path, done, nil
	}
	d, found, err := scanCSVDates(path, csrc)
	if err != nil {
		done()
		return nil, "", nil, err
	}
	var set *cultureDates
	if found {
		set = &d
		res.DateOrder = d.String()
		if d.basis == basisNone {
			res.Warnings = append(res.Warnings, d.String()+"; if the file was written day first, its dates are wrong")
		}
	}
	if _, err := tx.ExecContext(ctx, dateFormatsSQL(set)); err != nil {
		done()
		return nil, "", nil, err
	}
	return csrc, path, done, nil
}
