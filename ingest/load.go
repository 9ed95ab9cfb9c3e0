package ingest

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

// Stage 5: load. A file, or a batch of files of one shape, is loaded by one INSERT in one
// transaction (beginLoad), reading it where DuckDB can read it as it is (the fast path:
// read_json over the file, with the columns its fast plan names), else from temporary
// files of one record a line that the splitter or the normalizer writes (load_temp.go).
// The SQL that reads a file is load_sql.go's; a batch's own steps are load_batch.go's. A
// file the fast path cannot take whole is read again the slower ways: through the
// normalizer, then carefully (every nested field checked before DuckDB sees it).

// loader loads files, one transaction each, on one connection.
type loader struct {
	conn    *sql.Conn
	formats map[string]*format
	opts    Options
	reading atomic.Int64 // bytes of the current file read so far
	known   *knownFiles
	madeTmp string          // the temporary folder, when ingest created it
	swept   map[string]bool // temporary folders cleared of files an ingest killed left
	// stopWriteback stops asking the kernel to write the store's blocks (nil: not asked)
	stopWriteback func()
}

// openLoader takes a connection of db for the run's loads.
func openLoader(ctx context.Context, db *sql.DB, formats map[string]*format, opts Options) (*loader, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &loader{conn: conn, formats: formats, opts: opts}
	// Removing repeats deletes a few rows from row groups just written; DuckDB's checkpoint
	// would then merge those row groups and write them again (seconds for a large load).
	// Ingest leaves the few deleted rows as markers instead (a prune, which deletes many,
	// lets DuckDB merge).
	if _, err := conn.ExecContext(ctx, "SET max_vacuum_tasks = 0"); err != nil {
		conn.Close()
		return nil, err
	}
	var storePath sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT path FROM duckdb_databases() WHERE database_name = current_database()`).Scan(&storePath); err != nil {
		l.close()
		return nil, err
	}
	if storePath.Valid && storePath.String != "" && on("writeback") {
		l.stopWriteback = startWriteback(storePath.String)
	}
	return l, nil
}

// close gives the connection back, with DuckDB's settings as they were, and removes the
// temporary folder ingest made (if DuckDB left it empty: it may spill there too).
func (l *loader) close() {
	if l.stopWriteback != nil {
		l.stopWriteback()
	}
	l.conn.ExecContext(context.Background(), "RESET max_vacuum_tasks")
	if l.madeTmp != "" {
		os.Remove(l.madeTmp)
	}
	l.conn.Close()
}

// checkpoint folds the log into the store now, not at the next open.
func (l *loader) checkpoint(ctx context.Context) error {
	start := time.Now()
	if _, err := l.conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	l.opts.Logger.Debug("checkpointed", "elapsed", time.Since(start))
	return nil
}

func (l *loader) bytesNow() int64 { return l.reading.Load() }

// loadBatch loads a batch's files, together when the planner made a batch of them, else (or
// when they do not add up together) one by one, and yields each file's result once it is
// settled and in the manifest. An error (the store could not be written) ends it.
func (l *loader) loadBatch(ctx context.Context, b *batch) iter.Seq2[*FileResult, error] {
	return func(yield func(*FileResult, error) bool) {
		if len(b.items) > 1 {
			var results []*FileResult
			var err error
			if b.kind == directBatch {
				results, err = l.batch(ctx, b.items)
			} else {
				results, err = l.jsonBatch(ctx, b.items)
			}
			if err != nil {
				yield(nil, fmt.Errorf("ingest %s and %d more: %w", b.items[0].f.path, len(b.items)-1, err))
				return
			}
			if results != nil {
				for k, res := range results {
					l.remember(b.items[k].f, res)
					res.Elapsed = time.Since(b.started)
					if !yield(res, nil) {
						return
					}
				}
				return
			}
		}
		// One at a time: the batch did not add up, or there was no batch.
		start := b.started
		for _, it := range b.items {
			res, err := l.file(ctx, it)
			if err != nil {
				yield(nil, fmt.Errorf("ingest %s: %w", it.f.path, err))
				return
			}
			l.remember(it.f, res)
			res.Elapsed = time.Since(start)
			if !yield(res, nil) {
				return
			}
			start = time.Now()
		}
	}
}

// file loads one file and records it in the manifest. An error return means the store
// could not be written; a file that cannot be read is a result with status rejected.
func (l *loader) file(ctx context.Context, p pending) (*FileResult, error) {
	f := p.f
	l.reading.Store(0)
	res := &FileResult{Path: f.path, Size: f.size}
	if p.parquet {
		return l.parquetFile(ctx, f, res)
	}
	src, err := p.src, p.err
	if src == nil && err == nil {
		src, err = sniff(f.path, l.formats)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return l.rejectFile(ctx, f, res, err)
	}
	res.Format = src.name
	if src.format != nil {
		res.Table = src.format.table
	}
	if src.empty {
		sum, err := hashFile(f.path)
		if err != nil {
			return l.rejectFile(ctx, f, res, err)
		}
		res.SHA256 = sum
		res.Status = "loaded"
		return res, l.manifest(ctx, l.conn, f, res, nil)
	}
	m := normalMode
	if src.fast != nil {
		m = fastMode
	}
	err = l.attempt(ctx, src, f, res, m)
	var nk *newKeysError
	if errors.As(err, &nk) && ctx.Err() == nil {
		// Records past the sample carry keys the plan did not read: read the file again
		// with them, or through the normalizer when the plan cannot take them.
		if wider := widen(src.fast, nk.census); wider != nil {
			l.opts.Logger.Debug("records past the sample carry more keys: reading again", "path", f.path)
			src.fast = wider
			*res = FileResult{Path: res.Path, Size: res.Size, Format: res.Format, Table: res.Table}
			err = l.attempt(ctx, src, f, res, m)
		}
		if errors.As(err, &nk) {
			err = errRecount
		}
	}
	var se *splitError
	if err != nil && m == fastMode && (errors.Is(err, errRecount) || isDuckInputError(err) || errors.As(err, &se)) && ctx.Err() == nil {
		// The file is not as plain as its first records promised, or some records are
		// to be set aside: read it through the normalizer, which knows their lines.
		l.opts.Logger.Debug("reading again through the normalizer", "path", f.path, "reason", err.Error())
		m = normalMode
		*res = FileResult{Path: res.Path, Size: res.Size, Format: res.Format, Table: res.Table}
		err = l.attempt(ctx, src, f, res, m)
	}
	if err != nil && m == normalMode && !src.csv && isDuckInputError(err) && ctx.Err() == nil {
		// DuckDB refused a record (a repeated key, a nested field of the wrong type):
		// read the file again the careful way, which sets such records aside one by one.
		l.opts.Logger.Debug("reading again carefully", "path", f.path, "error", err.Error())
		src.spec.dedupeKeys = true
		*res = FileResult{Path: res.Path, Size: res.Size, Format: res.Format, Table: res.Table}
		err = l.attempt(ctx, src, f, res, carefulMode)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *rejectError
		var le *lineError
		if !errors.As(err, &re) && !errors.As(err, &le) && !isDuckInputError(err) {
			return nil, err
		}
		return l.rejectFile(ctx, f, res, err)
	}
	return res, nil
}

// attempt loads the file in one transaction and records it in the manifest; on any error
// the transaction is rolled back and nothing of the file remains.
func (l *loader) attempt(ctx context.Context, src *source, f inputFile, res *FileResult, m mode) error {
	// Row order inside a table means nothing here (every reader sorts), and keeping it
	// costs the insert a third of its speed; a format that numbers a CSV's records keeps
	// it (see load).
	ld, err := l.beginLoad(ctx, src.format.table, src.csv && src.format.ordered)
	if err != nil {
		return err
	}
	defer ld.tx.Rollback()
	if err := l.load(ctx, ld, src, f, res, m); err != nil {
		return err
	}
	start := time.Now()
	err = l.settle(ctx, ld, src.format.table, func(tx *sql.Tx, added int64) error {
		res.Duplicates += ld.inserted - added
		res.Added = added
		res.Status = "loaded"
		return l.manifest(ctx, tx, f, res, &ld.id)
	})
	l.opts.Logger.Debug("settled", "path", f.path, "elapsed", time.Since(start))
	return err
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
	if err == nil {
		// No culture dates decided unless the load decides them (a session variable
		// outlives the transaction that set it).
		_, err = tx.ExecContext(ctx, dateFormatsSQL(nil))
	}
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return ld, nil
}

// load is one file load's (or one batch's) transaction.
type load struct {
	tx *sql.Tx
	id int64 // the rows' load_id
	// inserted is how many rows the load wrote (some may repeat stored records): whoever
	// settles a load sets it first
	inserted int64
}

// load runs the file's insert inside tx and fills in res.
func (l *loader) load(ctx context.Context, ld *load, src *source, f inputFile, res *FileResult, m mode) error {
	careful := m == carefulMode
	tx, loadID := ld.tx, ld.id
	fm := src.format
	insert := func(srcCTE string) string {
		return fmt.Sprintf(`INSERT INTO %s BY NAME
WITH %s,
mapped AS (%s)
SELECT * EXCLUDE (_line, _file, _reject), $2 AS source_format, coalesce(_file, $3) AS source_file, $4 AS ingested_at, $5 AS load_id
FROM mapped WHERE _reject IS NULL`, fm.table, srcCTE, fm.selectSQL)
	}
	rejectsQuery := func(srcCTE string, careful bool) string {
		q := fmt.Sprintf(`WITH %s,
mapped AS (%s)
SELECT _line, CAST(id AS VARCHAR), _reject FROM mapped WHERE _reject IS NOT NULL`, srcCTE, fm.selectSQL)
		if careful {
			q += "\nUNION ALL SELECT _line, CAST(id AS VARCHAR), _src_reject FROM raw WHERE _src_reject IS NOT NULL"
		}
		return q + "\nORDER BY 1"
	}
	now := l.opts.Now().UTC()
	args := func(p any) []any { return []any{p, src.name, f.path, now, loadID} }

	started := time.Now()
	var inserted int64
	if src.csv {
		csrc, path, done, err := l.prepareCSV(ctx, tx, src, f, res)
		if err != nil {
			return err
		}
		defer done()
		hashDone := make(chan hashResult, 1)
		go func() { s, err := hashFile(f.path); hashDone <- hashResult{s, err} }()
		r, err := tx.ExecContext(ctx, insert("src AS ("+l.csvSource(csrc, fm.ordered)+")"), args(path)...)
		h := <-hashDone
		if err != nil {
			return fmt.Errorf("%w", err)
		}
		if h.err != nil {
			return h.err
		}
		res.SHA256 = h.sum
		inserted, _ = r.RowsAffected()
		// A CSV's record numbers come from the order DuckDB reads its rows in.
		if _, err := tx.ExecContext(ctx, "SET preserve_insertion_order = true"); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, rejectsQuery("src AS ("+l.csvSource(csrc, true)+")", false), path)
		if err != nil {
			return err
		}
		rejects, err := scanRejects(rows)
		if err != nil {
			return err
		}
		if len(rejects) > 0 {
			if err := csvLines(path, src.delim, rejects); err != nil {
				return err
			}
		}
		res.Rejects = rejects
		res.Rejected = int64(len(rejects))
		res.Read = inserted + res.Rejected
	} else if m == fastMode && src.fast.split {
		var records int64
		var sum string
		census := newKeyCensus(src.fast)
		err := l.chunked(ctx, 1, func(_ int, w io.Writer) error {
			return l.splitFile(src, 0, w, census, &records, &sum)
		}, func(paths []string) error {
			r, err := tx.ExecContext(ctx, insert(src.fast.source(false)), args(paths)...)
			if err == nil {
				inserted, _ = r.RowsAffected()
			}
			return err
		})
		if err != nil {
			return err
		}
		if census.found() {
			return &newKeysError{census}
		}
		res.SHA256 = sum
		if inserted != records {
			return fmt.Errorf("%w: %d rows from %d records", errRecount, inserted, records)
		}
		res.Read = inserted
	} else if m == fastMode {
		census := newKeyCensus(src.fast)
		hashDone := make(chan hashResult, 1)
		go func() {
			s, err := hashFileInto(f.path, census, &l.reading)
			census.end()
			hashDone <- hashResult{s, err}
		}()
		r, err := tx.ExecContext(ctx, insert(src.fast.source(false)), args(f.path)...)
		h := <-hashDone
		if err != nil {
			return err
		}
		if h.err != nil {
			return h.err
		}
		if census.found() {
			return &newKeysError{census}
		}
		res.SHA256 = h.sum
		inserted, _ = r.RowsAffected()
		if n := census.records(); inserted != n {
			return fmt.Errorf("%w: %d rows from %d lines", errRecount, inserted, n)
		}
		res.Read = inserted
	} else {
		srcSQL := l.jsonSource(src, careful)
		var nres normResult
		var sum string
		var rejects []Reject
		err := l.chunked(ctx, 1, func(_ int, w io.Writer) error {
			return l.normalizeFile(src, src.spec, w, &nres, &sum)
		}, func(paths []string) error {
			r, err := tx.ExecContext(ctx, insert(srcSQL), args(paths)...)
			if err != nil {
				return err
			}
			inserted, _ = r.RowsAffected()
			if inserted == int64(nres.records) {
				return nil
			}
			rows, err := tx.QueryContext(ctx, rejectsQuery(srcSQL, careful), paths)
			if err != nil {
				return err
			}
			rejects, err = scanRejects(rows)
			return err
		})
		if err != nil {
			return err
		}
		res.SHA256 = sum
		for _, b := range nres.bad {
			rejects = append(rejects, Reject{Line: int64(b.line), Reason: b.reason})
		}
		sortRejects(rejects)
		res.Rejects = rejects
		res.Rejected = int64(len(rejects))
		res.Read = int64(nres.records) + int64(len(nres.bad)) + int64(nres.duplicates)
		res.Duplicates = int64(nres.duplicates)
	}
	if inserted == 0 && res.Rejected > 0 {
		first := res.Rejects[0]
		return &rejectError{line: int(first.Line), reason: fmt.Sprintf("every record was set aside (%d); the first: %s", res.Rejected, first.Reason)}
	}
	ld.inserted = inserted
	l.opts.Logger.Debug("inserted", "path", f.path, "rows", inserted, "elapsed", time.Since(started))
	return nil
}

// mode is how a JSON file is read: straight into DuckDB, through the normalizer, or
// through the normalizer with every nested field checked before DuckDB sees it.
type mode int

const (
	fastMode mode = iota
	normalMode
	carefulMode
)

// errRecount means the fast path stored fewer rows than the file has lines.
var errRecount = errors.New("rows stored and lines read differ")

// isDuckInputError tells an error DuckDB raised about the file's content (which rejects
// the file) from one about the store (which stops the run).
func isDuckInputError(err error) bool {
	msg := err.Error()
	for _, s := range []string{"Invalid Input Error", "Conversion Error", "CSV Error", "JSON transform error", "Malformed JSON", "Parser Error: Error when sniffing"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// parquetFile loads a Parquet file that entrarisk export wrote (or any with exactly a
// canonical table's columns), keeping the provenance columns it carries.
func (l *loader) parquetFile(ctx context.Context, f inputFile, res *FileResult) (*FileResult, error) {
	res.Format = "parquet"
	rows, err := l.conn.QueryContext(ctx, `SELECT * FROM read_parquet($1, hive_partitioning = false) LIMIT 0`, f.path)
	if err != nil {
		return l.rejectFile(ctx, f, res, reject(0, "not a readable Parquet file: %v", firstLine(err.Error())))
	}
	cols, err := rows.Columns()
	rows.Close()
	if err != nil {
		return nil, err
	}
	table, err := store.TableOfColumns(ctx, l.conn, cols)
	if err != nil {
		return nil, err
	}
	if table == "" {
		return l.rejectFile(ctx, f, res, reject(0, "Parquet columns match no table of the store (entrarisk export writes ones that do)"))
	}
	res.Table = table
	stored, err := store.StoredColumns(ctx, l.conn, table)
	if err != nil {
		return nil, err
	}
	quoted := make([]string, len(stored))
	for i, c := range stored {
		quoted[i] = quoteIdent(c)
	}
	ld, err := l.beginLoad(ctx, table, false)
	if err != nil {
		return nil, err
	}
	defer ld.tx.Rollback()
	tx, loadID := ld.tx, ld.id
	hashDone := make(chan hashResult, 1)
	go func() { s, err := hashFile(f.path); hashDone <- hashResult{s, err} }()
	r, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s BY NAME SELECT %s, $2 AS load_id FROM read_parquet($1, hive_partitioning = false)`,
		table, strings.Join(quoted, ", ")), f.path, loadID)
	h := <-hashDone
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		_ = tx.Rollback()
		return l.rejectFile(ctx, f, res, reject(0, "%s", firstLine(err.Error())))
	}
	if h.err != nil {
		return nil, h.err
	}
	res.SHA256 = h.sum
	inserted, _ := r.RowsAffected()
	ld.inserted = inserted
	err = l.settle(ctx, ld, table, func(tx *sql.Tx, added int64) error {
		res.Read, res.Added, res.Duplicates, res.Status = inserted, added, inserted-added, "loaded"
		return l.manifest(ctx, tx, f, res, &ld.id)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func scanRejects(rows *sql.Rows) ([]Reject, error) {
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var line sql.NullInt64
		var id sql.NullString
		var reason string
		if err := rows.Scan(&line, &id, &reason); err != nil {
			return nil, err
		}
		out = append(out, Reject{Line: line.Int64, ID: id.String, Reason: reason})
	}
	return out, rows.Err()
}

func sortRejects(r []Reject) {
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j].Line < r[j-1].Line; j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
}

// csvLines turns the record numbers DuckDB gave the rejects (in _line) into the file's
// line numbers: a quoted cell may span several lines.
func csvLines(path string, delim rune, rejects []Reject) error {
	r, _, err := openInput(path)
	if err != nil {
		return err
	}
	defer r.Close()
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	want := map[int64][]int{}
	for i, rj := range rejects {
		want[rj.Line] = append(want[rj.Line], i)
	}
	if _, err := cr.Read(); err != nil { // the header
		return nil
	}
	for ord := int64(1); len(want) > 0; ord++ {
		line, _ := cr.FieldPos(0)
		if _, err := cr.Read(); err != nil {
			break
		}
		line, _ = cr.FieldPos(0)
		if idx, ok := want[ord]; ok {
			for _, i := range idx {
				rejects[i].Line = int64(line)
			}
			delete(want, ord)
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
