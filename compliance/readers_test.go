package compliance

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

// TestLibreOfficeOpensWorkbook converts compliance.xlsx with LibreOffice, to PDF and to one
// CSV per sheet, and checks what LibreOffice read: as a user's spreadsheet shows it.
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
	pdf, err := os.ReadFile(filepath.Join(out, "compliance.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	if pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); !bytes.HasPrefix(pdf, []byte("%PDF")) || pages < len(Sheets()) {
		t.Errorf("PDF has %d pages; want at least one per sheet (%d)", pages, len(Sheets()))
	}
	// Every sheet as CSV (the last token, -1, asks for every sheet).
	convert("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
	sheet := func(name string) [][]string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "compliance-"+name+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice did not export %s: %v", name, err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	roles := sheet(SheetPrivilegedRoles)
	if len(roles) != 4 || strings.Join(roles[3][:4], "|") != "2026-03-03 11:00:00|assigned|Global Administrator|svc-backup@contoso.com" {
		t.Errorf("LibreOffice shows Privileged roles as %q; want the Global Administrator assigned on row 4", roles)
	}
	found := false
	for _, r := range sheet(SheetSensitiveOperations) {
		for _, v := range r {
			if v == `=HYPERLINK("http://evil")` {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("LibreOffice does not show the hostile target as the text it was")
	}
	mfa := sheet(SheetMFACoverage)
	// LibreOffice writes a percentage with the decimals it holds, whatever the cell shows.
	if len(mfa) < 3 || mfa[2][0] != "alice@contoso.com" || !regexp.MustCompile(`^66\.[67]\d*%$`).MatchString(mfa[2][5]) {
		t.Errorf("LibreOffice shows MFA coverage row 3 as %q; want alice with 66.7%%", mfa[2])
	}
	summary := strings.Join(flatten(sheet(SheetSummary)), "|")
	for _, want := range []string{`Users never seen with MFA\|1\|25(\.0*)?%`, `Reported as fraud\|1\|12\.50*%`, `What these exports cannot tell`} {
		if !regexp.MustCompile(want).MatchString(summary) {
			t.Errorf("LibreOffice's Summary does not show %s", want)
		}
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// TestOpenpyxlReadsWorkbook reads compliance.xlsx with Python's openpyxl, an independent reader.
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
			Labels      map[string][]any
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("read_workbook.py output: %v\n%s", err, b)
	}
	if len(got.Formulas) > 0 {
		t.Errorf("openpyxl finds formulas in %q; want none", got.Formulas)
	}
	if strings.Join(got.Sheets[:7], ",") != "Summary,MFA coverage,Legacy authentication,Conditional Access,Sensitive operations,Privileged roles,MFA prompts" {
		t.Errorf("sheets = %q", got.Sheets)
	}
	for _, name := range Sheets()[1:7] {
		d := got.Data[name]
		freeze, filter := deref(d.FreezePanes), strings.ReplaceAll(deref(d.AutoFilter), "$", "")
		if freeze != "A2" || !strings.HasPrefix(filter, "A1:") {
			t.Errorf("%s: freeze %s, filter %s; want A2 and a filter from A1", name, freeze, filter)
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

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
