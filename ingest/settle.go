package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// Stage 6: remove repeats and settle. A load's rows are committed as they were inserted;
// a second transaction then removes the rows whose id the table now holds twice (dedupe)
// and records the files in the manifest (stage 7), so that the manifest and the rows
// settle together.

// settle finishes a load whose rows ld.tx holds: it commits them, then removes repeats and
// records the files (record, given how many of the load's rows the table keeps) in a second
// transaction.
// Deleting rows its own transaction wrote makes DuckDB write the rest again at commit and
// checkpoint (seconds for a large load); deleting committed rows costs next to nothing. In
// between, ingest_inflight names the load: a store opened for writing after a crash there
// removes its rows (store.Open), so the files load again and no record is stored twice.
func (l *loader) settle(ctx context.Context, ld *load, table string, record func(tx *sql.Tx, added int64) error) (err error) {
	if err := ld.tx.Commit(); err != nil {
		return err
	}
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return l.undo(ld, err)
	}
	defer tx.Rollback()
	added, err := dedupe(ctx, tx, table, ld.id, ld.inserted)
	if err == nil {
		err = record(tx, added)
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `DELETE FROM ingest_inflight WHERE load_id = $1`, ld.id)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return l.undo(ld, err)
	}
	return nil
}

// undo removes the committed rows of a load that could not be settled (the only load in
// flight: one process writes a store), and returns cause.
func (l *loader) undo(ld *load, cause error) error {
	// even when the run was cancelled
	if err := store.DropUnfinishedLoads(context.Background(), l.conn); err != nil {
		// The store will do it when next opened for writing.
		l.opts.Logger.Warn("could not remove the rows of an unfinished load", "load_id", ld.id, "error", err.Error())
	}
	return cause
}

// finishBatch checks a batch's rows file by file against what was read (check says, for
// file i with inserted rows, how many records were read, how many the normalizer dropped
// as repeats, and whether the rows account for every record), then dedupes, records the
// files in the manifest and commits. It returns nil results (the caller rolls back) when
// the files must be loaded one by one.
func (l *loader) finishBatch(ctx context.Context, ld *load, items []pending, format, table string, start time.Time,
	check func(i int, inserted int64) (read, dups int64, ok bool)) ([]*FileResult, error) {
	inserted, spans, err := rowsByFile(ctx, ld.tx, table, ld.id)
	if err != nil {
		return nil, err
	}
	ld.inserted = 0
	for _, n := range inserted {
		ld.inserted += n
	}
	reads := make([]int64, len(items))
	dups := make([]int64, len(items))
	for i, it := range items {
		var ok bool
		reads[i], dups[i], ok = check(i, inserted[it.f.path])
		if !ok {
			l.opts.Logger.Debug("batch does not add up: loading its files one by one", "path", it.f.path, "rows", inserted[it.f.path])
			return nil, nil
		}
	}
	tInserted := time.Now()
	results := make([]*FileResult, len(items))
	err = l.settle(ctx, ld, table, func(tx *sql.Tx, added int64) error {
		kept := inserted // when no row repeated a stored one
		if added != ld.inserted {
			var err error
			if kept, spans, err = rowsByFile(ctx, tx, table, ld.id); err != nil {
				return err
			}
		}
		rows := make([]manifestRow, len(items))
		for i, it := range items {
			p := it.f.path
			res := &FileResult{Path: p, Size: it.f.size, SHA256: it.sum, Format: format, Table: table, Status: "loaded",
				Read: reads[i], Added: kept[p], Duplicates: dups[i] + inserted[p] - kept[p]}
			results[i] = res
			rows[i] = manifestRow{it.f, res, &ld.id, spans[p]}
		}
		return l.manifestRows(ctx, tx, rows)
	})
	if err != nil {
		return nil, err
	}
	l.opts.Logger.Debug("batch loaded", "files", len(items), "first", items[0].f.path, "elapsed", time.Since(start),
		"insert", tInserted.Sub(start), "settle", time.Since(tInserted))
	return results, nil
}

