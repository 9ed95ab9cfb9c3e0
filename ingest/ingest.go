package ingest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"sort"
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
	// DateOrder is how the file's culture-formatted dates were read (day or month first,
	// and why), for formats that have them; the manifest keeps it as date_order.
	DateOrder string
	// Warnings are what the user must know of a loaded file: an order of dates assumed
	// because nothing in the file decided it.
	Warnings []string
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
	opts = opts.withDefaults()
	formats, err := loadFormats()
	if err != nil {
		return nil, err
	}
	files, err := find(paths, opts.Skip) // 1. find the files
	if err != nil {
		return nil, err
	}
	l, err := openLoader(ctx, db, formats, opts)
	if err != nil {
		return nil, err
	}
	defer l.close()
	prog := startProgress(opts.Progress, files, l.bytesNow)
	defer prog.stop()
	var unchanged func(context.Context, inputFile) (bool, error) // 3. the manifest's keys
	if !opts.Reload {
		unchanged = l.seen
	}
	plan := newPlanner(files, formats, unchanged)
	sum := &Summary{RunID: opts.RunID}
	for {
		// 2-4. recognise the next files, skip the unchanged, and plan a batch of them
		b, err := plan.next(ctx)
		if err != nil {
			return sum, err
		}
		if b == nil {
			break
		}
		sum.Unchanged += len(b.unchanged)
		prog.skipped(b.unchanged)
		prog.at(b.index)
		// 5-7. load the batch, hashing its files and checking their keys as they stream,
		// remove repeats, settle and record each file in the manifest
		for res, err := range l.loadBatch(ctx, b) {
			if err != nil {
				return sum, err
			}
			sum.Files = append(sum.Files, *res)
			opts.Logger.Debug("file ingested", "path", res.Path, "format", res.Format, "status", res.Status,
				"added", res.Added, "duplicates", res.Duplicates, "rejected", res.Rejected, "elapsed", res.Elapsed)
			prog.loaded(res)
		}
	}
	if len(sum.Files) > 0 {
		return sum, l.checkpoint(ctx)
	}
	return sum, nil
}

// withDefaults fills in what the caller left out.
func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.RunID == "" {
		o.RunID = newRunID(o.Now())
	}
	return o
}

func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// progressLine tells Options.Progress how a run advances: after each file, and every
// quarter second from a goroutine of its own while files load.
type progressLine struct {
	fn       func(Progress)
	files    []inputFile
	total    int64
	bytesNow func() int64 // bytes of the current file read so far
	done     atomic.Int64 // bytes of the files finished
	rows     atomic.Int64
	current  atomic.Int64 // the place in the list of the file loading
	finished int          // files loaded, rejected or skipped
	stopped  chan struct{}
	ticker   chan struct{}
}

func startProgress(fn func(Progress), files []inputFile, bytesNow func() int64) *progressLine {
	p := &progressLine{fn: fn, files: files, bytesNow: bytesNow}
	for _, f := range files {
		p.total += f.size
	}
	if fn == nil {
		return p
	}
	p.stopped, p.ticker = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.ticker)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stopped:
				return
			case <-t.C:
				if i := int(p.current.Load()); i < len(files) {
					p.report(i, files[i].path)
				}
			}
		}
	}()
	return p
}

func (p *progressLine) report(filesDone int, current string) {
	if p.fn != nil {
		p.fn(Progress{FilesDone: filesDone, FilesTotal: len(p.files), Rows: p.rows.Load(),
			Bytes: p.done.Load() + p.bytesNow(), BytesTotal: p.total, Current: current})
	}
}

// at says which file loads now.
func (p *progressLine) at(i int) { p.current.Store(int64(i)) }

// skipped counts files skipped as unchanged.
func (p *progressLine) skipped(files []inputFile) {
	for _, f := range files {
		p.finished++
		p.done.Add(f.size)
	}
}

// loaded counts a file loaded (or rejected).
func (p *progressLine) loaded(res *FileResult) {
	p.done.Add(res.Size)
	p.rows.Add(res.Added)
	p.finished++
	p.report(p.finished, "")
}

func (p *progressLine) stop() {
	if p.stopped != nil {
		close(p.stopped)
		<-p.ticker
	}
}
