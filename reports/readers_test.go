package reports

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/entrarisk/entrarisk/internal/officetest"
)

// TestLibreOfficeOpensWorkbook converts report.xlsx with LibreOffice, to PDF and to one CSV
// per sheet, and checks what LibreOffice read.
func TestLibreOfficeOpensWorkbook(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	lo := officetest.LibreOffice(t, filepath.Join(dir, FileWorkbook))
	if pages := lo.Pages(t); pages < len(sheetOrder()) {
		t.Errorf("PDF has %d pages; want at least one per sheet (%d)", pages, len(sheetOrder()))
	}
	risky := lo.Sheet(t, "Risky sign-ins")
	var mallory []string
	for _, row := range risky {
		if len(row) > 1 && row[1] == "mallory'; start-process calc; '@contoso.com" {
			mallory = row
		}
	}
	if mallory == nil {
		t.Fatalf("LibreOffice shows no row of mallory on Risky sign-ins")
	}
	for _, want := range []string{"2026-03-05 03:00:00", `=HYPERLINK("http://evil")`, `+cmd|' /C calc'!A0`, "@SUM(1)"} {
		if !slices.Contains(mallory, want) {
			t.Errorf("LibreOffice shows mallory's row as %q; want a cell %q (text, not evaluated)", mallory, want)
		}
	}
	flagged := lo.Sheet(t, "Flagged users")
	if len(flagged) < 2 || flagged[1][0] != "alice@contoso.com" || flagged[1][3] != "95" {
		t.Errorf("LibreOffice shows Flagged users row 2 as %q; want alice with score 95", flagged[1])
	}
}

// TestOpenpyxlReadsWorkbook reads report.xlsx with Python's openpyxl, an independent reader.
func TestOpenpyxlReadsWorkbook(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	got := officetest.Openpyxl(t, filepath.Join(dir, FileWorkbook), "Risky sign-ins", "Detections", "Flagged users", "Audit findings")
	if len(got.Formulas) > 0 {
		t.Errorf("openpyxl finds formulas in %q; want none", got.Formulas)
	}
	if len(got.Sheets) < 7 || got.Sheets[0] != "Summary" || got.Sheets[6] != "Timeline" {
		t.Errorf("sheets = %q", got.Sheets)
	}
	risky := got.Data["Risky sign-ins"]
	if risky.Freeze() != "A2" || risky.Filter() != "A1:N10" {
		t.Errorf("Risky sign-ins: freeze %q, filter %q; want A2 and A1:N10", risky.Freeze(), risky.Filter())
	}
	// Row 2 is carol's sign-in: a datetime, text, and the error code as a number.
	wantTypes := map[int]string{0: "datetime", 1: "str", 8: "int"}
	for i, typ := range wantTypes {
		if i >= len(risky.Types) || risky.Types[i] != typ {
			t.Errorf("Risky sign-ins row 2 column %d (%v) is %v; want %s", i+1, risky.Header[i], risky.Types, typ)
		}
	}
	if risky.First[0] != "2026-03-06T12:00:00" {
		t.Errorf("openpyxl reads the time as %v; want 2026-03-06T12:00:00", risky.First[0])
	}
}
