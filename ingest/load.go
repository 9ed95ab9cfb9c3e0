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
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/entrarisk/entrarisk/store"
)

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

func (l *loader) bytesNow() int64 { return l.reading.Load() }

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
		hashDone := make(chan hashResult, 1)
		go func() { s, err := hashFile(f.path); hashDone <- hashResult{s, err} }()
		r, err := tx.ExecContext(ctx, insert("src AS ("+l.csvSource(src, fm.ordered)+")"), args(f.path)...)
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
		rows, err := tx.QueryContext(ctx, rejectsQuery("src AS ("+l.csvSource(src, true)+")", false), f.path)
		if err != nil {
			return err
		}
		rejects, err := scanRejects(rows)
		if err != nil {
			return err
		}
		if len(rejects) > 0 {
			if err := csvLines(f.path, src.delim, rejects); err != nil {
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

func (e *newKeysError) Error() string {
	return fmt.Sprintf("records carry keys the first ones did not: %d new", len(e.census.newTop)+len(e.census.newInner))
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

// jsonSource is the SQL defining src (one or more CTEs) for a JSON file that the
// normalizer feeds through $1. In the careful form, nested fields are read as JSON and
// turned into structs only when they are objects (lists only when arrays), and a record
// whose field has another type is set aside with the reason in raw._src_reject.
func (l *loader) jsonSource(src *source, careful bool) string {
	fm := src.format
	cols := map[string]string{"_line": "BIGINT", "_extra": "JSON"}
	var sel []string
	hint := quoteString(src.hint) + " AS _hint"
	nested := false
	var checks []string
	switch {
	case src.spec.wrap != "":
		cols = map[string]string{"_line": "BIGINT", src.spec.wrap: "JSON"}
		sel = append(sel, "_line", "NULL::VARCHAR AS _file", "NULL::JSON AS _extra", "CAST("+quoteIdent(src.spec.wrap)+" AS VARCHAR) AS "+quoteIdent(src.spec.wrap), hint)
		for _, c := range fm.columns {
			if c.alias != src.spec.wrap {
				sel = append(sel, "NULL::VARCHAR AS "+quoteIdent(c.alias))
			}
		}
	case src.flat:
		sel = append(sel, "_line", "NULL::VARCHAR AS _file", "_extra", hint)
		for _, c := range fm.columns {
			var parts []string
			seen := map[string]bool{}
			for _, n := range c.names {
				k := jsonKey(n)
				if seen[k] {
					continue
				}
				seen[k] = true
				cols[k] = "VARCHAR"
				parts = append(parts, "er_text("+quoteIdent(k)+")")
			}
			sel = append(sel, coalesceOf(parts)+" AS "+quoteIdent(c.alias))
		}
	case careful:
		nested = true
		sel = append(sel, "_line", "NULL::VARCHAR AS _file", "_extra", hint)
		for _, n := range fm.fieldTree().children {
			name := quoteIdent(n.name)
			if n.json {
				cols[n.name] = "JSON"
				sel = append(sel, name)
				continue
			}
			if len(n.children) == 0 && !n.list {
				cols[n.name] = "VARCHAR"
				sel = append(sel, name)
				continue
			}
			cols[n.name] = "JSON"
			want := "OBJECT"
			if n.list {
				want = "ARRAY"
			}
			sel = append(sel, fmt.Sprintf("CASE WHEN json_type(%s) = '%s' THEN from_json(%s, %s) END AS %s",
				name, want, name, quoteString(n.jsonStructure()), name))
			checks = append(checks, fmt.Sprintf("WHEN %s IS NOT NULL AND json_type(%s) NOT IN ('%s', 'NULL') THEN %s || ' is ' || %s || ', not %s'",
				name, name, want, quoteString(n.name), jsonTypeWords(name), map[bool]string{true: "a list", false: "an object"}[n.list]))
		}
	default:
		for k, v := range fm.structSpec() {
			cols[k] = v
		}
		sel = append(sel, "*", "NULL::VARCHAR AS _file", hint)
	}
	read := fmt.Sprintf("read_json($1, format='newline_delimited', maximum_object_size=33554432, columns=%s)", columnsLiteral(cols))
	if !nested {
		return fmt.Sprintf("src AS (SELECT %s FROM %s)", strings.Join(sel, ", "), read)
	}
	srcReject := "NULL::VARCHAR"
	if len(checks) > 0 {
		srcReject = "CASE " + strings.Join(checks, " ") + " END"
	}
	// The checks read the fields as JSON, before they become structs.
	return fmt.Sprintf("raw AS (SELECT %s, _src_reject FROM (SELECT *, %s AS _src_reject FROM %s)),\nsrc AS (SELECT * EXCLUDE (_src_reject) FROM raw WHERE _src_reject IS NULL)",
		strings.Join(sel, ", "), srcReject, read)
}

// jsonTypeWords names the JSON type of a value in words.
func jsonTypeWords(col string) string {
	return fmt.Sprintf("CASE json_type(%s) WHEN 'OBJECT' THEN 'an object' WHEN 'ARRAY' THEN 'a list' WHEN 'VARCHAR' THEN 'text' WHEN 'BOOLEAN' THEN 'true or false' ELSE 'a number' END", col)
}

func coalesceOf(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return "coalesce(" + strings.Join(parts, ", ") + ")"
}

// csvSource is the SQL of src for a CSV file at $1; numbered, its rows carry their
// record numbers in _line (which costs DuckDB its parallel read).
func (l *loader) csvSource(src *source, numbered bool) string {
	fm := src.format
	cols := map[string]string{}
	names := make([]string, len(src.header))
	byHeader := map[string][]int{}
	for i, h := range src.header {
		names[i] = fmt.Sprintf("c%03d", i)
		cols[names[i]] = "VARCHAR"
		byHeader[normHeader(h)] = append(byHeader[normHeader(h)], i)
	}
	used := map[int]bool{}
	line := "NULL::BIGINT AS _line"
	if numbered {
		line = "row_number() OVER () AS _line"
	}
	sel := []string{line, "NULL::VARCHAR AS _file", quoteString(src.hint) + " AS _hint"}
	hasWrap := false
	for _, c := range fm.columns {
		var parts []string
		for _, n := range c.names {
			for _, i := range byHeader[normHeader(n)] {
				if !used[i] {
					used[i] = true
					parts = append(parts, "er_text("+names[i]+")")
				}
			}
		}
		if c.alias == fm.wrap && len(parts) > 0 {
			hasWrap = true
		}
		if len(parts) == 0 {
			sel = append(sel, "NULL::VARCHAR AS "+quoteIdent(c.alias))
			continue
		}
		sel = append(sel, coalesceOf(parts)+" AS "+quoteIdent(c.alias))
	}
	// The columns no alias reads go to _extra; a wrap format whose file has no column for
	// the whole record (Log Analytics' OfficeActivity) gets every column as one object.
	var entries []string
	for i, h := range src.header {
		if fm.wrap != "" && !hasWrap || !used[i] {
			key := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), " [UTC]"))
			entries = append(entries, fmt.Sprintf("{'k': %s, 'v': %s}", quoteString(key), names[i]))
		}
	}
	obj := "NULL::JSON"
	if len(entries) > 0 {
		obj = "to_json(map_from_entries(list_filter([" + strings.Join(entries, ", ") + "], e -> e.v IS NOT NULL AND e.v <> '')))"
	}
	if fm.wrap != "" && !hasWrap {
		sel = append(sel, "CAST("+obj+" AS VARCHAR) AS "+quoteIdent(fm.wrap), "NULL::JSON AS _extra")
	} else {
		sel = append(sel, obj+" AS _extra")
	}
	compression := "'none'"
	if src.gz {
		compression = "'gzip'"
	}
	return fmt.Sprintf("SELECT %s FROM read_csv($1, header=true, auto_detect=false, delim=%s, quote='\"', escape='\"', columns=%s, max_line_size=8388608, compression=%s)",
		strings.Join(sel, ", "), quoteString(string(src.delim)), columnsLiteral(cols), compression)
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

// chunked writes what produce makes of items 0..n-1 (one record a line) into temporary
// files, on as many goroutines as there are cores, then calls use once with every file's
// path, and removes them. DuckDB reads the files of one statement on every core, and one
// statement per transaction keeps its fast path of writing whole row groups straight to
// the store (a second statement in the same transaction costs more than the first). The
// files take about as much disk as the input: they go to the temporary folder, not to
// memory.
func (l *loader) chunked(ctx context.Context, n int, produce func(i int, w io.Writer) error, use func(paths []string) error) error {
	dir := l.opts.TempDir
	if dir == "" {
		dir = l.opts.SpillDir
		if dir == "" {
			dir = os.TempDir()
		}
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("temporary folder: %w", err)
		}
		l.madeTmp = dir
	} else if !l.swept[dir] {
		sweepStale(dir)
	}
	if l.swept == nil {
		l.swept = map[string]bool{}
	}
	l.swept[dir] = true
	l.reading.Store(0)
	started := time.Now()
	workers := min(n, runtime.GOMAXPROCS(0))
	sinks := make([]*chunkSink, workers)
	errs := make([]error, workers)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for k := range sinks {
		sink := newChunkSink(dir, chunkBytes)
		sinks[k] = sink
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					break
				}
				if err := ctx.Err(); err != nil {
					errs[k] = err
					break
				}
				if err := produce(i, sink); err != nil {
					errs[k] = err
					failed.Store(true)
					break
				}
			}
			if err := sink.finish(); errs[k] == nil {
				errs[k] = err
			}
		})
	}
	wg.Wait()
	var paths []string
	for _, s := range sinks {
		paths = append(paths, s.paths...)
	}
	defer func() {
		for _, p := range paths {
			os.Remove(p)
		}
	}()
	if err := errors.Join(errs...); err != nil {
		var le *lineError
		var se *splitError
		for _, e := range errs {
			if errors.As(e, &le) || errors.As(e, &se) {
				return e // why the content cannot be read, not a failure beside it
			}
		}
		return err
	}
	if len(paths) == 0 {
		return nil
	}
	l.opts.Logger.Debug("records written to temporary files", "files", n, "chunks", len(paths), "workers", workers, "elapsed", time.Since(started))
	return use(paths)
}

