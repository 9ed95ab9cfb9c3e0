package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestLibreOfficeOpensWorkbook converts report.xlsx with LibreOffice, to PDF and to one CSV
// per sheet, and checks what LibreOffice read.
func TestLibreOfficeOpensWorkbook(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not found: install libreoffice-calc-nogui to run this test")
	}
	_, dir := writeFixture(t, openFixture(t), nil)
	out := t.TempDir()
	profile := "file://" + filepath.Join(t.TempDir(), "profile")
	convert := func(to string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore",
			"--convert-to", to, "--outdir", out, filepath.Join(dir, FileWorkbook))
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, b)
		}
	}
	convert("pdf")
	pdf, err := os.ReadFile(filepath.Join(out, "report.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || pages < len(sheetOrder()) {
		t.Errorf("PDF has %d pages; want at least one per sheet (%d)", pages, len(sheetOrder()))
	}
	// Every sheet as CSV (the last token, -1, asks for every sheet): what LibreOffice shows.
	convert("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
	risky := readLOSheet(t, filepath.Join(out, "report-Risky sign-ins.csv"))
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
		if !contains(mallory, want) {
			t.Errorf("LibreOffice shows mallory's row as %q; want a cell %q (text, not evaluated)", mallory, want)
		}
	}
	flagged := readLOSheet(t, filepath.Join(out, "report-Flagged users.csv"))
	if len(flagged) < 2 || flagged[1][0] != "alice@contoso.com" || flagged[1][3] != "95" {
		t.Errorf("LibreOffice shows Flagged users row 2 as %q; want alice with score 95", flagged[1])
	}
}

func readLOSheet(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("LibreOffice did not export the sheet: %v", err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestOpenpyxlReadsWorkbook reads report.xlsx with Python's openpyxl, an independent reader.
func TestOpenpyxlReadsWorkbook(t *testing.T) {
	const python = "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	_, dir := writeFixture(t, openFixture(t), nil)
	cmd := exec.Command(python, filepath.Join("testdata", "read_workbook.py"), filepath.Join(dir, FileWorkbook))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Skip("openpyxl not installed: apt-get install python3-openpyxl")
	}
	if err != nil {
		t.Fatalf("read_workbook.py: %v\n%s", err, stderr.String())
	}
	var got struct {
		Sheets   []string
		Formulas []string
		Data     map[string]struct {
			FreezePanes *string `json:"freeze_panes"`
			AutoFilter  *string `json:"auto_filter"`
			Rows        int
			Header      []any
			Types       []string
			First       []any
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("read_workbook.py output: %v\n%s", err, b)
	}
	if len(got.Formulas) > 0 {
		t.Errorf("openpyxl finds formulas in %q; want none", got.Formulas)
	}
	if len(got.Sheets) < 7 || got.Sheets[0] != "Summary" || got.Sheets[6] != "Timeline" {
		t.Errorf("sheets = %q", got.Sheets)
	}
	risky := got.Data["Risky sign-ins"]
	if risky.FreezePanes == nil || *risky.FreezePanes != "A2" || risky.AutoFilter == nil || strings.ReplaceAll(*risky.AutoFilter, "$", "") != "A1:N10" {
		t.Errorf("Risky sign-ins: freeze %v, filter %v; want A2 and A1:N10", deref(risky.FreezePanes), deref(risky.AutoFilter))
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

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
