// Package reports writes the report set of CONTRACT.md from the store: report.xlsx,
// flagged_users.csv, risky_signins.csv, detections.csv, audit_findings.csv,
// flagged_service_principals.csv, the reviewed-before-run remediation.ps1 and manifest.json.
//
// It reads only what analyze left in the store (detections, detection_events, user_risk,
// risky_signins, audit_findings, triage, analyze_runs) and the canonical tables behind
// them. Log text is attacker controlled: no worksheet cell is ever a formula, CSV fields
// are escaped as OWASP describes, and every log value in remediation.ps1 is a
// single-quoted PowerShell literal.
package reports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// The files of a report set.
const (
	FileWorkbook      = "report.xlsx"
	FileFlaggedUsers  = "flagged_users.csv"
	FileRiskySignins  = "risky_signins.csv"
	FileDetections    = "detections.csv"
	FileAuditFindings = "audit_findings.csv"
	FileRemediation   = "remediation.ps1"
	FileManifest      = "manifest.json"
)

// The workbook's sheets, in their order.
const (
	SheetSummary       = "Summary"
	SheetFlaggedUsers  = "Flagged users"
	SheetRiskySignins  = "Risky sign-ins"
	SheetDetections    = "Detections"
	SheetAuditFindings = "Audit findings"
	SheetRemediation   = "Remediation"
	SheetTimeline      = "Timeline"
	SheetInputs        = "Inputs"
	SheetRules         = "Rules"
	SheetChartData     = "Chart data"
)

func sheetOrder() []string {
	return []string{SheetSummary, SheetFlaggedUsers, SheetRiskySignins, SheetDetections, SheetAuditFindings,
		SheetRemediation, SheetTimeline, SheetFlaggedWorkloads, SheetInputs, SheetRules, SheetChartData}
}

// RuleInfo is what the report shows of a rule (from analyze.Rules()).
type RuleInfo struct {
	Title       string
	Severity    string
	Technique   string
	Remediation string
}

// Input is one file a run read, as the manifest lists it.
type Input struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Format string `json:"format"`
	Rows   int64  `json:"rows"` // rows added to the store
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Options configure one report.
type Options struct {
	Dir          string         // output folder (created 0700 if missing)
	Since, Until time.Time      // zero = unbounded; Since is inclusive, Until exclusive
	Location     *time.Location // display zone; nil = UTC
	ExcelCSV     bool           // BOM on the CSVs
	Tenant       string         // shown on the Summary; empty = learned from the data (the members' UPN domain)
	RuleInfo     map[string]RuleInfo
	Inputs       []Input // files this run read; empty = every file in ingest_files
	Now          func() time.Time
	Logger       *slog.Logger
	Version      string // entrarisk version for the manifest
}

// OutputFile is one file of the report set.
type OutputFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Rows   int64  `json:"rows"` // data rows (CSV: without the header; workbook: on every sheet; script: user blocks)
}

// Result says what a report wrote.
type Result struct {
	Dir           string
	Files         []OutputFile // in the order written; manifest.json last
	FlaggedUsers  int
	RiskySignins  int64
	Detections    int64
	AuditFindings int64
	Truncated     []string // sheets that held only part of their rows (Excel's row limit)

	FlaggedServicePrincipals int // workload identities in flagged_service_principals.csv
}

// Write writes the report set into opts.Dir. Every file is first written under a
// temporary folder inside Dir and renamed into place when the whole set is done
// (manifest.json last), so a reader never sees half a file.
func Write(ctx context.Context, db *sql.DB, opts Options) (*Result, error) {
	return write(ctx, db, opts, excelMaxRows)
}

