package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/ingest"
	"github.com/entrarisk/entrarisk/store"
)

type ingestOptions struct {
	store  storeOptions
	reload bool
	quiet  bool
}

func (o *ingestOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	fs.BoolVar(&o.reload, "reload", false, "read files again even when the manifest shows them loaded and unchanged")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print only rejected files and records, no summary")
}

func ingestCommand() command {
	return command{
		name:    "ingest",
		summary: "load files and folders (recursively) into the store",
		usage:   "ingest [--db FILE] PATH...",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &ingestOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) == 0 {
					return usagef("give at least one file or folder to load")
				}
				st, err := o.store.open(ctx, false)
				if err != nil {
					return err
				}
				defer st.Close()
				sum, err := runIngest(ctx, e, st, args, o.store, o.reload, o.quiet)
				if err != nil {
					return err
				}
				if files, records := sum.Rejected(); files > 0 || records > 0 {
					return errRejected
				}
				return nil
			}
		},
	}
}

// runIngest loads paths into st, drawing progress on a terminal and printing rejects and a
// summary on stderr.
func runIngest(ctx context.Context, e *env, st *store.Store, paths []string, so storeOptions, reload, quiet bool) (*ingest.Summary, error) {
	opts := ingest.Options{
		TempDir:  so.tempDir,
		SpillDir: so.path + ".tmp",
		Reload:   reload,
		Skip:     so.skipPaths(),
		Logger:   e.logger,
	}
	var prog *progress
	if e.isTerminal && !quiet {
		prog = &progress{w: e.stderr, start: time.Now()}
		opts.Progress = prog.update
	}
	start := time.Now()
	sum, err := ingest.Run(ctx, st.DB, paths, opts)
	if prog != nil {
		prog.clear()
	}
	if sum != nil {
		printRejects(e.stderr, sum)
		if !quiet {
			printIngestSummary(e.stderr, sum, time.Since(start))
		}
	}
	return sum, err
}

// maxRejectsShown bounds the rejected records named on stderr for one file.
const maxRejectsShown = 5

func printRejects(w io.Writer, sum *ingest.Summary) {
	for _, f := range sum.Files {
		if f.Status == "rejected" {
			fmt.Fprintf(w, "entrarisk: rejected %s\n", sanitize(f.Reason))
			continue
		}
		// A file loaded on an assumption (its culture dates' order): the user must know.
		for _, warn := range f.Warnings {
			fmt.Fprintf(w, "entrarisk: warning: %s: %s\n", sanitize(f.Path), sanitize(warn))
		}
		for i, r := range f.Rejects {
			if i == maxRejectsShown {
				fmt.Fprintf(w, "entrarisk: %s: %d more records set aside (see the ingest_rejects table)\n", sanitize(f.Path), len(f.Rejects)-i)
				break
			}
			where := sanitize(f.Path)
			if r.Line > 0 {
				where = fmt.Sprintf("%s:%d", where, r.Line)
			}
			id := ""
			if r.ID != "" {
				id = fmt.Sprintf(" (id %.60s)", sanitize(r.ID))
			}
			fmt.Fprintf(w, "entrarisk: %s: record set aside%s: %s\n", where, id, sanitize(r.Reason))
		}
	}
}

func printIngestSummary(w io.Writer, sum *ingest.Summary, elapsed time.Duration) {
	type agg struct{ files, added, dups, rejected int64 }
	by := map[string]*agg{}
	var added, dups, recRejected, bytes int64
	var rejectedFiles, dupFiles int
	for _, f := range sum.Files {
		bytes += f.Size
		switch f.Status {
		case "rejected":
			rejectedFiles++
			continue
		case "duplicate_file":
			dupFiles++
		}
		a := by[f.Format]
		if a == nil {
			a = &agg{}
			by[f.Format] = a
		}
		a.files++
		a.added += f.Added
		a.dups += f.Duplicates
		a.rejected += f.Rejected
		added += f.Added
		dups += f.Duplicates
		recRejected += f.Rejected
	}
	fmt.Fprintf(w, "ingest: %d files read in %s (%.1f MB, %.0f MB/s)", len(sum.Files), elapsed.Round(time.Millisecond), float64(bytes)/1e6, float64(bytes)/1e6/elapsed.Seconds())
	if sum.Unchanged > 0 {
		fmt.Fprintf(w, ", %d skipped (loaded before, or the same content as a loaded file)", sum.Unchanged)
	}
	fmt.Fprintln(w)
	for _, name := range slices.Sorted(maps.Keys(by)) {
		a := by[name]
		fmt.Fprintf(w, "  %-34s %5d files %10d rows added %8d duplicates", name, a.files, a.added, a.dups)
		if a.rejected > 0 {
			fmt.Fprintf(w, " %6d records set aside", a.rejected)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  total: %d rows added, %d duplicates skipped, %d records set aside, %d files rejected", added, dups, recRejected, rejectedFiles)
	if dupFiles > 0 {
		fmt.Fprintf(w, ", %d files already loaded under another name", dupFiles)
	}
	fmt.Fprintln(w)
}

// progress draws one status line on a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	drawn bool
}

func (p *progress) update(s ingest.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(s.Bytes) / 1e6 / el
	}
	fmt.Fprintf(p.w, "\r\x1b[Kingest: file %d/%d, %d rows, %.0f/%.0f MB, %.0f MB/s", s.FilesDone, s.FilesTotal, s.Rows, float64(s.Bytes)/1e6, float64(s.BytesTotal)/1e6, rate)
	p.drawn = true
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
