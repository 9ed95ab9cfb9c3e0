package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// The hostile strings the fixture plants in log fields.
var hostile = []string{
	`=HYPERLINK("http://evil")`,
	`+cmd|' /C calc'!A0`,
	`@SUM(1)`,
	`-1+2`,
	"\tThunderbird",
	"\rPortland",
}

func openWorkbook(t *testing.T, dir string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, FileWorkbook))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s is not valid CSV: %v", path, err)
	}
	return recs
}

func TestSheetsInContractOrder(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	got := f.GetSheetList()
	want := []string{"Summary", "Flagged users", "Risky sign-ins", "Detections", "Audit findings", "Remediation", "Timeline"}
	if len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
		t.Fatalf("sheets = %q; want %q first", got, want)
	}
}

func TestDataSheetsHaveFrozenFilteredHeaders(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	tests := []struct {
		sheet   string
		headers []string // the first headers
		lastRow int      // the last data row the filter must cover
	}{
		{"Flagged users", []string{"User", "Risk level", "Risk state", "Score", "Open detections"}, 9},
		{"Risky sign-ins", []string{"Time (UTC)", "User", "Risk level", "Rules", "IP address"}, 10},
		{"Detections", []string{"Last seen (UTC)", "Severity", "Title", "User", "IP address"}, 18},
		{"Audit findings", []string{"Time (UTC)", "Severity", "Rule", "Actor", "Target"}, 7},
		{"Remediation", []string{"User", "Risk", "Step", "Action", "Why", "Evidence"}, 0},
		{"Timeline", []string{"User", "Time (UTC)", "Type", "Activity"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 || len(rows[0]) < len(tt.headers) || !reflect.DeepEqual(rows[0][:len(tt.headers)], tt.headers) {
				t.Fatalf("header row = %q; want it to start %q", rows[0], tt.headers)
			}
			style, _ := f.GetCellStyle(tt.sheet, "A1")
			st, err := f.GetStyle(style)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("header A1 is not bold (style %d)", style)
			}
			panes, err := f.GetPanes(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("panes = %+v; want row 1 frozen", panes)
			}
			ref, ok := filters[tt.sheet]
			if !ok {
				t.Fatalf("no auto-filter on %s", tt.sheet)
			}
			if !strings.Contains(ref, "!$A$1:$") {
				t.Errorf("auto-filter %s does not start at the header A1", ref)
			}
			if tt.lastRow > 0 && !strings.HasSuffix(ref, "$"+strconv.Itoa(tt.lastRow)) {
				t.Errorf("auto-filter %s does not reach the last row %d", ref, tt.lastRow)
			}
			cols, err := f.GetCols(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			for i := range cols {
				name, _ := excelize.ColumnNumberToName(i + 1)
				w, _ := f.GetColWidth(tt.sheet, name)
				if w < 5 || w > 80 {
					t.Errorf("column %s width %.1f; want between 5 and 80", name, w)
				}
			}
		})
	}
}

// cellsOf finds a data row by the value of one column and returns the row's cells by header.
func rowWhere(t *testing.T, f *excelize.File, sheet, header, value string) (int, map[string]string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == header {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("%s has no column %q (headers %q)", sheet, header, rows[0])
	}
	for r, row := range rows[1:] {
		if col < len(row) && row[col] == value {
			cells := map[string]string{}
			for i, h := range rows[0] {
				name, _ := excelize.CoordinatesToCellName(i+1, r+2)
				cells[h] = name
			}
			return r + 2, cells
		}
	}
	t.Fatalf("%s has no row with %s = %q", sheet, header, value)
	return 0, nil
}

