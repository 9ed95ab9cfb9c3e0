package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Book writes a set of output files into a folder the way Write writes the report set:
// every file owner-only, first into a temporary folder inside the output folder, recorded
// with its size, sha256 and rows, and renamed into place only when Commit is called; an
// Excel workbook whose data sheets stream the rows of one query each, the same rows its
// CSV file gets, with the report's styles, frozen headers, filters and print settings.
// Other packages' export sets (entrarisk compliance) are written with it.
type Book struct {
	tw        tableWriter
	dir, tmp  string
	files     []OutputFile
	truncated []string
	sheetRows int64
}

// Querier is what a Book reads from: a *sql.DB, or one *sql.Conn when the queries need
// its temporary tables.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// BookOptions configure a Book.
type BookOptions struct {
	Dir      string         // the output folder (created 0700 if missing)
	Location *time.Location // display zone of times on the sheets and in the CSVs; nil = UTC
	ExcelCSV bool           // a byte order mark at the start of each CSV
	Sheets   []string       // the workbook's sheets, in order; the first is the one that opens
}

// NewBook starts a set of files in o.Dir. Close it when done (after Commit or not).
func NewBook(ctx context.Context, q Querier, o BookOptions) (*Book, error) {
	if o.Dir == "" {
		return nil, errors.New("no output folder given")
	}
	if len(o.Sheets) == 0 {
		return nil, errors.New("a workbook needs a sheet")
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(o.Dir, ".entrarisk-")
	if err != nil {
		return nil, err
	}
	b := &Book{dir: o.Dir, tmp: tmp}
	b.tw = tableWriter{ctx: ctx, q: q, loc: o.Location, limit: excelMaxRows, bom: o.ExcelCSV, pad: true, create: b.Create}
	b.tw.f = excelize.NewFile(excelize.Options{TmpDir: tmp})
	if err := b.tw.f.SetSheetName("Sheet1", o.Sheets[0]); err != nil {
		b.Close()
		return nil, err
	}
	for _, name := range o.Sheets[1:] {
		if _, err := b.tw.f.NewSheet(name); err != nil {
			b.Close()
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	if b.tw.st, err = newStyles(b.tw.f); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Workbook is the workbook being written, for sheets a Table does not make.
func (b *Book) Workbook() *excelize.File { return b.tw.f }

// Styles are the workbook's cell styles: the report's.
func (b *Book) Styles() Styles {
	st := b.tw.st
	return Styles{Title: st.title, Subtitle: st.subtitle, Section: st.section, Label: st.label, Value: st.value,
		Header: st.header, HeaderNum: st.headerNum, Text: st.text, TextIndent: st.textIndent, Wrap: st.wrap,
		Num: st.num, Pct: st.pct, Date: st.date, Muted: st.muted, Note: st.note, Bold: st.bold,
		NumPad: st.numPad, SharePad: st.sharePad, st: st}
}

// Styles are style ids of a Book's workbook.
type Styles struct {
	Title, Subtitle, Section, Label, Value, Header, HeaderNum, Text, TextIndent, Wrap int
	Num, Pct, Date, Muted, Note, Bold                                                 int
	NumPad, SharePad                                                                  int // right-aligned with a space after

	st *styles
}

// Level is the coloured style of a level ("high", "medium", "low", "none", "compromised");
// the plain text style for any other word.
func (s Styles) Level(level string) int { return s.st.levelStyle(level) }

// ColumnKind is how a Table column's values are written.
type ColumnKind int

// The kinds of column.
const (
	KindText  ColumnKind = iota // text
	KindWrap                    // text that wraps on the sheet
	KindLevel                   // a level (high, medium, low, none): coloured on the sheet
	KindTime                    // a time: RFC 3339 in the CSV, a real date on the sheet
	KindInt                     // a count: a number with thousands separators on the sheet
	KindCode                    // a code: a number shown without separators
	KindShare                   // a share from 0 to 1: four decimals in the CSV, a percentage on the sheet
	KindBool                    // true or false in the CSV, yes or no on the sheet
)

var columnKinds = [...]colKind{KindText: kText, KindWrap: kWrap, KindLevel: kLevel, KindTime: kTime,
	KindInt: kInt, KindCode: kCode, KindShare: kShare, KindBool: kBool}

// Column is one column of a Table.
type Column struct {
	CSV   string  // the CSV header; "" = not in the CSV
	Title string  // the sheet header; "" = not on the sheet
	Width float64 // the sheet column's width, in characters
	Kind  ColumnKind
}

// Table is one query written to a CSV file and a sheet in one pass.
type Table struct {
	File         string // the CSV file; "" for the sheet alone
	Sheet        string
	Columns      []Column // one per column the query returns, in order
	SheetColumns []int    // the sheet's columns as indexes into Columns, in sheet order; nil = those with a Title
	Query        string
	Count        string // the number of rows Query returns
	Args         []any  // bound to both queries
	Keeps        string // which rows the sheet keeps when they do not fit ("first", "newest"): the order of Query's
}

// Table writes t: every row into its CSV file, as many as Excel holds onto its sheet (row
// 1 then says how many were left out, and where they all are). It returns the rows written.
func (b *Book) Table(t Table) (int64, error) {
	spec := tableSpec{file: t.File, sheet: t.Sheet, sheetCols: t.SheetColumns, query: t.Query, count: t.Count, keeps: t.Keeps}
	for i, c := range t.Columns {
		if int(c.Kind) < 0 || int(c.Kind) >= len(columnKinds) {
			return 0, fmt.Errorf("%s: column %s: unknown kind %d", t.Sheet, c.CSV, c.Kind)
		}
		spec.cols = append(spec.cols, column{csv: c.CSV, title: c.Title, width: c.Width, kind: columnKinds[c.Kind]})
		if t.SheetColumns == nil && c.Title != "" {
			spec.sheetCols = append(spec.sheetCols, i)
		}
	}
	n, onSheet, truncated, err := b.tw.write(spec, t.Args...)
	b.sheetRows += onSheet
	if truncated {
		b.truncated = append(b.truncated, t.Sheet)
	}
	return n, err
}

// AddSheetRows counts rows of a sheet written without Table in the workbook's row count.
func (b *Book) AddSheetRows(n int64) { b.sheetRows += n }

// Create writes one file of the set: fill writes its bytes and returns its rows.
func (b *Book) Create(name string, fill func(w io.Writer) (int64, error)) error {
	f, err := createFile(b.tmp, name, fill)
	if err != nil {
		return err
	}
	b.files = append(b.files, f)
	return nil
}

// SaveWorkbook writes the workbook as the file name; its rows are the data rows of its
// Tables and of AddSheetRows.
func (b *Book) SaveWorkbook(name string, props *excelize.DocProperties) error {
	if err := b.tw.f.SetDocProps(props); err != nil {
		return fmt.Errorf("workbook properties: %w", err)
	}
	return b.Create(name, func(w io.Writer) (int64, error) {
		return b.sheetRows, b.tw.f.Write(w)
	})
}

// Files are the files written so far, in order.
func (b *Book) Files() []OutputFile { return append([]OutputFile(nil), b.files...) }

// Truncated names the sheets that hold only part of their rows (Excel's row limit).
func (b *Book) Truncated() []string { return append([]string(nil), b.truncated...) }

// Commit moves every file written into the output folder, in the order written: write a
// manifest last, and it appears last.
func (b *Book) Commit() error {
	return commitFiles(b.tmp, b.dir, b.files)
}

// Close removes the temporary folder and what is left in it.
func (b *Book) Close() error {
	var err error
	if b.tw.f != nil {
		err = b.tw.f.Close()
	}
	if rerr := os.RemoveAll(b.tmp); err == nil {
		err = rerr
	}
	return err
}

// PageSetup prints a sheet as the report's sheets print: landscape on A4, one page wide,
// titleRows ("$1:$1", or "" for none) on every page, and footer at the foot.
func PageSetup(f *excelize.File, sheet, titleRows, footer string) error {
	return pageSetup(f, sheet, titleRows, footer)
}

// ExcelTime is t shown in loc as an Excel date (Excel has no time zones).
func ExcelTime(t time.Time, loc *time.Location) float64 { return excelTime(t, loc) }

// CellText makes text from a log safe for a worksheet cell: valid UTF-8, within Excel's limit.
func CellText(s string) string { return cellText(s) }

// Thousands writes n with comma thousands separators.
func Thousands(n int64) string { return thousands(n) }

// ZoneName names a display zone as the reports do ("UTC" or the IANA name).
func ZoneName(loc *time.Location) string { return zoneName(loc) }

// tableWriter streams tables into CSV files and worksheets.
type tableWriter struct {
	ctx    context.Context
	q      Querier
	f      *excelize.File
	st     *styles
	loc    *time.Location
	limit  int  // rows a sheet may hold
	bom    bool // a byte order mark on each CSV
	pad    bool // numbers set off from the column after them (a Book's sheets)
	create func(name string, fill func(w io.Writer) (int64, error)) error
}

// write runs a table's query once and streams every row into the CSV file and, as far as
// the sheet's row limit allows, into the sheet. It returns the rows written, the rows on
// the sheet, and whether the sheet left rows out.
func (tw *tableWriter) write(t tableSpec, args ...any) (written, onSheet int64, truncated bool, err error) {
	var total int64
	if err := tw.q.QueryRowContext(tw.ctx, t.count, args...).Scan(&total); err != nil {
		return 0, 0, false, fmt.Errorf("%s: count: %w", t.sheet, err)
	}
	where := t.file + " holds them all."
	if t.file == "" {
		where = ""
	}
	fill := func(out io.Writer) (int64, error) {
		cw := newCSVWriter(out, tw.bom)
		var names []string
		for _, c := range t.cols {
			if c.csv != "" {
				names = append(names, c.csv)
			}
		}
		cw.header(names)
		specs := make([]colSpec, len(t.sheetCols))
		for i, ci := range t.sheetCols {
			title := t.cols[ci].title
			if t.cols[ci].kind == kTime {
				title += " (" + zoneName(tw.loc) + ")"
			}
			specs[i] = colSpec{title: title, width: t.cols[ci].width}
		}
		sw, err := newSheetWriter(tw.f, tw.st, sheetSpec{name: t.sheet, cols: specs, total: total, keeps: t.keeps, where: where}, tw.limit)
		if err != nil {
			return 0, err
		}
		rows, err := tw.q.QueryContext(tw.ctx, t.query, args...)
		if err != nil {
			return 0, fmt.Errorf("query: %w", err)
		}
		defer rows.Close()
		vals := make([]value, len(t.cols))
		var dest []any
		for i, c := range t.cols {
			vals[i].kind = c.kind
			if c.derive == nil {
				dest = append(dest, vals[i].dest())
			}
		}
		cells := make([]any, len(t.sheetCols))
		var wraps []int // the sheet's wrapping columns: rows are made tall enough for them
		for i, ci := range t.sheetCols {
			if t.cols[ci].kind == kWrap {
				wraps = append(wraps, i)
			}
		}
		texts := make([]wrapped, len(wraps))
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return 0, fmt.Errorf("scan: %w", err)
			}
			for i, c := range t.cols {
				if c.derive != nil {
					vals[i].s = sql.NullString{String: c.derive(vals), Valid: true}
				}
			}
			// CSV: every row.
			i := 0
			for ci, c := range t.cols {
				if c.csv == "" {
					continue
				}
				cw.sep(i)
				i++
				tw.csvValue(cw, &vals[ci])
			}
			cw.end(true)
			// Sheet: as many as fit.
			if !sw.full() {
				for i, ci := range t.sheetCols {
					cells[i] = tw.cellValue(&vals[ci])
				}
				var opts []excelize.RowOpts
				if len(wraps) > 0 {
					for k, i := range wraps {
						ci := t.sheetCols[i]
						texts[k] = wrapped{text: vals[ci].s.String, width: t.cols[ci].width}
					}
					if h := rowHeight(8, texts...); h > rowHeight(1) {
						opts = append(opts, excelize.RowOpts{Height: h})
					}
				}
				row, err := sw.add(cells, opts...)
				if err != nil {
					return 0, err
				}
				if t.onRow != nil {
					if err := t.onRow(vals, sw, row); err != nil {
						return 0, err
					}
				}
			} else {
				sw.dropped++
			}
			written++
			if written%8192 == 0 {
				if err := tw.ctx.Err(); err != nil {
					return 0, err
				}
			}
		}
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("query: %w", err)
		}
		truncated = sw.dropped > 0
		onSheet = int64(sw.row - sw.headerRow)
		if err := sw.close(nonEmpty(t.file, t.sheet)); err != nil {
			return 0, err
		}
		return written, cw.flush()
	}
	if t.file == "" {
		_, err = fill(io.Discard)
	} else {
		err = tw.create(t.file, fill)
	}
	return written, onSheet, truncated, err
}

// csvValue writes one value as a CSV field.
func (tw *tableWriter) csvValue(cw *csvWriter, v *value) {
	switch v.kind {
	case kTime:
		if v.t.Valid {
			cw.time(v.t.Time, tw.loc)
		}
	case kInt, kCode:
		if v.n.Valid {
			cw.int(v.n.Int64)
		}
	case kShare:
		if v.x.Valid {
			cw.w.WriteString(strconv.FormatFloat(v.x.Float64, 'f', 4, 64))
		}
	case kBool:
		if v.b.Valid {
			cw.w.WriteString(strconv.FormatBool(v.b.Bool))
		}
	default:
		if v.s.Valid {
			cw.text(v.s.String)
		}
	}
}

// cellValue is one value as a worksheet cell: text is always a string cell (never a
// formula), numbers are numbers and times are real dates.
func (tw *tableWriter) cellValue(v *value) any {
	switch v.kind {
	case kTime:
		if !v.t.Valid {
			return nil
		}
		return excelize.Cell{StyleID: tw.st.date, Value: excelTime(v.t.Time, tw.loc)}
	case kInt:
		if !v.n.Valid {
			return nil
		}
		if tw.pad {
			return excelize.Cell{StyleID: tw.st.numPad, Value: v.n.Int64}
		}
		return excelize.Cell{StyleID: tw.st.num, Value: v.n.Int64}
	case kCode:
		if !v.n.Valid {
			return nil
		}
		return excelize.Cell{StyleID: tw.st.code, Value: v.n.Int64}
	case kShare:
		if !v.x.Valid {
			return nil
		}
		if tw.pad {
			return excelize.Cell{StyleID: tw.st.sharePad, Value: v.x.Float64}
		}
		return excelize.Cell{StyleID: tw.st.pct, Value: v.x.Float64}
	case kBool:
		if !v.b.Valid {
			return nil
		}
		if v.b.Bool {
			return excelize.Cell{StyleID: tw.st.bold, Value: "yes"}
		}
		return excelize.Cell{StyleID: tw.st.text, Value: "no"}
	case kLevel:
		if !v.s.Valid {
			return nil
		}
		return excelize.Cell{StyleID: tw.st.levelStyle(v.s.String), Value: cellText(v.s.String)}
	case kWrap:
		if !v.s.Valid {
			return nil
		}
		return excelize.Cell{StyleID: tw.st.wrap, Value: cellText(v.s.String)}
	}
	if !v.s.Valid {
		return nil
	}
	return excelize.Cell{StyleID: tw.st.text, Value: cellText(v.s.String)}
}
