package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"
)

// Many small files of one shape (Azure Monitor's hourly PT1H.json blobs) would each cost a
// statement's planning, which outweighs reading them. Consecutive files that take the fast
// path with the same plan are loaded by one statement in one transaction; if any of them
// does not add up (a record set aside, a line count that differs) or DuckDB refuses one,
// the transaction is rolled back and each is loaded alone, so a file still loads whole or
// not at all, and a bad one is named on its own.

const (
	batchFileMax  = 1 << 30 // larger files load alone
	batchMaxFiles = 20000   // files a batch
	batchMaxBytes = 4 << 30 // bytes a batch
)

// pending is a file sniffed and waiting to load.
type pending struct {
	f   inputFile
	src *source
}

// batchable tells whether a sniffed file may join a batch.
func batchable(f inputFile, src *source) bool {
	return src != nil && src.fast != nil && f.size < batchFileMax
}

// batchKey is the same for files one statement can load together: their plans differ at
// most in the keys their samples showed, and the batch reads the union of those.
func batchKey(src *source) string { return fmt.Sprintf("%s\x00%t", src.name, src.fast.hoist) }

// batch loads items in one transaction. It returns nil results and no error when the
// files must be loaded one at a time instead.
func (l *loader) batch(ctx context.Context, items []pending) ([]*FileResult, error) {
	src := items[0].src
	fm := src.format
	paths := make([]string, len(items))
	plans := make([]*fastPlan, len(items))
	for i, it := range items {
		paths[i] = it.f.path
		plans[i] = it.src.fast
	}
	plan := mergePlans(plans)
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var loadID int64
	if err := tx.QueryRowContext(ctx, `SELECT nextval('load_seq')`).Scan(&loadID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
		return nil, err
	}
	before, err := tableRows(ctx, tx, fm.table)
	if err != nil {
		return nil, err
	}
	counts := make([]lineCount, len(items))
	sums := make([]string, len(items))
	hashed := make(chan error, 1)
	go func() {
		for i, p := range paths {
			s, err := hashFileInto(p, &counts[i], &l.reading)
			if err != nil {
				hashed <- err
				return
			}
			sums[i] = s
		}
		hashed <- nil
	}()
	now := l.opts.Now().UTC()
	q := fmt.Sprintf(`INSERT INTO %s BY NAME
WITH %s,
mapped AS (%s)
SELECT * EXCLUDE (_line, _file, _reject), $2 AS source_format, _file AS source_file, $3 AS ingested_at, $4 AS load_id
FROM mapped WHERE _reject IS NULL`, fm.table, plan.source(true), fm.selectSQL)
	_, err = tx.ExecContext(ctx, q, paths, src.name, now, loadID)
	if herr := <-hashed; herr != nil && err == nil {
		err = herr
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if isDuckInputError(err) || errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	tInsert := time.Now()
	inserted, _, err := rowsByFile(ctx, tx, fm.table, loadID)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		if inserted[p] != counts[i].records() {
			l.opts.Logger.Debug("batch does not add up: loading its files one by one", "path", p,
				"rows", inserted[p], "lines", counts[i].records())
			return nil, nil
		}
	}
	tCount := time.Now()
	if _, err := dedupe(ctx, tx, fm.table, loadID, before); err != nil {
		return nil, err
	}
	tDedupe := time.Now()
	kept, spans, err := rowsByFile(ctx, tx, fm.table, loadID)
	if err != nil {
		return nil, err
	}
	results := make([]*FileResult, len(items))
	rows := make([]manifestRow, len(items))
	for i, it := range items {
		res := &FileResult{Path: it.f.path, Size: it.f.size, SHA256: sums[i], Format: src.name, Table: fm.table, Status: "loaded",
			Read: inserted[paths[i]], Added: kept[paths[i]], Duplicates: inserted[paths[i]] - kept[paths[i]]}
		results[i] = res
		rows[i] = manifestRow{it.f, res, &loadID, spans[paths[i]]}
	}
	if err := l.manifestRows(ctx, tx, rows); err != nil {
		return nil, err
	}
	tManifest := time.Now()
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	l.opts.Logger.Debug("batch loaded", "files", len(items), "first", paths[0], "elapsed", time.Since(now),
		"insert", tInsert.Sub(now), "count", tCount.Sub(tInsert), "dedupe", tDedupe.Sub(tCount), "manifest", tManifest.Sub(tDedupe), "commit", time.Since(tManifest))
	return results, nil
}

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