func TestDatesAndNumbersAreRealValues(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	_, cells := rowWhere(t, f, "Risky sign-ins", "Request id", "a0000001-0000-4000-8000-000000000001")
	tests := []struct {
		header    string
		formatted string
	}{
		{"Time (UTC)", "2026-03-03 02:10:05"},
		{"Error code", "50126"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			cell := cells[tt.header]
			typ, _ := f.GetCellType("Risky sign-ins", cell)
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s is of type %v; want a number", cell, typ)
			}
			raw, _ := f.GetCellValue("Risky sign-ins", cell, excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(raw, 64); err != nil {
				t.Errorf("%s raw value %q is not a number", cell, raw)
			}
			got, _ := f.GetCellValue("Risky sign-ins", cell)
			if got != tt.formatted {
				t.Errorf("%s shows %q; want %q", cell, got, tt.formatted)
			}
		})
	}
	// The time is the sign-in's, to the millisecond.
	raw, _ := f.GetCellValue("Risky sign-ins", cells["Time (UTC)"], excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	got := time.Unix(0, 0).UTC().Add(time.Duration((serial - 25569) * 86400 * float64(time.Second)))
	want := time.Date(2026, 3, 3, 2, 10, 5, 123e6, time.UTC)
	if err != nil || got.Sub(want).Abs() > time.Millisecond {
		t.Errorf("time serial %s = %v; want %v", raw, got, want)
	}
	_, fc := rowWhere(t, f, "Flagged users", "User", "alice@contoso.com")
	score, _ := f.GetCellValue("Flagged users", fc["Score"], excelize.Options{RawCellValue: true})
	if score != "95" {
		t.Errorf("alice's score cell = %q; want the number 95", score)
	}
}

func TestNoFormulaAnywhereAndHostileTextKept(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s is the formula %q", sheet, cell, formula)
				}
				for _, h := range hostile {
					if v == h {
						found[h] = true
						typ, _ := f.GetCellType(sheet, cell)
						if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
							t.Errorf("%s!%s holds %q as type %v; want text", sheet, cell, v, typ)
						}
					}
				}
			}
		}
	}
	for _, h := range hostile {
		if !found[h] {
			t.Errorf("no cell holds %q as it was logged", h)
		}
	}
}

func TestCSVEscapesFormulasAndKeepsNumbers(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	recs := readCSV(t, filepath.Join(dir, FileRiskySignins))
	header := recs[0]
	want := []string{"created_at", "user_principal_name", "ip_address", "location", "status", "error_code", "app", "client_app",
		"user_agent", "risk_level", "rule_ids", "request_id"}
	if !reflect.DeepEqual(header[:len(want)], want) {
		t.Fatalf("header = %q; want %q first", header, want)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	byID := map[string][]string{}
	for _, rec := range recs[1:] {
		byID[rec[col["request_id"]]] = rec
	}
	mallory := byID["m0000001-0000-4000-8000-000000000001"]
	bob := byID["b0000001-0000-4000-8000-000000000002"]
	tests := []struct {
		name, got, want string
	}{
		{"user agent =", mallory[col["user_agent"]], `'=HYPERLINK("http://evil")`},
		{"app +", mallory[col["app"]], `'+cmd|' /C calc'!A0`},
		{"location @", mallory[col["location"]], `'@SUM(1)`},
		{"user agent tab", bob[col["user_agent"]], "'\tThunderbird"},
		{"location CR", bob[col["location"]], "'\rPortland"},
		{"error code stays a number", byID["d0000001-0000-4000-8000-000000000001"][col["error_code"]], "500121"},
		{"plain text untouched", mallory[col["status"]], "success"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q; want %q", tt.got, tt.want)
			}
		})
	}
	det := readCSV(t, filepath.Join(dir, FileDetections))
	for _, rec := range det[1:] {
		if rec[1] == "brute_force" && rec[10] != "'-1+2" {
			t.Errorf("evidence -1+2 written as %q; want '-1+2", rec[10])
		}
	}
	fu := readCSV(t, filepath.Join(dir, FileFlaggedUsers))
	if fu[1][0] != "alice@contoso.com" || fu[1][3] != "95" || fu[1][4] != "7" {
		t.Errorf("first flagged row = %q; want alice with score 95 and 7 detections", fu[1][:5])
	}
}