// dedupe removes, after a load, the rows whose id the table now holds twice: it keeps the
// row from the fullest format, then the oldest (by load, then by file: the files of one load
// are read in parallel, in no set order); for tables a later export may update, it keeps the
// newest version instead. It returns how many of the load's rows the table keeps (a row that
// replaced one from a less full format counts as kept, not as a repeat): all it inserted,
// when nothing was removed.
func dedupe(ctx context.Context, tx *sql.Tx, table string, loadID, inserted int64) (int64, error) {
	info := tables[table]
	var window string // the condition on times that holds every row of the load
	order := formatRank + ", load_id, source_file, rowid"
	args := []any{loadID}
	switch {
	case info.newest != "":
		order = info.newest + " DESC NULLS LAST, load_id, source_file, rowid"
	case info.time != "":
		var lo, hi sql.NullTime
		q := fmt.Sprintf(`SELECT min(%[1]s), max(%[1]s) FROM %[2]s WHERE load_id = $1`, info.time, table)
		if err := tx.QueryRowContext(ctx, q, loadID).Scan(&lo, &hi); err != nil {
			return 0, err
		}
		if !lo.Valid {
			return 0, nil
		}
		// The same record exported twice carries the same time, give or take the
		// precision of the export: a day either side is ample.
		window = fmt.Sprintf("%s BETWEEN $2 AND $3", info.time)
		args = append(args, lo.Time.Add(-24*time.Hour), hi.Time.Add(24*time.Hour))
	}
	// Most loads repeat nothing: finding that out takes a hash aggregate, cheaper than the
	// window that picks which rows to keep (and cheaper without first picking the ids of
	// the load: the window of times holds all of its rows; 405,645 sign-ins: 40-60 ms
	// against 80-100 ms).
	var repeated bool
	inWindow, andInWindow := "", ""
	if window != "" {
		inWindow, andInWindow = " WHERE "+window, " AND "+window
	}
	q := fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %[1]s%[2]s
		GROUP BY id HAVING count(*) > 1 AND bool_or(load_id = $1))`, table, inWindow)
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&repeated); err != nil {
		return 0, err
	}
	removed := repeated
	if repeated {
		q := fmt.Sprintf(`DELETE FROM %[1]s WHERE rowid IN (
	SELECT rowid FROM (
		SELECT rowid, row_number() OVER (PARTITION BY id ORDER BY %[2]s) AS rn
		FROM %[1]s
		WHERE id IN (SELECT id FROM %[1]s WHERE load_id = $1)%[3]s
	) WHERE rn > 1)`, table, order, andInWindow)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return 0, err
		}
	}
	if table == "directory_audits" && window != "" {
		// The portal's audit download has no record id (ingest makes one up), so the
		// same activity from another format is found by what identifies it: its
		// correlation id, activity, second and target. The other format's row stays.
		q := `DELETE FROM directory_audits WHERE rowid IN (
	SELECT p.rowid FROM directory_audits p JOIN directory_audits o
		ON o.correlation_id = p.correlation_id AND o.activity = p.activity
		AND date_trunc('second', o.activity_at) = date_trunc('second', p.activity_at)
		AND coalesce(o.target_id, '') = coalesce(p.target_id, '')
	WHERE p.source_format = 'portal_audit_csv' AND o.source_format <> 'portal_audit_csv'
		AND p.activity_at BETWEEN $2 AND $3 AND o.activity_at BETWEEN $2 AND $3
		AND (p.load_id = $1 OR o.load_id = $1))`
		r, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		if n, err := r.RowsAffected(); err != nil || n > 0 {
			removed = true
		}
	}
	if !removed {
		return inserted, nil // every row the load wrote stays
	}
	var kept int64
	err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE load_id = $1`, table), loadID).Scan(&kept)
	return kept, err
}

// formatRank orders the formats by how much of a record they carry: when the same record
// is loaded from two formats, the store keeps the fuller one.
const formatRank = `CASE
	WHEN source_format LIKE 'portal%' THEN 3
	WHEN source_format LIKE 'log_analytics%' THEN 2
	ELSE 1 END`

// rowsByFile counts a load's rows by file, with the span of their times.
func rowsByFile(ctx context.Context, tx *sql.Tx, table string, loadID int64) (map[string]int64, map[string]timeSpan, error) {
	col := tables[table].dated()
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT source_file, count(*), min(%[1]s), max(%[1]s) FROM %[2]s WHERE load_id = $1 GROUP BY source_file`, col, table), loadID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	counts := map[string]int64{}
	spans := map[string]timeSpan{}
	for rows.Next() {
		var p string
		var n int64
		var sp timeSpan
		if err := rows.Scan(&p, &n, &sp.min, &sp.max); err != nil {
			return nil, nil, err
		}
		counts[p] = n
		spans[p] = sp
	}
	return counts, spans, rows.Err()
}

// tableInfo says how a canonical table keeps one row per id.
type tableInfo struct {
	time   string // the row's time, bounding the search for repeats
	newest string // where a later export may update a record: keep the row newest by this
}

var tables = map[string]tableInfo{
	"signins":             {time: "created_at"},
	"directory_audits":    {time: "activity_at"},
	"unified_audit":       {time: "created_at"},
	"risk_detections":     {newest: "last_updated_at"},
	"risky_users":         {newest: "risk_last_updated_at"},
	"signin_auth_details": {},
}

// dated is the column a table's rows are dated by.
func (t tableInfo) dated() string {
	if t.time != "" {
		return t.time
	}
	return t.newest
}
