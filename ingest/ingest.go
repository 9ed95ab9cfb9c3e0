package ingest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure an ingest run.
type Options struct {
	// TempDir holds the temporary files that carry records to DuckDB, one a line (about
	// as much as the files loaded together). Empty: SpillDir, else the system's temporary
	// folder. A folder ingest creates it removes again.
	TempDir string
	// SpillDir is where temporary files go when TempDir is empty and memory is short (the
	// store's own spill folder, on its disk).
	SpillDir string
	// Reload loads files again even when the manifest shows them loaded and unchanged.
	Reload bool
	// Skip lists absolute paths never to read (the store and its write-ahead log).
	Skip []string
	// RunID names this run in the manifest; empty for a random one.
	RunID  string
	Now    func() time.Time
	Logger *slog.Logger
	// Progress, when set, is called as work advances (from the calling goroutine and
	// from a ticker goroutine; it must be safe for concurrent use).
	Progress func(Progress)
}

// Progress is a snapshot of a run for a progress display.
type Progress struct {
	FilesDone, FilesTotal int
	Rows                  int64
	Bytes, BytesTotal     int64
	Current               string
}

// Summary is what a run did.
type Summary struct {
	RunID     string
	Files     []FileResult
	Unchanged int // files skipped: the manifest shows them, or their content, loaded already
}

// FileResult is what happened to one file.
type FileResult struct {
	Path       string
	SHA256     string
	Size       int64
	Format     string
	Table      string
	Status     string // loaded, rejected, or duplicate_file (same bytes as a file already loaded)
	Reason     string // for a rejected file: file:line: reason
	Read       int64  // records read
	Added      int64  // rows added to the table
	Duplicates int64  // records already in the store or repeated in the file
	Rejected   int64  // records set aside
	Rejects    []Reject
	Elapsed    time.Duration
	// MinTime and MaxTime bound the times of the rows the file added.
	MinTime, MaxTime time.Time
}

// Reject is one record set aside.
type Reject struct {
	Line   int64
	ID     string
	Reason string
}

// Rejected counts files that could not be loaded and files with records set aside.
func (s *Summary) Rejected() (files, records int) {
	for _, f := range s.Files {
		if f.Status == "rejected" {
			files++
		}
		records += int(f.Rejected)
	}
	return files, records
}

// maxRejectsKept bounds how many rejected records of one file are kept in the store.
const maxRejectsKept = 1000