func TestCSVField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"", ""},
		{"=1+2", `"'=1+2"`},
		{`=1+2";=1+2`, `"'=1+2"";=1+2"`},
		{"+1", "+1"},
		{"-12.5", "-12.5"},
		{"-1e5", "-1e5"},
		{"-1+2", `"'-1+2"`},
		{"-", `"'-"`},
		{"@SUM(1)", `"'@SUM(1)"`},
		{"\tx", "\"'\tx\""},
		{"\rx", "\"'\rx\""},
		{"\nx", "\"'\nx\""},
		{"a,b", `"a,b"`},
		{"a;=1+1", `"a;=1+1"`},
		{`say "hi"`, `"say ""hi"""`},
		{"two\nlines", "\"two\nlines\""},
		{" lead", `" lead"`},
		{"São Paulo", "São Paulo"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := csvField(tt.in); got != tt.want {
				t.Errorf("csvField(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCSVGolden(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	for _, name := range []string{FileFlaggedUsers, FileRiskySignins, FileDetections, FileAuditFindings} {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n got: %q\nwant: %q", name, golden, firstDiff(got, want), firstDiff(want, got))
			}
		})
	}
}

// firstDiff is a from the first byte where it differs from b, shortened.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	end := min(len(a), i+80)
	return string(a[i:end])
}

func TestSameStoreSameCSVBytes(t *testing.T) {
	db := openFixture(t)
	_, dir1 := writeFixture(t, db, nil)
	_, dir2 := writeFixture(t, db, func(o *Options) {
		o.Now = func() time.Time { return fixedNow().Add(7 * time.Hour) }
	})
	for _, name := range []string{FileFlaggedUsers, FileRiskySignins, FileDetections, FileAuditFindings} {
		a, _ := os.ReadFile(filepath.Join(dir1, name))
		b, _ := os.ReadFile(filepath.Join(dir2, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: two reports of the same store differ (%d and %d bytes)", name, len(a), len(b))
		}
	}
}

func TestExcelCSVAddsBOM(t *testing.T) {
	db := openFixture(t)
	_, plain := writeFixture(t, db, nil)
	_, excel := writeFixture(t, db, func(o *Options) { o.ExcelCSV = true })
	for _, name := range []string{FileFlaggedUsers, FileRiskySignins, FileDetections, FileAuditFindings} {
		a, _ := os.ReadFile(filepath.Join(plain, name))
		b, _ := os.ReadFile(filepath.Join(excel, name))
		if bytes.HasPrefix(a, []byte("\xEF\xBB\xBF")) {
			t.Errorf("%s starts with a BOM without ExcelCSV", name)
		}
		if !bytes.Equal(b, append([]byte("\xEF\xBB\xBF"), a...)) {
			t.Errorf("%s with ExcelCSV is not the same bytes after a BOM", name)
		}
	}
}

func TestOutputsOwnerOnlyAndComplete(t *testing.T) {
	res, dir := writeFixture(t, openFixture(t), nil)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("output folder mode %v; want 0700", fi.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		info, _ := e.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v; want 0600", e.Name(), info.Mode().Perm())
		}
	}
	want := []string{FileAuditFindings, FileDetections, FileFlaggedServicePrincipals, FileFlaggedUsers, FileManifest, FileRemediation, FileWorkbook, FileRiskySignins}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("folder holds %q; want exactly %q (no temporary files)", names, want)
	}
	if got := res.Files[len(res.Files)-1].Name; got != FileManifest {
		t.Errorf("last file written = %s; want manifest.json", got)
	}
}

