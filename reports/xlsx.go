package reports

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// excelMaxRows is the number of rows an Excel worksheet holds.
const excelMaxRows = 1048576

// Hyperlinks per sheet: Excel allows 65,530, and excelize's check for an existing link on
// the same cell costs time that grows with their square. Flagged users (three links a
// user) may have the most; the data sheets link only their first rows to the user.
const (
	maxSheetLinks = 15000
	maxDataLinks  = 3000
)

// Colours: a restrained palette that prints well in colour and in grey.
const (
	colHeaderFill = "1F3864" // dark navy
	colHeaderFont = "FFFFFF"
	colTitle      = "1F3864"
	colMuted      = "595959"
	colBand       = "F2F2F2"
	colNote       = "C00000"
	colLink       = "0563C1"
)

// levelColours are the fill and font of a risk level or severity.
var levelColours = [...]struct{ name, fill, font string }{
	{"compromised", "C00000", "FFFFFF"},
	{"high", "FFC7CE", "9C0006"},
	{"medium", "FFEB9C", "7F6000"},
	{"low", "DDEBF7", "1F4E78"},
	{"none", "EDEDED", "404040"},
}

// styles are the workbook's cell styles, made once per workbook.
type styles struct {
	header, headerNum, text, textIndent, wrap, date, num, code, link, linkNum, note, bold int
	title, subtitle, label, value, section, muted, pct                                    int
	numPad, sharePad                                                                      int            // numbers set off from the column after them
	level                                                                                 map[string]int // by level name: bold coloured cell
	bandText, bandDate                                                                    int            // Timeline: first row of a user's block
}

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{level: map[string]int{}}
	dateFmt := "yyyy-mm-dd hh:mm:ss"
	top := []excelize.Border{{Type: "top", Color: "7F7F7F", Style: 1}}
	font := func(extra excelize.Font) *excelize.Font {
		if extra.Family == "" {
			extra.Family = "Calibri"
		}
		if extra.Size == 0 {
			extra.Size = 10
		}
		return &extra
	}
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.header, excelize.Style{Font: font(excelize.Font{Bold: true, Color: colHeaderFont}),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colHeaderFill}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.headerNum, excelize.Style{Font: font(excelize.Font{Bold: true, Color: colHeaderFont}),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colHeaderFill}},
			Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "right", WrapText: true}}},
		{&s.text, excelize.Style{Font: font(excelize.Font{}), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.textIndent, excelize.Style{Font: font(excelize.Font{}), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left", Indent: 1}}},
		{&s.wrap, excelize.Style{Font: font(excelize.Font{}), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.date, excelize.Style{Font: font(excelize.Font{}), CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}}},
		{&s.num, excelize.Style{Font: font(excelize.Font{}), NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.code, excelize.Style{Font: font(excelize.Font{}), NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}}},
		{&s.link, excelize.Style{Font: font(excelize.Font{Color: colLink, Underline: "single"}), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.linkNum, excelize.Style{Font: font(excelize.Font{Color: colLink, Underline: "single"}), NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&s.note, excelize.Style{Font: font(excelize.Font{Bold: true, Color: colNote, Size: 11})}},
		{&s.bold, excelize.Style{Font: font(excelize.Font{Bold: true}), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.title, excelize.Style{Font: font(excelize.Font{Bold: true, Size: 20, Color: colTitle})}},
		{&s.subtitle, excelize.Style{Font: font(excelize.Font{Size: 13, Color: colMuted})}},
		{&s.label, excelize.Style{Font: font(excelize.Font{Bold: true, Color: colMuted, Size: 10}), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.value, excelize.Style{Font: font(excelize.Font{Size: 10}), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left", WrapText: true}}},
		{&s.section, excelize.Style{Font: font(excelize.Font{Bold: true, Size: 13, Color: colTitle}),
			Border: []excelize.Border{{Type: "bottom", Color: colTitle, Style: 2}}}},
		{&s.muted, excelize.Style{Font: font(excelize.Font{Italic: true, Color: colMuted, Size: 9}), Alignment: &excelize.Alignment{Vertical: "top", WrapText: false}}},
		{&s.pct, excelize.Style{Font: font(excelize.Font{}), NumFmt: 10}},
		{&s.numPad, excelize.Style{Font: font(excelize.Font{}), NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right", Indent: 1}}},
		{&s.sharePad, excelize.Style{Font: font(excelize.Font{}), CustomNumFmt: ptr("0.0%"), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right", Indent: 1}}},
		{&s.bandText, excelize.Style{Font: font(excelize.Font{Bold: true}), Border: top,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBand}}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.bandDate, excelize.Style{Font: font(excelize.Font{}), CustomNumFmt: &dateFmt, Border: top,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBand}}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, fmt.Errorf("workbook style: %w", err)
		}
		*d.dst = id
	}
	for _, c := range levelColours {
		id, err := f.NewStyle(&excelize.Style{
			Font:      font(excelize.Font{Bold: true, Color: c.font}),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"},
		})
		if err != nil {
			return nil, fmt.Errorf("workbook style: %w", err)
		}
		s.level[c.name] = id
	}
	return s, nil
}

// levelStyle is the coloured style of a risk level or severity; the plain text style for
// anything else.
func (s *styles) levelStyle(level string) int {
	if id, ok := s.level[level]; ok {
		return id
	}
	return s.text
}

// excelTime is the Excel serial date of t shown in loc (Excel has no time zones: the
// serial is the wall clock), to the millisecond.
func excelTime(t time.Time, loc *time.Location) float64 {
	lt := t.In(loc)
	_, off := lt.Zone()
	ms := lt.UnixMilli() + int64(off)*1000
	// 25569 is the serial of 1970-01-01 in Excel's 1900 date system. Half a millisecond
	// more keeps the nearest double at or above the time: LibreOffice truncates when it
	// shows seconds, and 03:20:00 must not print as 03:19:59.
	return (float64(ms)+0.5)/86400000 + 25569
}

// cellText makes a string safe for a worksheet cell: valid UTF-8, within Excel's 32,767
// characters. (excelize writes strings as inline text, never as a formula.)
func cellText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) > 32000 {
		cut := 32000
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// colSpec is one column of a data sheet.
type colSpec struct {
	title string
	width float64
}

// sheetWriter streams one data sheet: an optional overflow note in row 1, a bold frozen
// header row with an auto-filter, then at most limit rows in all.
type sheetWriter struct {
	f         *excelize.File
	st        *styles
	sw        *excelize.StreamWriter
	name      string
	cols      []colSpec
	limit     int // rows the sheet may hold, the header (and note) included
	row       int // the last row written
	headerRow int
	dropped   int64 // data rows not written because of the limit
	links     int
	maxLinks  int
}

// sheetSpec says what a streamed sheet holds.
type sheetSpec struct {
	name     string
	cols     []colSpec
	total    int64  // data rows the caller will offer
	keeps    string // which rows are kept when they do not fit: "newest", "first"
	where    string // where every row is: "risky_signins.csv holds them all."
	maxLinks int    // hyperlinks the sheet may hold; 0 = maxDataLinks
}

// newSheetWriter starts a streamed sheet. When the rows offered would not fit, row 1 says
// so and only the first rows offered are kept (callers offer the newest first).
func newSheetWriter(f *excelize.File, st *styles, spec sheetSpec, limit int) (*sheetWriter, error) {
	name, cols, total := spec.name, spec.cols, spec.total
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", name, err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", name, err)
	}
	w := &sheetWriter{f: f, st: st, sw: sw, name: name, cols: cols, limit: limit, headerRow: 1, maxLinks: spec.maxLinks}
	if w.maxLinks == 0 {
		w.maxLinks = maxDataLinks
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	overflow := total > int64(limit-1)
	if overflow {
		w.headerRow = 2
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: w.headerRow, TopLeftCell: fmt.Sprintf("A%d", w.headerRow+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: fmt.Sprintf("A%d", w.headerRow+1), ActiveCell: fmt.Sprintf("A%d", w.headerRow+1), Pane: "bottomLeft"}}}); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", name, err)
	}
	if overflow {
		kept := int64(limit - 2)
		msg := fmt.Sprintf("This sheet holds the %s %s of %s rows: an Excel sheet holds at most %s rows. %s",
			spec.keeps, thousands(kept), thousands(total), thousands(int64(excelMaxRows)), spec.where)
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.note, Value: msg}}); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		w.row = 1
	}
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.title}
	}
	if err := sw.SetRow(cellName(1, w.headerRow), hdr, excelize.RowOpts{Height: 30}); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", name, err)
	}
	w.row = w.headerRow
	return w, nil
}

