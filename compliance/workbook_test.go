package compliance

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func openWorkbook(t *testing.T, dir string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, FileWorkbook))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSheetsInContractOrder(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	got := openWorkbook(t, dir).GetSheetList()
	want := []string{"Summary", "MFA coverage", "Legacy authentication", "Conditional Access", "Sensitive operations",
		"Privileged roles", "MFA prompts"}
	if len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
		t.Fatalf("sheets = %q; want %q first", got, want)
	}
}

// TestDataSheets checks each data sheet as a reader meets it: its header, frozen and
// filtered over every row, usable column widths, and its rows the CSV's.
func TestDataSheets(t *testing.T) {
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
		headers []string
		rows    int
	}{
		{SheetMFACoverage, []string{"User", "Sign-ins", "Successful", "Single factor", "Multifactor", "MFA share"}, 4},
		{SheetLegacyAuth, []string{"User", "Client app", "Attempts", "Successes", "First seen (UTC)"}, 3},
		{SheetConditionalAccess, []string{"Policy id", "Policy", "Result", "Sign-ins", "Users", "Mode"}, 8},
		{SheetSensitiveOperations, []string{"Time (UTC)", "Kind", "Activity", "Actor", "Actor IP", "Target"}, 12},
		{SheetPrivilegedRoles, []string{"Time (UTC)", "Action", "Role", "Target", "Actor", "Actor IP", "Result"}, 3},
		{SheetMFAPrompts, []string{"User", "Prompts", "Approved", "Denied", "No response", "Fraud reported", "Apps"}, 4},
		{SheetMFAByApp, []string{"Dimension", "Name", "Users", "Successful sign-ins", "Single factor", "Multifactor"}, 8},
		{SheetNoPolicy, []string{"App", "Client app", "Successful sign-ins", "Users"}, 3},
		{SheetInputs, []string{"Path", "Format", "Table", "Rows in the period", "Rows added", "Size (bytes)", "SHA-256"}, 6},
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
			if got := len(rows) - 1; got != tt.rows {
				t.Errorf("got %d data rows; want %d", got, tt.rows)
			}
			panes, err := f.GetPanes(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("panes = %+v; want row 1 frozen", panes)
			}
			ref := filters[tt.sheet]
			if !strings.Contains(ref, "!$A$1:$") || !strings.HasSuffix(ref, "$"+strconv.Itoa(max(2, tt.rows+1))) {
				t.Errorf("auto-filter %q; want it from the header A1 to row %d", ref, tt.rows+1)
			}
			for i := range rows[0] {
				name, _ := excelize.ColumnNumberToName(i + 1)
				if w, _ := f.GetColWidth(tt.sheet, name); w < 8 || w > 70 {
					t.Errorf("column %s (%s) width %.1f; want 8 to 70", name, rows[0][i], w)
				}
			}
		})
	}
}

// TestRealValues checks that counts, shares and times are numbers and dates a spreadsheet
// can sort and sum, and flags read yes or no.
func TestRealValues(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	raw := func(sheet, cell string) string {
		v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		return v
	}
	shown := func(sheet, cell string) string {
		v, _ := f.GetCellValue(sheet, cell)
		return v
	}
	// MFA coverage row 3 is alice: 3 successes, two thirds of them with MFA.
	if got := shown(SheetMFACoverage, "A3"); got != "alice@contoso.com" {
		t.Fatalf("MFA coverage A3 = %q; want alice", got)
	}
	if got := raw(SheetMFACoverage, "C3"); got != "3" {
		t.Errorf("alice's successful sign-ins cell = %q; want the number 3", got)
	}
	if share, err := strconv.ParseFloat(raw(SheetMFACoverage, "F3"), 64); err != nil || share < 0.6666 || share > 0.6667 {
		t.Errorf("alice's MFA share = %q; want the number 0.6667", raw(SheetMFACoverage, "F3"))
	}
	if got := shown(SheetMFACoverage, "F3"); got != "66.7%" {
		t.Errorf("alice's MFA share shows %q; want 66.7%%", got)
	}
	// Privileged roles row 4: the Global Administrator assigned at 11:00, flagged.
	serial, err := strconv.ParseFloat(raw(SheetPrivilegedRoles, "A4"), 64)
	at := time.Unix(0, 0).UTC().Add(time.Duration((serial - 25569) * 86400 * float64(time.Second)))
	if err != nil || at.Sub(time.Date(2026, 3, 3, 11, 0, 0, 0, time.UTC)).Abs() > time.Millisecond {
		t.Errorf("privileged role time serial %q = %v; want 2026-03-03 11:00", raw(SheetPrivilegedRoles, "A4"), at)
	}
	if got := shown(SheetPrivilegedRoles, "A4"); got != "2026-03-03 11:00:00" {
		t.Errorf("privileged role time shows %q; want 2026-03-03 11:00:00", got)
	}
	if got := shown(SheetPrivilegedRoles, "I4"); got != "yes" {
		t.Errorf("privileged role Flagged = %q; want yes", got)
	}
}