func TestManifestVerifiesOutputs(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), func(o *Options) {
		o.Since = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		o.Location, _ = time.LoadLocation("Europe/Berlin")
	})
	b, err := os.ReadFile(filepath.Join(dir, FileManifest))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version string
		Run     struct {
			StartedAt  string `json:"started_at"`
			FinishedAt string `json:"finished_at"`
			Since      *string
			Until      *string
			TimeZone   string `json:"time_zone"`
		}
		Inputs   []Input
		RulesRun *struct {
			RunID string `json:"run_id"`
			Rules []string
		} `json:"rules_run"`
		Outputs []OutputFile
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "v0.0.0-test" || m.Run.TimeZone != "Europe/Berlin" || m.Run.StartedAt != "2026-03-08T06:00:00Z" {
		t.Errorf("run = %+v, version %q; want v0.0.0-test, Europe/Berlin, started 2026-03-08T06:00:00Z", m.Run, m.Version)
	}
	if m.Run.Since == nil || *m.Run.Since != "2026-03-01T00:00:00Z" || m.Run.Until != nil {
		t.Errorf("period since %v until %v; want 2026-03-01T00:00:00Z and unbounded", m.Run.Since, m.Run.Until)
	}
	inputs := map[string]Input{}
	for _, in := range m.Inputs {
		inputs[in.Path] = in
	}
	if len(m.Inputs) != 4 || inputs["/exports/signins-2026-03.json"].SHA256 != "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c" ||
		inputs["/exports/signins-2026-03.json"].Rows != 38 || inputs["/exports/broken.json"].Status != "rejected" {
		t.Errorf("inputs = %+v; want the 4 files of ingest_files with their sha256, rows and status", m.Inputs)
	}
	if m.RulesRun == nil || m.RulesRun.RunID != "run-2026-03-08-0200" || len(m.RulesRun.Rules) != 23 {
		t.Errorf("rules_run = %+v; want run-2026-03-08-0200 with 23 rules", m.RulesRun)
	}
	if len(m.Outputs) != 7 {
		t.Fatalf("outputs = %d; want 7 (every file but the manifest)", len(m.Outputs))
	}
	for _, o := range m.Outputs {
		data, err := os.ReadFile(filepath.Join(dir, o.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != o.SHA256 || int64(len(data)) != o.Size {
			t.Errorf("%s: manifest says sha256 %s, %d bytes; the file has %x, %d bytes", o.Name, o.SHA256, o.Size, sum, len(data))
		}
	}
}

func TestInputsOptionReplacesIngestFiles(t *testing.T) {
	in := []Input{{Path: "/tmp/a.json", SHA256: strings.Repeat("ab", 32), Size: 10, Format: "graph_signins", Rows: 3, Status: "loaded"}}
	_, dir := writeFixture(t, openFixture(t), func(o *Options) { o.Inputs = in })
	b, _ := os.ReadFile(filepath.Join(dir, FileManifest))
	var m struct{ Inputs []Input }
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Inputs, in) {
		t.Errorf("inputs = %+v; want %+v", m.Inputs, in)
	}
}

func TestDisplayZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	_, dir := writeFixture(t, openFixture(t), func(o *Options) { o.Location = berlin })
	recs := readCSV(t, filepath.Join(dir, FileFlaggedUsers))
	if got := recs[1][5]; got != "2026-03-03T03:10:05+01:00" {
		t.Errorf("alice first_seen = %q; want 2026-03-03T03:10:05+01:00", got)
	}
	f := openWorkbook(t, dir)
	_, cells := rowWhere(t, f, "Flagged users", "User", "alice@contoso.com")
	if got, _ := f.GetCellValue("Flagged users", cells["First seen (Europe/Berlin)"]); got != "2026-03-03 03:10:05" {
		t.Errorf("alice first seen shows %q; want the Berlin wall clock 2026-03-03 03:10:05", got)
	}
}

