package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

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
	start := time.Now()
	// A record past the samples may carry keys the plan does not read: the census finds
	// them, and the batch is read again with them in the plan.
	for attempt := 0; ; attempt++ {
		ld, records, censuses, err := l.batchInsert(ctx, items, paths, plan)
		if err != nil {
			return nil, batchError(ctx, err)
		}
		defer ld.tx.Rollback() // a no-op once settled
		widened := plan
		if slices.ContainsFunc(censuses, (*keyCensus).found) {
			ld.tx.Rollback()
			if widened = widen(plan, censuses...); widened == nil || attempt > 0 {
				l.opts.Logger.Debug("records past the sample carry keys the plan cannot read: loading the files one by one", "first", paths[0])
				return nil, nil
			}
			l.opts.Logger.Debug("records past the sample carry more keys: reading the batch again", "first", paths[0], "keys", len(widened.unknown)-len(plan.unknown))
			plan = widened
			continue
		}
		return l.finishBatch(ctx, ld, items, src.name, fm.table, start, func(i int, inserted int64) (read, dups int64, ok bool) {
			return inserted, 0, inserted == records[i]
		})
	}
}

// batchInsert inserts the batch's records as plan reads them, in a load it leaves open,
// and says how many records each file holds and what keys the census of each found.
func (l *loader) batchInsert(ctx context.Context, items []pending, paths []string, plan *fastPlan) (*load, []int64, []*keyCensus, error) {
	src := items[0].src
	fm := src.format
	ld, err := l.beginLoad(ctx, fm.table, false)
	if err != nil {
		return nil, nil, nil, err
	}
	q := fmt.Sprintf(`INSERT INTO %s BY NAME
WITH %s,
mapped AS (%s)
SELECT * EXCLUDE (_line, _file, _reject), $2 AS source_format, _file AS source_file, $3 AS ingested_at, $4 AS load_id
FROM mapped WHERE _reject IS NULL`, fm.table, plan.source(true), fm.selectSQL)
	now := l.opts.Now().UTC()
	records := make([]int64, len(items))
	censuses := make([]*keyCensus, len(items))
	for i := range censuses {
		censuses[i] = newKeyCensus(plan)
	}
	if plan.split {
		sums := make([]string, len(items))
		err = l.chunked(ctx, len(items), func(i int, w io.Writer) error {
			return l.splitFile(items[i].src, int64(i)<<lineShift, w, censuses[i], &records[i], &sums[i])
		}, func(chunks []string) error {
			_, err := ld.tx.ExecContext(ctx, q, chunks, src.name, now, ld.id, paths)
			return err
		})
		for i := range items {
			items[i].sum = sums[i]
		}
	} else {
		hashed := make(chan error, 1)
		go func() {
			ws := make([]io.Writer, len(censuses))
			for i, c := range censuses {
				ws[i] = c
			}
			hashed <- hashFiles(paths, ws, &l.reading, func(i int, sum string) {
				censuses[i].end()
				items[i].sum = sum
			})
		}()
		_, err = ld.tx.ExecContext(ctx, q, paths, src.name, now, ld.id)
		if herr := <-hashed; herr != nil && err == nil {
			err = herr
		}
		for i, c := range censuses {
			records[i] = c.records()
		}
	}
	if err != nil {
		ld.tx.Rollback()
		return nil, nil, nil, err
	}
	return ld, records, censuses, nil
}

// batchError is what a failed batch statement means: nothing (load the files one by
// one) when a file's content caused it, the error otherwise.
func batchError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var le *lineError
	var se *splitError
	var re *rejectError
	if isDuckInputError(err) || errors.As(err, &le) || errors.As(err, &se) || errors.As(err, &re) || errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// load is one file load's (or one batch's) transaction.
type load struct {
	tx *sql.Tx
	id int64 // the rows' load_id
	// inserted is how many rows the load wrote (some may repeat stored records): whoever
	// settles a load sets it first
	inserted int64
}

// beginLoad opens a load's transaction: a load id, marked in flight, and whether DuckDB
// keeps the rows in the order it reads them.
func (l *loader) beginLoad(ctx context.Context, table string, ordered bool) (*load, error) {
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	ld := &load{tx: tx}
	err = tx.QueryRowContext(ctx, `SELECT nextval('load_seq')`).Scan(&ld.id)
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO ingest_inflight VALUES ($1, $2, $3)`, ld.id, table, l.opts.Now().UTC())
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, fmt.Sprintf("SET preserve_insertion_order = %t", ordered))
	}
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return ld, nil
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
	ld, err := l.beginLoad(ctx, fm.table, false)
	if err != nil {
		return nil, err
	}
	defer ld.tx.Rollback()
	srcCTE := "raw_" + l.jsonSource(src, false) + fmt.Sprintf(`,
src AS (SELECT * REPLACE (_line %% %[1]d AS _line, list_extract($6, CAST(_line // %[1]d AS INTEGER) + 1) AS _file) FROM raw_src)`, int64(1)<<lineShift)
	q := fmt.Sprintf(`INSERT INTO %s BY NAME
WITH %s,
mapped AS (%s)
SELECT * EXCLUDE (_line, _file, _reject), $2 AS source_format, coalesce(_file, $3) AS source_file, $4 AS ingested_at, $5 AS load_id
FROM mapped WHERE _reject IS NULL`, fm.table, srcCTE, fm.selectSQL)
	nres := make([]normResult, len(items))
	sums := make([]string, len(items))
	start := time.Now()
	now := l.opts.Now().UTC()
	err = l.chunked(ctx, len(items), func(i int, w io.Writer) error {
		return l.normalizeFile(srcs[i], specs[i], w, &nres[i], &sums[i])
	}, func(chunks []string) error {
		_, err := ld.tx.ExecContext(ctx, q, chunks, src.name, "", now, ld.id, paths)
		return err
	})
	if err != nil {
		return nil, batchError(ctx, err)
	}
	for i := range items {
		items[i].sum = sums[i]
	}
	return l.finishBatch(ctx, ld, items, src.name, fm.table, start, func(i int, inserted int64) (read, dups int64, ok bool) {
		n := nres[i]
		return int64(n.records + n.duplicates), int64(n.duplicates), len(n.bad) == 0 && inserted == int64(n.records)
	})
}
