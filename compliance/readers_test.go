package compliance

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/entrarisk/entrarisk/internal/officetest"
)

// TestLibreOfficeOpensWorkbook converts compliance.xlsx with LibreOffice, to PDF and to one
// CSV per sheet, and checks what LibreOffice read: what a user's spreadsheet shows.
func TestLibreOfficeOpensWorkbook(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	lo := officetest.LibreOffice(t, filepath.Join(dir, FileWorkbook))
	if pages := lo.Pages(t); pages < len(Sheets()) {
		t.Errorf("PDF has %d pages; want at least one per sheet (%d)", pages, len(Sheets()))
	}
	roles := lo.Sheet(t, SheetPrivilegedRoles)
	if len(roles) != 4 || strings.Join(roles[3][:4], "|") != "2026-03-03 11:00:00|assigned|Global Administrator|svc-backup@contoso.com" {
		t.Errorf("LibreOffice shows Privileged roles as %q; want the Global Administrator assigned on row 4", roles)
	}
	if !slices.ContainsFunc(lo.Sheet(t, SheetSensitiveOperations), func(r []string) bool { return slices.Contains(r, `=HYPERLINK("http://evil")`) }) {
		t.Errorf("LibreOffice does not show the hostile target as the text it was")
	}
	// LibreOffice writes a percentage with the decimals it holds, whatever the cell shows.
	mfa := lo.Sheet(t, SheetMFACoverage)
	if len(mfa) < 3 || mfa[2][0] != "alice@contoso.com" || !regexp.MustCompile(`^66\.[67]\d*%$`).MatchString(mfa[2][5]) {
		t.Errorf("LibreOffice shows MFA coverage row 3 as %q; want alice with 66.7%%", mfa[2])
	}
	var cells []string
	for _, r := range lo.Sheet(t, SheetSummary) {
		cells = append(cells, r...)
	}
	summary := strings.Join(cells, "|")
	for _, want := range []string{`Users never seen with MFA\|1\|25(\.0*)?%`, `Reported as fraud\|1\|12\.50*%`, `What these exports cannot tell`} {
		if !regexp.MustCompile(want).MatchString(summary) {
			t.Errorf("LibreOffice's Summary does not show %s", want)
		}
	}
}

// TestOpenpyxlReadsWorkbook reads compliance.xlsx with Python's openpyxl, an independent reader.
func TestOpenpyxlReadsWorkbook(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	got := officetest.Openpyxl(t, filepath.Join(dir, FileWorkbook), SheetLegacyAuth)
	if len(got.Formulas) > 0 {
		t.Errorf("openpyxl finds formulas in %q; want none", got.Formulas)
	}
	if len(got.Sheets) < 7 || !slices.Equal(got.Sheets[:7], Sheets()[:7]) {
		t.Errorf("sheets = %q; want %q first", got.Sheets, Sheets()[:7])
	}
	for _, name := range Sheets()[1:7] {
		d := got.Data[name]
		if d.Freeze() != "A2" || !strings.HasPrefix(d.Filter(), "A1:") {
			t.Errorf("%s: freeze %q, filter %q; want A2 and a filter from A1", name, d.Freeze(), d.Filter())
		}
	}
	// Legacy authentication row 2: bob's IMAP: text, numbers, a date.
	legacy := got.Data[SheetLegacyAuth]
	wantTypes := map[int]string{0: "str", 2: "int", 3: "int", 4: "datetime"}
	for i, typ := range wantTypes {
		if i >= len(legacy.Types) || legacy.Types[i] != typ {
			t.Errorf("Legacy authentication row 2 column %d is %v; want %s", i+1, legacy.Types, typ)
		}
	}
	if len(legacy.First) < 5 || legacy.First[0] != "bob@contoso.com" || legacy.First[4] != "2026-03-02T06:30:00" {
		t.Errorf("openpyxl reads Legacy authentication row 2 as %v; want bob's IMAP from 2026-03-02T06:30:00", legacy.First)
	}
	users := got.Data[SheetSummary].Labels["Users seen with MFA"]
	if len(users) != 2 || users[0] != float64(3) || users[1] != 0.75 {
		t.Errorf("openpyxl reads the Summary's users seen with MFA as %v; want 3 and 0.75", users)
	}
}