func TestPeriodBoundsRows(t *testing.T) {
	res, dir := writeFixture(t, openFixture(t), func(o *Options) {
		o.Since = time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
		o.Until = time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	})
	recs := readCSV(t, filepath.Join(dir, FileRiskySignins))
	for _, rec := range recs[1:] {
		if !strings.HasPrefix(rec[0], "2026-03-04T") {
			t.Errorf("risky sign-in at %s is outside the period", rec[0])
		}
	}
	if res.RiskySignins != 2 {
		t.Errorf("risky sign-ins in the period = %d; want 2 (frank, dave)", res.RiskySignins)
	}
	var users []string
	for _, rec := range readCSV(t, filepath.Join(dir, FileFlaggedUsers))[1:] {
		users = append(users, rec[0])
	}
	if want := []string{"frank@contoso.com", "dave@contoso.com"}; !reflect.DeepEqual(users, want) {
		t.Errorf("flagged users in the period = %q; want %q", users, want)
	}
}

func TestFlaggedUsersOrderAndOpenOnly(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	var users []string
	for _, rec := range readCSV(t, filepath.Join(dir, FileFlaggedUsers))[1:] {
		users = append(users, rec[0])
	}
	want := []string{"alice@contoso.com", "frank@contoso.com", "mallory'; start-process calc; '@contoso.com", "carol@contoso.com",
		"dave@contoso.com", "svc-backup@contoso.com", "bob@contoso.com", "eve@contoso.com"}
	if !reflect.DeepEqual(users, want) {
		t.Errorf("flagged users = %q; want %q (highest risk first; grace dismissed and henry remediated left out)", users, want)
	}
}

func TestSheetOverflowKeepsNewestAndSaysSo(t *testing.T) {
	db := openFixture(t)
	dir := filepath.Join(t.TempDir(), "out")
	const limit = 6 // a note, a header and 4 rows
	res, err := write(context.Background(), db, Options{Dir: dir, Now: fixedNow}, limit)
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, dir)
	rows, err := f.GetRows("Risky sign-ins")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != limit {
		t.Fatalf("sheet has %d rows; want %d", len(rows), limit)
	}
	if !strings.Contains(rows[0][0], "newest 4 of 9 rows") || !strings.Contains(rows[0][0], "risky_signins.csv") {
		t.Errorf("first row = %q; want the overflow note naming the CSV", rows[0][0])
	}
	if rows[1][0] != "Time (UTC)" {
		t.Errorf("row 2 = %q; want the header", rows[1])
	}
	if rows[2][0] != "2026-03-06 12:00:00" || rows[5][0] != "2026-03-04 14:22:09" {
		t.Errorf("kept rows run from %q to %q; want the 4 newest, 2026-03-06 12:00:00 to 2026-03-04 14:22:09", rows[2][0], rows[5][0])
	}
	panes, _ := f.GetPanes("Risky sign-ins")
	if panes.YSplit != 2 {
		t.Errorf("frozen rows = %d; want 2 (note and header)", panes.YSplit)
	}
	if n := len(readCSV(t, filepath.Join(dir, FileRiskySignins))) - 1; n != 9 {
		t.Errorf("risky_signins.csv has %d rows; want all 9", n)
	}
	if !strings.Contains(strings.Join(res.Truncated, ","), "Risky sign-ins") {
		t.Errorf("Result.Truncated = %q; want it to name Risky sign-ins", res.Truncated)
	}
	// A sheet that fits has no note: Inputs has 4 rows.
	short, _ := f.GetRows("Inputs")
	if short[0][0] != "Path" || len(short) != 5 {
		t.Errorf("Inputs row 1 = %q, %d rows; want the header and 4 rows (they fit)", short[0], len(short))
	}
}

