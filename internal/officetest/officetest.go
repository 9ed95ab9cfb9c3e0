// Package officetest opens the workbooks entrarisk writes the way their readers do, for the
// tests of the packages that write them: LibreOffice (a user's spreadsheet: to PDF and every
// sheet to CSV) and Python's openpyxl (an independent reader). Where either is missing the
// test is skipped with a note saying what to install (.ci/run installs both).
package officetest

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
	"runtime"
	"strings"
	"testing"
	"time"
)

// Converted is a workbook converted by LibreOffice: its PDF and one CSV per sheet.
type Converted struct {
	dir, base string
}

// LibreOffice converts the workbook at xlsx to PDF and to one CSV per sheet (as LibreOffice
// shows the cells), or skips the test when soffice is not installed.
func LibreOffice(t testing.TB, xlsx string) *Converted {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not found: install libreoffice-calc-nogui to run this test")
	}
	out := t.TempDir()
	profile := "file://" + filepath.Join(t.TempDir(), "profile")
	// The last token of the CSV filter, -1, asks for every sheet.
	for _, to := range []string{"pdf", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"} {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore",
			"--convert-to", to, "--outdir", out, xlsx)
		b, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, b)
		}
	}
	return &Converted{dir: out, base: strings.TrimSuffix(filepath.Base(xlsx), filepath.Ext(xlsx))}
}

// Pages is the number of pages of the PDF; it fails the test when there is no PDF.
func (c *Converted) Pages(t testing.TB) int {
	t.Helper()
	pdf, err := os.ReadFile(filepath.Join(c.dir, c.base+".pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

// Sheet is one sheet's cells as LibreOffice exported them.
func (c *Converted) Sheet(t testing.TB, name string) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, c.base+"-"+name+".csv"))
	if err != nil {
		t.Fatalf("LibreOffice did not export the sheet %s: %v", name, err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("sheet %s: %v", name, err)
	}
	return rows
}

// Workbook is what openpyxl read.
type Workbook struct {
	Sheets   []string
	Formulas []string // cells that hold a formula, as Sheet!A1
	Data     map[string]Sheet
}

// Sheet is what openpyxl read of one sheet.
type Sheet struct {
	FreezePanes *string `json:"freeze_panes"`
	AutoFilter  *string `json:"auto_filter"`
	Rows        int
	Header      []any            // the sheets asked for in detail
	Types       []string         // Python's type names of the first data row's cells
	First       []any            // the first data row, times in ISO form
	Labels      map[string][]any // the first sheet: the number and the share beside each label
}

// Freeze and Filter are the frozen cell and the filter's range ("A1:K5"), or "" for none.
func (s Sheet) Freeze() string { return deref(s.FreezePanes) }
func (s Sheet) Filter() string { return strings.ReplaceAll(deref(s.AutoFilter), "$", "") }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Openpyxl reads the workbook at xlsx with Python's openpyxl (/usr/bin/python3), with the
// header, types and first row of the sheets named, or skips the test where it is missing.
func Openpyxl(t testing.TB, xlsx string, detailed ...string) Workbook {
	t.Helper()
	const python = "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	_, here, _, _ := runtime.Caller(0)
	cmd := exec.Command(python, append([]string{filepath.Join(filepath.Dir(here), "read_workbook.py"), xlsx}, detailed...)...)
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
	var wb Workbook
	if err := json.Unmarshal(b, &wb); err != nil {
		t.Fatalf("read_workbook.py output: %v\n%s", err, b)
	}
	return wb
}
