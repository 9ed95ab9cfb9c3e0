package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/store"
)

// storeOptions are the flags that say which store to open and how.
type storeOptions struct {
	path        string
	memoryLimit string
	tempDir     string
	threads     int
	// history (analyze, report, run): read the canonical tables from this Parquet folder
	history                    string
	historySince, historyUntil time.Time
	historyLookBack            time.Duration
}

// historyLookBack is how far before a period the rules look (new_country compares with 14
// days of history) when reading from a Parquet history.
const historyLookBack = 31 * 24 * time.Hour

// addHistoryFlag adds --history to a command that reads the canonical tables.
func (o *storeOptions) addHistoryFlag(fs *pflag.FlagSet) {
	fs.StringVar(&o.history, "history", "", "read sign-ins and audits from this Parquet history (as export --parquet writes it), only the days the period needs, instead of from the store")
}

func (o *storeOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.path, "db", "entrarisk.duckdb", "the store (a DuckDB file)")
	fs.StringVar(&o.memoryLimit, "memory-limit", "1GB", "most memory DuckDB may use before it spills to --temp-dir, such as 8GB (a larger store analyzes faster with more)")
	fs.StringVar(&o.tempDir, "temp-dir", "", "where DuckDB spills to disk and ingest keeps records on their way into the store, about as much as the files of one load (default: the store's name with .tmp)")
	fs.IntVar(&o.threads, "threads", 0, "DuckDB worker threads (default: one per core)")
}

func (o *storeOptions) open(ctx context.Context, readOnly bool) (*store.Store, error) {
	return store.Open(ctx, o.path, store.Options{
		ReadOnly:        readOnly,
		MemoryLimit:     o.memoryLimit,
		TempDir:         o.tempDir,
		Threads:         o.threads,
		History:         o.history,
		HistorySince:    o.historySince,
		HistoryUntil:    o.historyUntil,
		HistoryLookBack: o.historyLookBack,
	})
}

// skipPaths are the store's own files, which an ingest over the folder holding the store
// must not read.
func (o *storeOptions) skipPaths() []string {
	abs, err := filepath.Abs(o.path)
	if err != nil {
		return nil
	}
	return []string{abs, abs + ".wal", abs + ".tmp"}
}