func TestLinksFromFlaggedUsers(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	_, cells := rowWhere(t, f, "Flagged users", "User", "alice@contoso.com")
	tests := []struct {
		header, sheet, userHeader string
	}{
		{"Open detections", "Detections", "User"},
		{"Checklist", "Remediation", "User"},
		{"Timeline", "Timeline", "User"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			ok, target, err := f.GetCellHyperLink("Flagged users", cells[tt.header])
			if err != nil || !ok {
				t.Fatalf("%s has no link (%v)", cells[tt.header], err)
			}
			prefix := "'" + tt.sheet + "'!"
			if !strings.HasPrefix(target, prefix) {
				t.Fatalf("link target %q; want a cell on %s", target, tt.sheet)
			}
			row, _ := f.GetRows(tt.sheet)
			_, r, err := excelize.CellNameToCoordinates(strings.TrimPrefix(target, prefix))
			if err != nil {
				t.Fatal(err)
			}
			col := -1
			for i, h := range row[0] {
				if h == tt.userHeader {
					col = i
				}
			}
			if got := row[r-1][col]; got != "alice@contoso.com" {
				t.Errorf("the link lands on a row of %q; want alice@contoso.com", got)
			}
		})
	}
	// A low-risk user has no timeline.
	_, bob := rowWhere(t, f, "Flagged users", "User", "bob@contoso.com")
	if ok, _, _ := f.GetCellHyperLink("Flagged users", bob["Timeline"]); ok {
		t.Errorf("bob (low risk) links to a timeline; the Timeline holds high-risk users only")
	}
}

// checklistOf reads a user's actions from the Remediation sheet, in order.
func checklistOf(t *testing.T, f *excelize.File, user string) []string {
	t.Helper()
	rows, err := f.GetRows("Remediation")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range rows[1:] {
		if len(row) > 3 && row[0] == user {
			if want := strconv.Itoa(len(out) + 1); row[2] != want {
				t.Errorf("%s step %q; want %s", user, row[2], want)
			}
			out = append(out, row[3])
		}
	}
	return out
}