// TestSummary reads the Summary as an auditor would: the period, the inputs, each key figure
// beside its label, and what the exports cannot tell.
func TestSummary(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	rows, err := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	byLabel := map[string][]string{}
	var all []string
	for _, r := range rows {
		if len(r) > 0 {
			if _, seen := byLabel[r[0]]; !seen { // the key figures come before the sheet guide
				byLabel[r[0]] = r
			}
			all = append(all, strings.Join(r, " | "))
		}
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"2026-03-01 00:00 UTC to 2026-03-08 00:00 UTC",
		"6 files gave the period's 38 records",
		"from analyze run run-1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Summary does not say %q:\n%s", want, text)
		}
	}
	figures := []struct {
		label string
		n     string
		share string // a ratio, to 4 decimals; "" for none
	}{
		{"Users who signed in", "4", ""},
		{"Users seen with MFA", "3", "0.7500"},
		{"Users never seen with MFA", "1", "0.2500"},
		{"Successful sign-ins with MFA", "4", "0.5000"},
		{"Successful single-factor sign-ins", "4", "0.5000"},
		{"Successful sign-ins, method not recorded", "1", "0.1111"},
		{"Users signing in with legacy authentication", "1", "0.2500"},
		{"Sign-ins a policy failed (blocked)", "4", "0.3636"},
		{"Report-only: sign-ins a policy would have blocked", "3", "0.2727"},
		{"Successful sign-ins with no policy applied", "4", "0.4444"},
		{"MFA prompts", "8", ""},
		{"Reported as fraud", "1", "0.1250"},
		{"Sensitive directory changes", "12", ""},
		{"Privileged role changes", "3", ""},
	}
	for _, fg := range figures {
		r := byLabel[fg.label]
		if len(r) < 2 || r[1] != fg.n {
			t.Errorf("%s: row %q; want the count %s", fg.label, r, fg.n)
			continue
		}
		got := ""
		if len(r) > 2 && r[2] != "" {
			x, _ := strconv.ParseFloat(r[2], 64)
			got = strconv.FormatFloat(x, 'f', 4, 64)
		}
		if got != fg.share {
			t.Errorf("%s: share %q; want %q", fg.label, got, fg.share)
		}
	}
	for _, want := range []string{
		"The Unified Audit Log's 2 sign-in records (UserLoggedIn, UserLoginFailed) are not counted",
		"1 successful sign-ins from the Entra portal's sign-in CSV download (portal_signins_csv) do not say how the user authenticated",
		"3 sign-ins from the Entra portal's sign-in CSV download (portal_signins_csv) carry no Conditional Access policy details (only the overall status, which counts towards \"no policy applied\"): the Conditional Access sheet counts the other 11 sign-ins.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Summary does not say %q", want)
		}
	}
	// Four charts: one drawing part each in the package.
	z, err := zip.OpenReader(filepath.Join(dir, FileWorkbook))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts := 0
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 4 {
		t.Errorf("the workbook holds %d charts; want 4", charts)
	}
}

// TestNoFormulaAndHostileTextKept: text from the logs stays text in every cell and is
// escaped in the CSVs.
func TestNoFormulaAndHostileTextKept(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	f := openWorkbook(t, dir)
	const hostile = `=HYPERLINK("http://evil")`
	found := false
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
				if v == hostile {
					found = true
					if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
						t.Errorf("%s!%s holds %q as type %v; want text", sheet, cell, v, typ)
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("no cell holds %q as it was logged", hostile)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileSensitiveOperations))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`,"'=HYPERLINK(""http://evil"")",`)) {
		t.Errorf("%s does not escape the formula-led target as OWASP describes", FileSensitiveOperations)
	}
}

