package compliance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/entrarisk/entrarisk/reports"
)

// The files of the compliance export set (CONTRACT.md).
const (
	FileWorkbook            = "compliance.xlsx"
	FileMFACoverage         = "mfa_coverage.csv"
	FileLegacyAuth          = "legacy_auth.csv"
	FileConditionalAccess   = "conditional_access.csv"
	FileSensitiveOperations = "sensitive_operations.csv"
	FilePrivilegedRoles     = "privileged_roles.csv"
	FileMFAPrompts          = "mfa_prompts.csv"
	FileManifest            = "manifest.json"
)

// The workbook's sheets, in their order: CONTRACT.md fixes the first seven.
const (
	SheetSummary             = "Summary"
	SheetMFACoverage         = "MFA coverage"
	SheetLegacyAuth          = "Legacy authentication"
	SheetConditionalAccess   = "Conditional Access"
	SheetSensitiveOperations = "Sensitive operations"
	SheetPrivilegedRoles     = "Privileged roles"
	SheetMFAPrompts          = "MFA prompts"
	SheetMFAByApp            = "MFA by app and client"
	SheetNoPolicy            = "No policy applied"
	SheetInputs              = "Inputs"
	SheetChartData           = "Chart data"
)

// Sheets lists the workbook's sheets in order.
func Sheets() []string {
	return []string{SheetSummary, SheetMFACoverage, SheetLegacyAuth, SheetConditionalAccess, SheetSensitiveOperations,
		SheetPrivilegedRoles, SheetMFAPrompts, SheetMFAByApp, SheetNoPolicy, SheetInputs, SheetChartData}
}

// Options configure one export.
type Options struct {
	Dir             string         // output folder (created 0700 if missing)
	Since, Until    time.Time      // the period, [Since, Until); zero = unbounded
	Location        *time.Location // display zone; nil = UTC
	ExcelCSV        bool           // a byte order mark on each CSV, for Excel
	Tenant          string         // shown on the Summary; empty = learned from the data
	PrivilegedRoles []string       // directory roles counted as privileged; empty = analyze.DefaultPrivilegedRoles()
	Now             func() time.Time
	Logger          *slog.Logger
	Version         string // entrarisk version, for the manifest
}

// Result says what an export wrote.
type Result struct {
	Dir       string
	Files     []reports.OutputFile // in the order written; manifest.json last
	Rows      map[string]int64     // data rows of each CSV, by file name
	Gaps      []string             // what the exports could not say (also on the Summary)
	Truncated []string             // sheets that hold only part of their rows (Excel's row limit)
}

// The bounds that stand for an open end of the period.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Write writes the compliance export set into opts.Dir: every file first under a
// temporary folder in it, renamed into place when all are done (manifest.json last).
func Write(ctx context.Context, db *sql.DB, opts Options) (*Result, error) {
	if opts.Dir == "" {
		return nil, errors.New("compliance: no output folder given")
	}
	if db == nil {
		return nil, errors.New("compliance: no store given")
	}
	if !opts.Since.IsZero() && !opts.Until.IsZero() && !opts.Until.After(opts.Since) {
		return nil, fmt.Errorf("compliance: the period ends (%s) before it starts (%s)",
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
	started := opts.Now()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("compliance: %w", err)
	}
	defer conn.Close()
	res, err := write(ctx, conn, opts, started)
	if cerr := cleanup(context.WithoutCancel(ctx), conn); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("compliance: %w", err)
	}
	opts.Logger.Info("compliance export written", "dir", opts.Dir, "files", len(res.Files),
		"seconds", opts.Now().Sub(started).Seconds())
	return res, nil
}

// write runs the stages on one connection, which holds the period's temporary tables.
func write(ctx context.Context, conn *sql.Conn, opts Options, started time.Time) (*Result, error) {
	p, err := prepare(ctx, conn, opts)
	if err != nil {
		return nil, err
	}
	src, err := survey(ctx, conn)
	if err != nil {
		return nil, err
	}
	fig, err := measure(ctx, conn)
	if err != nil {
		return nil, err
	}
	book, err := reports.NewBook(ctx, conn, reports.BookOptions{Dir: opts.Dir, Location: opts.Location,
		ExcelCSV: opts.ExcelCSV, Sheets: Sheets()})
	if err != nil {
		return nil, err
	}
	defer book.Close()
	res := &Result{Dir: opts.Dir, Rows: map[string]int64{}, Gaps: src.gaps(fig, p)}
	for _, t := range tables() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t0 := time.Now()
		n, err := book.Table(t)
		if err != nil {
			return nil, err
		}
		if t.File != "" {
			res.Rows[t.File] = n
		}
		opts.Logger.Debug("compliance sheet written", "sheet", t.Sheet, "rows", n, "seconds", time.Since(t0).Seconds())
	}
	in, err := readInputs(ctx, conn)
	if err != nil {
		return nil, err
	}
	if err := writeSummary(ctx, conn, book, summary{opts: opts, period: p, src: src, fig: fig, inputs: in, started: started, gaps: res.Gaps}); err != nil {
		return nil, err
	}
	if err := book.SaveWorkbook(FileWorkbook, &excelize.DocProperties{
		Title:   "Entra ID compliance export",
		Subject: "MFA coverage, legacy authentication, Conditional Access, sensitive operations, privileged roles and MFA prompts",
		Creator: "entrarisk " + opts.Version,
	}); err != nil {
		return nil, err
	}
	res.Truncated = book.Truncated()
	if err := writeManifest(book, manifestOf(opts, p, in, fig, res, started)); err != nil {
		return nil, err
	}
	if err := book.Commit(); err != nil {
		return nil, err
	}
	res.Files = book.Files()
	return res, nil
}
