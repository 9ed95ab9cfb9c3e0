package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// pruneTables are the canonical tables Prune thins, each with the time that dates a row.
var pruneTables = [...]struct{ table, column string }{
	{"signins", "created_at"},
	{"directory_audits", "activity_at"},
	{"unified_audit", "created_at"},
	{"risk_detections", "detected_at"},
	{"signin_auth_details", "step_at"},
}

// Prune deletes, in one transaction, the canonical rows dated before before, and the
// detection_events rows whose event is gone, then checkpoints so the file can shrink. It
// returns the rows deleted per table. The ingest manifest (ingest_files, ingest_rejects)
// is history and stays whole: it is also what keeps ingest from loading the pruned files
// again. risky_users (the current state of each user), triage, and the analysis tables
// are left alone; the next analyze rebuilds the analysis tables from what is left.
// Rows without a date (signin_auth_details.step_at may be NULL) are kept.
func Prune(ctx context.Context, db *sql.DB, before time.Time) (map[string]int64, error) {
	if before.IsZero() {
		return nil, fmt.Errorf("prune: no cut-off time given")
	}
	before = before.UTC()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("prune: %w", err)
	}
	defer tx.Rollback()
	deleted := map[string]int64{}
	for _, t := range pruneTables {
		// The names come from the constant table above; the time is a bound parameter.
		res, err := tx.ExecContext(ctx, "DELETE FROM "+t.table+" WHERE "+t.column+" < $1", before)
		if err != nil {
			return nil, fmt.Errorf("prune %s: %w", t.table, err)
		}
		if deleted[t.table], err = res.RowsAffected(); err != nil {
			return nil, fmt.Errorf("prune %s: %w", t.table, err)
		}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM detection_events AS e
		WHERE (e.source_table = 'signins' AND NOT EXISTS (SELECT 1 FROM signins AS s WHERE s.id = e.event_id))
		   OR (e.source_table = 'directory_audits' AND NOT EXISTS (SELECT 1 FROM directory_audits AS s WHERE s.id = e.event_id))
		   OR (e.source_table = 'unified_audit' AND NOT EXISTS (SELECT 1 FROM unified_audit AS s WHERE s.id = e.event_id))
		   OR (e.source_table = 'risk_detections' AND NOT EXISTS (SELECT 1 FROM risk_detections AS s WHERE s.id = e.event_id))
		   OR (e.source_table = 'signin_auth_details' AND NOT EXISTS (SELECT 1 FROM signin_auth_details AS s WHERE s.id = e.event_id))`)
	if err != nil {
		return nil, fmt.Errorf("prune detection_events: %w", err)
	}
	if deleted["detection_events"], err = res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("prune detection_events: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("prune: commit: %w", err)
	}
	if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return deleted, fmt.Errorf("prune: checkpoint (the rows are deleted): %w", err)
	}
	return deleted, nil
}