// TestSameStoreSameCSVBytes: an auditor who runs the export again gets the same CSV bytes.
func TestSameStoreSameCSVBytes(t *testing.T) {
	db := openFixture(t)
	_, a := writeFixture(t, db, nil)
	_, b := writeFixture(t, db, func(o *Options) { o.Now = func() time.Time { return fixedNow().Add(time.Hour) } })
	for _, name := range []string{FileMFACoverage, FileLegacyAuth, FileConditionalAccess, FileSensitiveOperations, FilePrivilegedRoles, FileMFAPrompts} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) || len(x) == 0 {
			t.Errorf("%s differs between two runs over the same store (%d and %d bytes)", name, len(x), len(y))
		}
	}
}

// TestFilesOwnerOnlyAndVerified: every file is the owner's alone, nothing is left behind,
// and manifest.json's sha256 and sizes match the files.
func TestFilesOwnerOnlyAndVerified(t *testing.T) {
	res, dir := writeFixture(t, openFixture(t), nil)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v; want 0600", e.Name(), fi.Mode().Perm())
		}
	}
	want := []string{FileWorkbook, FileConditionalAccess, FileLegacyAuth, FileManifest, FileMFACoverage, FileMFAPrompts, FilePrivilegedRoles, FileSensitiveOperations}
	if !reflect.DeepEqual(sorted(names), sorted(want)) {
		t.Errorf("files = %q; want %q (no temporary folder left)", names, want)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("the folder has mode %v; want 0700", fi.Mode().Perm())
	}
	m := readManifest(t, dir)
	outputs := m["outputs"].([]any)
	if len(outputs) != 7 {
		t.Errorf("manifest lists %d outputs; want the 7 files before it", len(outputs))
	}
	for _, o := range outputs {
		o := o.(map[string]any)
		b, err := os.ReadFile(filepath.Join(dir, o["name"].(string)))
		if err != nil {
			t.Error(err)
			continue
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != o["sha256"] || float64(len(b)) != o["size"] {
			t.Errorf("%s: manifest says sha256 %v, %v bytes; the file has %x, %d", o["name"], o["sha256"], o["size"], sum, len(b))
		}
	}
	if res.Files[len(res.Files)-1].Name != FileManifest {
		t.Errorf("the last file written is %s; want manifest.json", res.Files[len(res.Files)-1].Name)
	}
	inputs := m["inputs"].([]any)
	if len(inputs) != 6 || inputs[0].(map[string]any)["sha256"] != "ff66" {
		t.Errorf("manifest inputs = %v; want the 6 files of the period with their sha256 (not the rejected one)", inputs)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestPeriodBoundsEverything: since is in the period, until is not; nothing outside counts.
func TestPeriodBoundsEverything(t *testing.T) {
	db := openFixture(t)
	_, dir := writeFixture(t, db, func(o *Options) {
		o.Since = time.Date(2026, 3, 3, 11, 0, 0, 0, time.UTC) // a1 exactly
		o.Until = time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)  // a2 exactly: out
	})
	_, roles := readCSV(t, filepath.Join(dir, FilePrivilegedRoles))
	if len(roles) != 1 || roles[0][1] != "assigned" {
		t.Errorf("privileged roles in [03-03 11:00, 03-04 09:00) = %q; want a1 alone", roles)
	}
	_, mfa := readCSV(t, filepath.Join(dir, FileMFACoverage))
	// In the period: carol's c1 (12:00 on the 3rd) only; alice's s3 and s4 are before 11:00.
	if len(mfa) != 1 || mfa[0][0] != "carol@contoso.com" {
		t.Errorf("MFA coverage = %q; want carol alone", mfa)
	}
	// Open ends: everything, February included.
	_, all := writeFixture(t, db, func(o *Options) { o.Since, o.Until = time.Time{}, time.Time{} })
	_, rows := readCSV(t, filepath.Join(all, FilePrivilegedRoles))
	if len(rows) != 4 {
		t.Errorf("privileged roles over the whole store: %d rows; want 4 (a0 too)", len(rows))
	}
}

// TestPrivilegedRolesAreTheConfigured: a configured list replaces analyze's.
func TestPrivilegedRolesAreTheConfigured(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), func(o *Options) { o.PrivilegedRoles = []string{"global administrator", " Reports Reader "} })
	_, rows := readCSV(t, filepath.Join(dir, FilePrivilegedRoles))
	var roles []string
	for _, r := range rows {
		roles = append(roles, r[2])
	}
	if want := []string{"Reports Reader", "Global Administrator"}; !reflect.DeepEqual(roles, want) {
		t.Errorf("roles = %q; want %q", roles, want)
	}
}