// full reports whether the sheet has no room for another row.
func (w *sheetWriter) full() bool { return w.row >= w.limit }

// add writes one data row and returns its row number, or 0 when the sheet is full.
func (w *sheetWriter) add(cells []any, opts ...excelize.RowOpts) (int, error) {
	if w.full() {
		w.dropped++
		return 0, nil
	}
	w.row++
	if err := w.sw.SetRow(cellName(1, w.row), cells, opts...); err != nil {
		return 0, fmt.Errorf("sheet %s row %d: %w", w.name, w.row, err)
	}
	return w.row, nil
}

// link makes a written cell a link to a place in the workbook ("'Sheet'!A5").
func (w *sheetWriter) link(col, row int, location, tooltip string) error {
	if w.links >= w.maxLinks {
		return nil
	}
	w.links++
	return w.f.SetCellHyperLink(w.name, cellName(col, row), location, "Location", excelize.HyperlinkOpts{Tooltip: &tooltip})
}

// close adds the auto-filter, print settings and header/footer, and flushes the sheet.
func (w *sheetWriter) close(footer string) error {
	last := w.row
	if last == w.headerRow {
		last++ // an auto-filter needs a range; an empty one covers the header and one row
	}
	ref := fmt.Sprintf("A%d:%s", w.headerRow, cellName(len(w.cols), last))
	if err := w.f.AutoFilter(w.name, ref, nil); err != nil {
		return fmt.Errorf("sheet %s: auto-filter: %w", w.name, err)
	}
	if err := pageSetup(w.f, w.name, fmt.Sprintf("$%d:$%d", w.headerRow, w.headerRow), footer); err != nil {
		return err
	}
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", w.name, err)
	}
	return nil
}

