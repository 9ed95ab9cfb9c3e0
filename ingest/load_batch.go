package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// Stage 5, for a batch: its files are read by one statement, and checked file by file
// against what was read before they settle together (finishBatch, settle.go).

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