// chunkBytes is about how much one temporary file of records holds.
const chunkBytes = 256 << 20

// chunkSink takes whole records (a Write never splits one) and writes them into one
// temporary file after another. A goroutine of its own does the writing, so that a large
// file is split on one core while its records are written on the other.
type chunkSink struct {
	dir   string
	limit int64
	n     int64 // bytes given to the current file
	buf   []byte
	msgs  chan sinkMsg
	free  chan []byte
	done  chan struct{}
	// written by the writer goroutine: read them after finish, or err once failed is set
	paths  []string
	err    error
	failed atomic.Bool
}

type sinkMsg struct {
	data []byte
	end  bool // close the file after data
}

const sinkBufSize = 4 << 20

func newChunkSink(dir string, limit int64) *chunkSink {
	s := &chunkSink{dir: dir, limit: limit, msgs: make(chan sinkMsg, 1), free: make(chan []byte, 3), done: make(chan struct{})}
	for range 2 {
		s.free <- make([]byte, 0, sinkBufSize)
	}
	s.buf = make([]byte, 0, sinkBufSize)
	go s.write()
	return s
}

func (s *chunkSink) Write(p []byte) (int, error) {
	if s.failed.Load() {
		return 0, s.err
	}
	if len(s.buf) > 0 && len(s.buf)+len(p) > cap(s.buf) {
		s.send(false)
	}
	s.buf = append(s.buf, p...)
	s.n += int64(len(p))
	if s.n >= s.limit {
		s.send(true)
		s.n = 0
	}
	return len(p), nil
}