// write is Write with the sheet row limit as a parameter, so tests can use a small one.
func write(ctx context.Context, db *sql.DB, opts Options, sheetLimit int) (*Result, error) {
	if opts.Dir == "" {
		return nil, errors.New("report: no output folder given")
	}
	if db == nil {
		return nil, errors.New("report: no store given")
	}
	if !opts.Since.IsZero() && !opts.Until.IsZero() && !opts.Until.After(opts.Since) {
		return nil, fmt.Errorf("report: the period ends (%s) before it starts (%s)",
			opts.Until.Format(time.RFC3339), opts.Since.Format(time.RFC3339))
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if sheetLimit < 3 {
		sheetLimit = 3 // a note, a header and a row
	}
	started := opts.Now()
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	tmp, err := os.MkdirTemp(opts.Dir, ".entrarisk-report-")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(tmp)

	r := &run{
		ctx: ctx, db: db, opts: opts, loc: opts.Location, tmp: tmp, limit: sheetLimit,
		lo: minTime, hi: maxTime, started: started,
		res: &Result{Dir: opts.Dir},
	}
	if !opts.Since.IsZero() {
		r.lo = opts.Since.UTC()
	}
	if !opts.Until.IsZero() {
		r.hi = opts.Until.UTC()
	}
	if err := r.writeAll(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if err := commitFiles(tmp, opts.Dir, r.res.Files); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	opts.Logger.Info("report written", "dir", opts.Dir, "flagged_users", r.res.FlaggedUsers,
		"risky_signins", r.res.RiskySignins, "detections", r.res.Detections, "audit_findings", r.res.AuditFindings,
		"seconds", opts.Now().Sub(started).Seconds())
	return r.res, nil
}

// minTime and maxTime stand for an open end of the period in SQL.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// run is the state of one report.
type run struct {
	ctx     context.Context
	db      *sql.DB
	opts    Options
	loc     *time.Location
	tmp     string
	limit   int
	lo, hi  time.Time // the period as bound parameters: [lo, hi)
	started time.Time
	res     *Result

	tenant     string
	data       dataRange
	inputs     []Input
	analysis   *analysisRun
	flagged    []*flaggedUser
	byUPN      map[string]*flaggedUser
	tenantWide []step
	flaggedSPs []*flaggedSP // workload identities

	f  *excelize.File
	st *styles
	// rows of the workbook, for links
	detRow    map[string]int // newest detection of a user on the Detections sheet
	sheetRows int64
}

func (r *run) writeAll() error {
	t0 := time.Now()
	if err := r.loadContext(); err != nil {
		return err
	}
	if err := r.loadFlagged(); err != nil {
		return err
	}
	if err := r.loadServicePrincipals(); err != nil {
		return err
	}
	r.res.FlaggedServicePrincipals = len(r.flaggedSPs)
	r.planFlaggedRows()
	r.opts.Logger.Debug("report loaded", "flagged_users", len(r.flagged), "seconds", time.Since(t0).Seconds())
	r.f = excelize.NewFile(excelize.Options{TmpDir: r.tmp})
	defer r.f.Close()
	if err := r.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	for _, name := range sheetOrder()[1:] {
		if _, err := r.f.NewSheet(name); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	st, err := newStyles(r.f)
	if err != nil {
		return err
	}
	r.st = st
	// Sheets whose rows others link to come first.
	steps := []struct {
		name string
		fn   func() error
	}{
		{SheetDetections, r.writeDetections},
		{SheetRiskySignins, r.writeRiskySignins},
		{SheetAuditFindings, r.writeAuditFindings},
		{SheetRemediation, r.writeRemediation},
		{SheetTimeline, r.writeTimeline},
		{SheetFlaggedWorkloads, r.writeServicePrincipals},
		{SheetFlaggedUsers, r.writeFlagged},
		{SheetInputs, r.writeInputs},
		{SheetRules, r.writeRules},
		{SheetSummary, r.writeSummary},
	}
	for _, s := range steps {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		if err := s.fn(); err != nil {
			return err
		}
		r.opts.Logger.Debug("report sheet written", "sheet", s.name, "seconds", time.Since(t0).Seconds())
	}
	t0 = time.Now()
	if err := r.saveWorkbook(); err != nil {
		return err
	}
	r.opts.Logger.Debug("report workbook saved", "seconds", time.Since(t0).Seconds())
	t0 = time.Now()
	if err := r.writeScript(); err != nil {
		return err
	}
	r.opts.Logger.Debug("report script written", "seconds", time.Since(t0).Seconds())
	return r.writeManifest()
}

// saveWorkbook writes report.xlsx.
func (r *run) saveWorkbook() error {
	// Summary is the first and active sheet already. (SetActiveSheet would read every
	// streamed sheet back into memory.)
	if err := r.f.SetDocProps(&excelize.DocProperties{
		Title:   "Entra ID sign-in risk report",
		Subject: "Risky sign-ins, detections and remediation",
		Creator: "entrarisk " + r.opts.Version,
	}); err != nil {
		return fmt.Errorf("workbook properties: %w", err)
	}
	return r.create(FileWorkbook, func(w io.Writer) (int64, error) {
		return r.sheetRows, r.f.Write(w)
	})
}

// create writes one output file (owner-only) in the temporary folder and records it.
func (r *run) create(name string, fill func(w io.Writer) (int64, error)) error {
	f, err := createFile(r.tmp, name, fill)
	if err != nil {
		return err
	}
	r.res.Files = append(r.res.Files, f)
	return nil
}

// createFile writes one output file, owner-only, into dir and says what it wrote: its
// size, sha256 and the rows fill reports.
func createFile(dir, name string, fill func(w io.Writer) (int64, error)) (out OutputFile, err error) {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return out, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", name, cerr)
		}
	}()
	rows, err := fill(cw)
	if err != nil {
		return out, fmt.Errorf("%s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return out, fmt.Errorf("%s: %w", name, err)
	}
	return OutputFile{Name: name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: cw.n, Rows: rows}, nil
}

// commitFiles moves the files written in tmp into dir, in the order written (a manifest
// last), then syncs the folder entry itself.
func commitFiles(tmp, dir string, files []OutputFile) error {
	for _, f := range files {
		if err := os.Rename(filepath.Join(tmp, f.Name), filepath.Join(dir, f.Name)); err != nil {
			return err
		}
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