// TestWithoutAnalysis: with no analyze run the flags are empty, not false, and the Summary says why.
func TestWithoutAnalysis(t *testing.T) {
	db := openFixture(t)
	if _, err := db.Exec(`DELETE FROM analyze_runs; DELETE FROM detections; DELETE FROM detection_events`); err != nil {
		t.Fatal(err)
	}
	res, dir := writeFixture(t, db, nil)
	_, rows := readCSV(t, filepath.Join(dir, FileSensitiveOperations))
	for _, r := range rows {
		if r[9] != "" {
			t.Errorf("flagged = %q for %s; want empty: no analyze run", r[9], r[11])
		}
	}
	if !strings.Contains(strings.Join(res.Gaps, "\n"), "No analyze run is recorded") {
		t.Errorf("gaps = %q; want the missing analyze run named", res.Gaps)
	}
}

// TestUnifiedAuditLogOnly: a store with only the Unified Audit Log has no sign-in method:
// the Summary says so instead of reporting zero coverage.
func TestUnifiedAuditLogOnly(t *testing.T) {
	db := openFixture(t)
	if _, err := db.Exec(`DELETE FROM signins; DELETE FROM signin_auth_details; DELETE FROM directory_audits`); err != nil {
		t.Fatal(err)
	}
	res, dir := writeFixture(t, db, nil)
	gaps := strings.Join(res.Gaps, "\n")
	for _, want := range []string{
		"No sign-in log covers the period. The Unified Audit Log's 2 sign-in records (UserLoggedIn, UserLoginFailed) carry no sign-in method",
		"No directory audit log covers the period",
	} {
		if !strings.Contains(gaps, want) {
			t.Errorf("gaps = %q; want %q", res.Gaps, want)
		}
	}
	f := openWorkbook(t, dir)
	rows, _ := f.GetRows(SheetSummary)
	for _, r := range rows {
		if len(r) > 1 && (r[0] == "Users seen with MFA" || r[0] == "Sign-ins with policy results" || r[0] == "Sensitive directory changes") && r[1] != "not available" {
			t.Errorf("%s shows %q; want \"not available\", not a zero", r[0], r[1])
		}
	}
}

// TestEmptyStore: an empty store gives every file, with headers and no rows.
func TestEmptyStore(t *testing.T) {
	res, dir := writeFixture(t, openStore(t), nil)
	for _, name := range []string{FileMFACoverage, FileLegacyAuth, FileConditionalAccess, FileSensitiveOperations, FilePrivilegedRoles, FileMFAPrompts} {
		h, rows := readCSV(t, filepath.Join(dir, name))
		if len(h) < 5 || len(rows) != 0 {
			t.Errorf("%s: header %q and %d rows; want a header and no rows", name, h, len(rows))
		}
	}
	if len(res.Gaps) == 0 {
		t.Errorf("an empty store says nothing about what is missing")
	}
}

// TestBadOptions and a cancelled export: an error, and nothing written.
func TestBadOptions(t *testing.T) {
	db := openFixture(t)
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Write(context.Background(), db, Options{Dir: dir, Since: fixtureUntil, Until: fixtureSince}); err == nil || !strings.Contains(err.Error(), "before it starts") {
		t.Errorf("a period that ends before it starts: got %v", err)
	}
	if _, err := Write(context.Background(), db, Options{}); err == nil {
		t.Errorf("no folder: got no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, db, Options{Dir: dir}); err == nil {
		t.Errorf("a cancelled export: got no error")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("a cancelled export left %d entries in its folder", len(entries))
	}
}