// send hands the buffer to the writer and takes an empty one.
func (s *chunkSink) send(end bool) {
	s.msgs <- sinkMsg{data: s.buf, end: end}
	s.buf = (<-s.free)[:0]
}

func (s *chunkSink) write() {
	defer close(s.done)
	var f *os.File
	fail := func(err error) {
		if s.err == nil && err != nil {
			s.err = err
			s.failed.Store(true)
		}
	}
	for m := range s.msgs {
		if s.err == nil && len(m.data) > 0 {
			if f == nil {
				var err error
				f, err = os.CreateTemp(s.dir, fmt.Sprintf("entrarisk-%d-*.jsonl", os.Getpid()))
				if err != nil {
					fail(fmt.Errorf("temporary file: %w", err))
				} else {
					s.paths = append(s.paths, f.Name())
				}
			}
			if f != nil {
				_, err := f.Write(m.data)
				fail(err)
			}
		}
		if m.end && f != nil {
			fail(f.Close())
			f = nil
		}
		s.free <- m.data
	}
	if f != nil {
		fail(f.Close())
	}
}

// finish writes what is left and closes the last file; it returns the first write error.
func (s *chunkSink) finish() error {
	if len(s.buf) > 0 {
		s.send(true)
	}
	close(s.msgs)
	<-s.done
	return s.err
}

// staleTemp matches the temporary files of an ingest, with the writer's process id.
var staleTemp = regexp.MustCompile(`^entrarisk-(\d+)-\d+\.jsonl$`)

// sweepStale removes the temporary files that an ingest which no longer runs (it was
// killed) left in dir: they would hold disk (in a memory file system, memory) until removed.
func sweepStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := staleTemp.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
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

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