// Files that go through the normalizer batch too: their records share one stream of
// chunks, each record's _line carrying its file's place in the batch above lineShift.
const lineShift = 32

// normBatchable tells whether a sniffed file may join a batch of normalized files.
func normBatchable(src *source) bool {
	return src != nil && src.fast == nil && !src.csv && !src.empty && src.format != nil
}

// normBatchKey is the same for files one statement can load together.
func normBatchKey(src *source) string {
	return fmt.Sprintf("%s\x00%t\x00%s\x00%s", src.name, src.flat, src.spec.wrap, src.spec.hoist)
}

// jsonBatch loads files through the normalizer in one transaction. Like batch, it returns
// nil results and no error when the files must be loaded one at a time instead.
func (l *loader) jsonBatch(ctx context.Context, items []pending) ([]*FileResult, error) {
	src := items[0].src
	fm := src.format
	paths := make([]string, len(items))
	srcs := make([]*source, len(items))
	specs := make([]normSpec, len(items))
	for i, it := range items {
		paths[i] = it.f.path
		srcs[i] = it.src
		specs[i] = it.src.spec
		specs[i].lineBase = int64(i) << lineShift
	}
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var loadID int64
	if err := tx.QueryRowContext(ctx, `SELECT nextval('load_seq')`).Scan(&loadID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
		return nil, err
	}
	before, err := tableRows(ctx, tx, fm.table)
	if err != nil {
		return nil, err
	}
	inner := l.jsonSource(src, false)
	srcCTE := "raw_" + inner + fmt.Sprintf(`,
src AS (SELECT * REPLACE (_line %% %[1]d AS _line, list_extract($6, CAST(_line // %[1]d AS INTEGER) + 1) AS _file) FROM raw_src)`, int64(1)<<lineShift)
	now := l.opts.Now().UTC()
	q := fmt.Sprintf(`INSERT INTO %s BY NAME
WITH %s,
mapped AS (%s)
SELECT * EXCLUDE (_line, _file, _reject), $2 AS source_format, coalesce(_file, $3) AS source_file, $4 AS ingested_at, $5 AS load_id
FROM mapped WHERE _reject IS NULL`, fm.table, srcCTE, fm.selectSQL)
	nres := make([]normResult, len(items))
	sums := make([]string, len(items))
	start := time.Now()
	err = l.viaPipeMulti(ctx, srcs, specs, func(p string) error {
		_, err := tx.ExecContext(ctx, q, p, src.name, "", now, loadID, paths)
		return err
	}, nres, sums)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var le *lineError
		if isDuckInputError(err) || errors.As(err, &le) || errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	inserted, _, err := rowsByFile(ctx, tx, fm.table, loadID)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		if len(nres[i].bad) > 0 || inserted[p] != int64(nres[i].records) {
			l.opts.Logger.Debug("batch does not add up: loading its files one by one", "path", p,
				"rows", inserted[p], "records", nres[i].records, "unreadable lines", len(nres[i].bad))
			return nil, nil
		}
	}
	if _, err := dedupe(ctx, tx, fm.table, loadID, before); err != nil {
		return nil, err
	}
	kept, spans, err := rowsByFile(ctx, tx, fm.table, loadID)
	if err != nil {
		return nil, err
	}
	results := make([]*FileResult, len(items))
	rows := make([]manifestRow, len(items))
	for i, it := range items {
		n := nres[i]
		res := &FileResult{Path: it.f.path, Size: it.f.size, SHA256: sums[i], Format: src.name, Table: fm.table, Status: "loaded",
			Read: int64(n.records + n.duplicates), Added: kept[paths[i]], Duplicates: int64(n.duplicates) + inserted[paths[i]] - kept[paths[i]]}
		results[i] = res
		rows[i] = manifestRow{it.f, res, &loadID, spans[paths[i]]}
	}
	if err := l.manifestRows(ctx, tx, rows); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	l.opts.Logger.Debug("batch loaded", "files", len(items), "first", paths[0], "elapsed", time.Since(start))
	return results, nil
}