func TestRemediationFitsWhatHappened(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	tests := []struct {
		user string
		want []string
	}{
		{"alice@contoso.com", []string{
			"Reset the password and revoke all sessions",
			"Remove the privileged role the attacker granted: Global Administrator for svc-backup@contoso.com",
			"Remove the app credential the attacker added: Payroll Sync",
			"Remove the inbox rule that sends mail outside: '; Remove-Mailbox -Identity * ; ' to attacker@protonmail.com",
			"Remove the mailbox delegate the attacker added: svc-backup@contoso.com on alice@contoso.com",
			"Require MFA re-registration",
			"Make sure mailbox auditing is on",
			"Record the remediation",
		}},
		{"bob@contoso.com", []string{
			"Block legacy authentication",
			"Dismiss the risk if the activity is benign",
		}},
		{"frank@contoso.com", []string{
			"Reset the password and revoke all sessions",
			"Confirm the user compromised in Entra ID Protection",
			"Revoke the app consent grant the attacker added: Mail Reader Pro",
			"Require MFA re-registration",
			"Block the device code flow where it is not needed",
			"Dismiss the risk if the activity is benign",
		}},
		{"eve@contoso.com", []string{
			"Review the sign-ins with the user",
			"Dismiss the risk if the activity is benign",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			if got := checklistOf(t, f, tt.user); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("checklist:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
	// Why and evidence are filled in for every step, in words.
	rows, _ := f.GetRows("Remediation")
	for _, row := range rows[1:] {
		if len(row) < 5 || row[4] == "" {
			t.Errorf("step %q of %s has no why", row[3], row[0])
		}
	}
	// flagged_users.csv carries the same actions.
	for _, rec := range readCSV(t, filepath.Join(dir, FileFlaggedUsers))[1:] {
		if rec[0] == "bob@contoso.com" && rec[7] != "Block legacy authentication; Dismiss the risk if the activity is benign" {
			t.Errorf("bob's recommended_actions = %q", rec[7])
		}
		if rec[0] == "alice@contoso.com" && !strings.HasPrefix(rec[7], "Reset the password and revoke all sessions; Remove the privileged role the attacker granted; ") {
			t.Errorf("alice's recommended_actions = %q", rec[7])
		}
	}
	// The spray's source, which names no user, gets a tenant-wide step.
	if got := checklistOf(t, f, "(whole tenant)"); !reflect.DeepEqual(got, []string{"Block legacy authentication", "Block the attacking addresses: 185.220.101.34"}) {
		t.Errorf("tenant-wide steps = %q", got)
	}
}

func TestTimelineOfHighRiskUsers(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	rows, err := f.GetRows("Timeline")
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]bool{}
	var aliceTimes []string
	var kinds []string
	for _, row := range rows[1:] {
		users[row[0]] = true
		if row[0] == "alice@contoso.com" {
			aliceTimes = append(aliceTimes, row[1])
			kinds = append(kinds, row[2])
		}
	}
	if !reflect.DeepEqual(users, map[string]bool{"alice@contoso.com": true, "frank@contoso.com": true}) {
		t.Errorf("timeline users = %v; want alice and frank (the high-risk users)", users)
	}
	for i := 1; i < len(aliceTimes); i++ {
		if aliceTimes[i] < aliceTimes[i-1] {
			t.Errorf("alice's events out of order: %s after %s", aliceTimes[i], aliceTimes[i-1])
		}
	}
	for _, k := range []string{"Sign-in", "Directory change", "Mailbox / Microsoft 365", "Detection"} {
		if !strings.Contains(strings.Join(kinds, "|"), k) {
			t.Errorf("alice's timeline has no %q event; kinds %q", k, kinds)
		}
	}
}

func TestWriteRejectsBadOptions(t *testing.T) {
	db := openFixture(t)
	tests := []struct {
		name string
		opts Options
	}{
		{"no folder", Options{}},
		{"period backwards", Options{Dir: t.TempDir(), Since: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Write(context.Background(), db, tt.opts); err == nil {
				t.Errorf("Write(%+v) = nil error; want an error", tt.opts)
			}
		})
	}
}

func TestCancelledWriteLeavesThePreviousReport(t *testing.T) {
	db := openFixture(t)
	_, dir := writeFixture(t, db, nil)
	before, _ := os.ReadFile(filepath.Join(dir, FileManifest))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, db, Options{Dir: dir, Now: func() time.Time { return fixedNow().Add(time.Hour) }}); err == nil {
		t.Fatal("Write with a cancelled context succeeded")
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileManifest))
	if !bytes.Equal(before, after) {
		t.Errorf("a failed write changed manifest.json")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 8 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %q after a failed write; want the 8 files of the previous report", names)
	}
}

func TestEmptyStore(t *testing.T) {
	ctx := context.Background()
	db := openFixture(t)
	for _, table := range []string{"signins", "directory_audits", "unified_audit", "detections", "detection_events", "user_risk",
		"risky_signins", "audit_findings", "triage", "analyze_runs", "ingest_files"} {
		if _, err := db.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			t.Fatal(err)
		}
	}
	res, dir := writeFixture(t, db, nil)
	if res.FlaggedUsers != 0 || res.RiskySignins != 0 || len(res.Files) != 8 {
		t.Errorf("result = %+v; want no rows and all 8 files", res)
	}
	for _, name := range []string{FileFlaggedUsers, FileRiskySignins, FileDetections, FileAuditFindings, FileFlaggedServicePrincipals} {
		if recs := readCSV(t, filepath.Join(dir, name)); len(recs) != 1 {
			t.Errorf("%s has %d records; want the header alone", name, len(recs))
		}
	}
	f := openWorkbook(t, dir)
	if got := f.GetSheetList(); len(got) != len(sheetOrder()) {
		t.Errorf("sheets = %q", got)
	}
}

// A user whose detections carry no address (a mailbox rule, a role change) still gets
// their row and checklist; so does a tenant-wide detection without one.
func TestDetectionsWithoutAddress(t *testing.T) {
	db := openFixture(t)
	if _, err := db.Exec(`UPDATE detections SET ip_address = NULL`); err != nil {
		t.Fatal(err)
	}
	res, _ := writeFixture(t, db, nil)
	if res.FlaggedUsers == 0 {
		t.Errorf("got no flagged users; want the fixture's")
	}
}
