package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Stage 7: record in the manifest. Every file a run saw gets a row of ingest_files: loaded
// (in the transaction that settles its rows), a duplicate of a file loaded before, or
// rejected with the reason a user reads, "path:line: reason"; a file's rejected records
// go to ingest_rejects.

// manifest records one file; with loadID, the span of the times of the rows it added.
func (l *loader) manifest(ctx context.Context, db execer, f inputFile, res *FileResult, loadID *int64) error {
	var span timeSpan
	if loadID != nil && res.Table != "" {
		if col := tables[res.Table].dated(); col != "" {
			q := fmt.Sprintf(`SELECT min(%s), max(%s) FROM %s WHERE load_id = $1`, col, col, res.Table)
			if err := db.QueryRowContext(ctx, q, *loadID).Scan(&span.min, &span.max); err != nil {
				return err
			}
		}
	}
	return l.manifestRows(ctx, db, []manifestRow{{f, res, loadID, span}})
}

// manifestRows records files in the manifest, and their rejected records, in a few
// statements however many files there are.
func (l *loader) manifestRows(ctx context.Context, db execer, rows []manifestRow) error {
	now := l.opts.Now().UTC()
	const per = 200
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var q strings.Builder
		q.WriteString(`INSERT INTO ingest_files (path, sha256, size, mtime, format, target_table, status, reason,
		rows_read, rows_added, rows_duplicate, rows_rejected, min_time, max_time, load_id, run_id, ingested_at, date_order) VALUES `)
		var args []any
		for i, m := range chunk {
			res := m.res
			res.MinTime, res.MaxTime = m.span.min.Time, m.span.max.Time
			// A file that added nothing, whose content was loaded under another name.
			if res.Status == "loaded" && res.Added == 0 && res.Read > 0 && res.SHA256 != "" && l.known != nil {
				if other, ok := l.known.sums[res.SHA256]; ok && other.path != m.f.path {
					res.Status = "duplicate_file"
					res.Reason = "same content as " + other.path
				}
			}
			if i > 0 {
				q.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12, n+13, n+14, n+15, n+16, n+17, n+18)
			args = append(args, m.f.path, res.SHA256, m.f.size, m.f.mtime, nullString(res.Format), nullString(res.Table), res.Status,
				nullString(res.Reason), res.Read, res.Added, res.Duplicates, res.Rejected, m.span.min, m.span.max, m.loadID, l.opts.RunID, now,
				nullString(res.DateOrder))
		}
		if _, err := db.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	for _, m := range rows {
		for i, r := range m.res.Rejects {
			if i >= maxRejectsKept {
				break
			}
			var line any
			if r.Line > 0 {
				line = r.Line
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO ingest_rejects (path, sha256, line, record_id, reason, run_id, ingested_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.f.path, m.res.SHA256, line, nullString(r.ID), r.Reason, l.opts.RunID, now); err != nil {
				return err
			}
		}
	}
	return nil
}

type manifestRow struct {
	f      inputFile
	res    *FileResult
	loadID *int64
	span   timeSpan
}

// timeSpan is the first and last time of a file's rows.
type timeSpan struct{ min, max sql.NullTime }

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// rejectFile records a file that could not be loaded.
func (l *loader) rejectFile(ctx context.Context, f inputFile, res *FileResult, cause error) (*FileResult, error) {
	if res.SHA256 == "" {
		if sum, err := hashFile(f.path); err == nil {
			res.SHA256 = sum
		}
	}
	res.Status = "rejected"
	res.Reason = describe(f.path, cause)
	res.Added, res.Duplicates, res.Rejected = 0, 0, 0
	res.Rejects = nil
	return res, l.manifest(ctx, l.conn, f, res, nil)
}

// describe renders a load error as the reason a user reads: "path:line: reason".
func describe(path string, err error) string {
	var re *rejectError
	if errors.As(err, &re) {
		if re.line > 0 {
			return fmt.Sprintf("%s:%d: %s", path, re.line, re.reason)
		}
		return fmt.Sprintf("%s: %s", path, re.reason)
	}
	var le *lineError
	if errors.As(err, &le) {
		return fmt.Sprintf("%s:%d: %s", path, le.line, le.reason)
	}
	return fmt.Sprintf("%s: %v", path, err)
}

// maxRejectsKept bounds how many rejected records of one file are kept in the store.
const maxRejectsKept = 1000

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