// pageSetup prints a sheet landscape on A4, one page wide, the header row on every page.
func pageSetup(f *excelize.File, sheet, titleRows, footer string) error {
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0),
	}); err != nil {
		return fmt.Errorf("sheet %s: page layout: %w", sheet, err)
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.6), Bottom: ptr(0.6), Header: ptr(0.3), Footer: ptr(0.3),
	}); err != nil {
		return fmt.Errorf("sheet %s: margins: %w", sheet, err)
	}
	if titleRows != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!" + titleRows, Scope: sheet}); err != nil {
			return fmt.Errorf("sheet %s: print titles: %w", sheet, err)
		}
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L&8" + headerFooterText(sheet) + "&R&8Confidential: contains personal data",
		OddFooter: "&L&8" + headerFooterText(footer) + "&R&8Page &P of &N",
	}); err != nil {
		return fmt.Errorf("sheet %s: header and footer: %w", sheet, err)
	}
	return nil
}

// headerFooterText escapes text for a print header or footer, where & starts a code.
func headerFooterText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > 100 {
		s = s[:100]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return strings.ReplaceAll(s, "&", "&&")
}

// quoteSheet is a sheet name as a reference writes it.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// location is a link target: a cell on a sheet.
func location(sheet string, col, row int) string {
	return quoteSheet(sheet) + "!" + cellName(col, row)
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func ptr[T any](v T) *T { return &v }

// thousands formats n with comma thousands separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// wrapped is text in a wrapping column of the given width (in characters).
type wrapped struct {
	text  string
	width float64
}

// rowHeight is a row height (points) that shows every wrapped text in full, up to
// maxLines lines.
func rowHeight(maxLines int, cells ...wrapped) float64 {
	lines := 1
	for _, c := range cells {
		per := int(c.width * 1.15)
		if per < 1 {
			per = 1
		}
		n := 0
		for _, part := range strings.Split(c.text, "\n") {
			chars := utf8.RuneCountInString(part)
			n += max(1, (chars+per-1)/per)
		}
		lines = max(lines, n)
	}
	return float64(min(lines, maxLines))*13 + 4
}