// Formats lists the formats ingest reads: name, table and what exports they cover.
func Formats() ([][3]string, error) {
	fs, err := loadFormats()
	if err != nil {
		return nil, err
	}
	var out [][3]string
	for _, f := range fs {
		out = append(out, [3]string{f.name, f.table, f.title})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out, nil
}

// Run loads every file under paths (folders recursively) into the store.
func Run(ctx context.Context, db *sql.DB, paths []string, opts Options) (*Summary, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.RunID == "" {
		opts.RunID = newRunID(opts.Now())
	}
	formats, err := loadFormats()
	if err != nil {
		return nil, err
	}
	files, err := find(paths, opts.Skip)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// Removing repeats deletes a few rows from row groups just written; DuckDB's checkpoint
	// would then merge those row groups and write them again (seconds for a large load).
	// Ingest leaves the few deleted rows as markers instead (a prune, which deletes many,
	// lets DuckDB merge).
	if _, err := conn.ExecContext(ctx, "SET max_vacuum_tasks = 0"); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.Background(), "RESET max_vacuum_tasks")
	l := &loader{conn: conn, formats: formats, opts: opts}
	var storePath sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT path FROM duckdb_databases() WHERE database_name = current_database()`).Scan(&storePath); err != nil {
		return nil, err
	}
	if storePath.Valid && storePath.String != "" && on("writeback") {
		defer startWriteback(storePath.String)()
	}
	defer func() {
		if l.madeTmp != "" {
			os.Remove(l.madeTmp) // only if empty: DuckDB may spill there too
		}
	}()
	sum := &Summary{RunID: opts.RunID}
	var total int64
	for _, f := range files {
		total += f.size
	}
	var done int64
	var rows int64
	report := func(i int, current string) {
		if opts.Progress != nil {
			opts.Progress(Progress{FilesDone: i, FilesTotal: len(files), Rows: atomic.LoadInt64(&rows),
				Bytes: atomic.LoadInt64(&done) + l.bytesNow(), BytesTotal: total, Current: current})
		}
	}
	stopTicker := make(chan struct{})
	tickerDone := make(chan struct{})
	var currentIdx atomic.Int64
	go func() {
		defer close(tickerDone)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopTicker:
				return
			case <-t.C:
				i := int(currentIdx.Load())
				if i < len(files) {
					report(i, files[i].path)
				}
			}
		}
	}()
	defer func() { close(stopTicker); <-tickerDone }()
	finished := 0 // files loaded, rejected or skipped, for the progress line
	record := func(f inputFile, res *FileResult, start time.Time) {
		l.remember(f, res)
		res.Elapsed = time.Since(start)
		atomic.AddInt64(&rows, res.Added)
		sum.Files = append(sum.Files, *res)
		opts.Logger.Debug("file ingested", "path", res.Path, "format", res.Format, "status", res.Status,
			"added", res.Added, "duplicates", res.Duplicates, "rejected", res.Rejected, "elapsed", res.Elapsed)
		finished++
		report(finished, "")
	}
	skip := func(f inputFile) (bool, error) {
		if opts.Reload {
			return false, nil
		}
		ok, err := l.seen(ctx, f)
		if ok {
			sum.Unchanged++
			finished++
			atomic.AddInt64(&done, f.size)
		}
		return ok, err
	}
	// Files of one shape load together, wherever they are in the list: Azure Monitor's
	// folders of sign-ins come with folders of other categories between them, and one
	// large load writes its rows straight to the store where small ones go through the
	// log. taken marks files loaded, skipped or in a batch already; glance keeps what a
	// look ahead found out about a file that did not join that batch.
	taken := make([]bool, len(files))
	glance := map[int]*source{}
	// glanceAhead glances at the files after from that may join a batch, on every core (a
	// folder of Azure Monitor blobs has thousands): files skipped as seen are taken, the
	// others' glances kept. The look ahead below then finds them looked at.
	glanceAhead := func(from int) error {
		var todo []int
		for j := from; j < len(files) && len(todo) < batchMaxFiles; j++ {
			if _, looked := glance[j]; looked || taken[j] || isParquet(files[j].path) {
				continue
			}
			if s, err := skip(files[j]); err != nil {
				return err
			} else if s {
				taken[j] = true
				continue
			}
			todo = append(todo, j)
		}
		srcs := make([]*source, len(todo))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), 8, len(todo)) {
			wg.Go(func() {
				for k := int(next.Add(1) - 1); k < len(todo); k = int(next.Add(1) - 1) {
					// A file that does not sniff is left for its own turn.
					srcs[k], _ = sniffSample(files[todo[k]].path, l.formats, followerSample)
				}
			})
		}
		wg.Wait()
		for k, j := range todo {
			glance[j] = srcs[k] // under 1 KB: files of one shape share their plan
		}
		return nil
	}
	for i := 0; i < len(files); i++ {
		if taken[i] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		currentIdx.Store(int64(i))
		f := files[i]
		taken[i] = true
		if _, looked := glance[i]; !looked {
			if s, err := skip(f); err != nil {
				return sum, err
			} else if s {
				continue
			}
		}
		delete(glance, i)
		start := time.Now()
		var src *source
		if !isParquet(f.path) {
			src, _ = sniff(f.path, l.formats) // a file that does not sniff is reported by l.file
		}
		fast, norm := batchable(f, src) && on("batching"), normBatchable(src) && on("batching")
		if fast || norm {
			items := []pending{{f: f, src: src}}
			var key string
			if fast {
				key = batchKey(src)
			} else {
				key = normBatchKey(src)
			}
			size := f.size
			for j := i + 1; j < len(files) && len(items) < batchMaxFiles && size < batchMaxBytes; j++ {
				if taken[j] || isParquet(files[j].path) {
					continue
				}
				g := files[j]
				gs, looked := glance[j]
				if !looked {
					// A glance at a follower's first records says whether it takes the fast
					// path, for a normalized batch too (a file that can take it does not
					// join one).
					if err := glanceAhead(j); err != nil {
						return sum, err
					}
					if taken[j] { // seen before
						continue
					}
					gs = glance[j]
				}
				if fast && (!batchable(g, gs) || batchKey(gs) != key) || norm && (!normBatchable(gs) || normBatchKey(gs) != key) {
					continue
				}
				items = append(items, pending{f: g, src: gs})
				size += g.size
				taken[j] = true
				delete(glance, j)
			}
			if len(items) > 1 {
				var results []*FileResult
				var err error
				if fast {
					results, err = l.batch(ctx, items)
				} else {
					results, err = l.jsonBatch(ctx, items)
				}
				if err != nil {
					return sum, fmt.Errorf("ingest %s and %d more: %w", f.path, len(items)-1, err)
				}
				if results != nil {
					for k, res := range results {
						atomic.AddInt64(&done, items[k].f.size)
						record(items[k].f, res, start)
					}
					continue
				}
			}
			// One at a time: the batch did not add up, or there was no batch.
			for _, it := range items {
				res, err := l.file(ctx, it.f, it.src)
				if err != nil {
					return sum, fmt.Errorf("ingest %s: %w", it.f.path, err)
				}
				atomic.AddInt64(&done, it.f.size)
				record(it.f, res, start)
				start = time.Now()
			}
			continue
		}
		res, err := l.file(ctx, f, src)
		if err != nil {
			return sum, fmt.Errorf("ingest %s: %w", f.path, err)
		}
		atomic.AddInt64(&done, f.size)
		record(f, res, start)
	}
	if len(sum.Files) > 0 {
		// Fold the log into the store now, not at the next open.
		start := time.Now()
		if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
			return sum, fmt.Errorf("checkpoint: %w", err)
		}
		opts.Logger.Debug("checkpointed", "elapsed", time.Since(start))
	}
	return sum, nil
}

func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
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
