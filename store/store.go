// Package store opens the entrarisk DuckDB store: the schema, the session settings every
// connection needs, and the lock that keeps two processes off one store.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

//go:embed schema.sql
var schemaSQL string

//go:embed macros.sql
var macrosSQL string

//go:embed upgrade.sql
var upgradeSQL string

// ErrLocked is returned when another process holds the store open for writing.
var ErrLocked = errors.New("store is in use by another process")

// Options configure how a store is opened. The zero value opens read-write with DuckDB's
// defaults for memory and threads.
type Options struct {
	ReadOnly    bool
	MemoryLimit string // DuckDB size, such as "2GB"; empty for DuckDB's default
	TempDir     string // where DuckDB spills; empty for DuckDB's default beside the store
	Threads     int    // 0 for one per core
	// History, when set, is a folder of Hive-partitioned Parquet as ExportParquet writes
	// it: the canonical tables are read from there (each connection sees them as views
	// over the days of HistorySince to HistoryUntil, widened by HistoryLookBack for the
	// rules that compare with the past) instead of from the store. Analysis tables stay in
	// the store.
	History                    string
	HistorySince, HistoryUntil time.Time
	HistoryLookBack            time.Duration
}

// storageVersion is the DuckDB storage format new stores are written in.
const storageVersion = "v1.3.0"

// Store is an open entrarisk store.
type Store struct {
	DB   *sql.DB
	Path string
	conn *duckdb.Connector
}

// Open opens (creating if need be) the store at path and brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: no path given")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open store %s: the path may not contain '?' or '#'", path)
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	q := url.Values{}
	if opts.ReadOnly {
		q.Set("access_mode", "read_only")
	}
	if opts.MemoryLimit != "" {
		q.Set("memory_limit", opts.MemoryLimit)
	}
	if opts.TempDir != "" {
		q.Set("temp_directory", opts.TempDir)
	}
	if opts.Threads > 0 {
		q.Set("threads", strconv.Itoa(opts.Threads))
	}
	// DuckDB checkpoints after 16 MB of log by default: during a large ingest that is after
	// every file, and the checkpoints took as long as the loads. Ingest checkpoints once
	// when it is done.
	q.Set("checkpoint_threshold", "1GB")
	// A new store is written in DuckDB 1.3's storage format (DuckDB 1.3 and later open it):
	// its zstd and dictionary-FSST string compression make loads faster and stores smaller
	// than the 1.0 format DuckDB otherwise keeps for older readers. A store made in the
	// older format stays in it.
	q.Set("storage_compatibility_version", storageVersion)
	dsn := path
	if len(q) > 0 {
		dsn += "?" + q.Encode()
	}
	views, err := historyViews(opts)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	conn, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		if err := initConn(execer); err != nil {
			return err
		}
		if views != "" {
			_, err := execer.ExecContext(context.Background(), views, nil)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, lockError(err))
	}
	db := sql.OpenDB(conn)
	s := &Store{DB: db, Path: path, conn: conn}
	if !opts.ReadOnly {
		if _, err := db.ExecContext(ctx, schemaSQL); err != nil {
			s.Close()
			return nil, fmt.Errorf("open store %s: schema: %w", path, err)
		}
		// Over a history the canonical tables are views: there is nothing to upgrade.
		if opts.History == "" {
			if _, err := db.ExecContext(ctx, upgradeSQL); err != nil {
				s.Close()
				return nil, fmt.Errorf("open store %s: upgrade: %w", path, err)
			}
		}
		if err := DropUnfinishedLoads(ctx, db); err != nil {
			s.Close()
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	if _, err := db.ExecContext(ctx, "SELECT 1"); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// Files under the store's own name hold personal data: owner only.
	for _, p := range []string{path, path + ".wal"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 && !opts.ReadOnly {
			_ = os.Chmod(p, 0o600)
		}
	}
	return s, nil
}

// Conn is a store connection, or the pool of them.
type Conn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// DropUnfinishedLoads removes the rows of loads an ingest committed but did not finish
// (stopped between its two transactions, or failing in the second): their files are not
// in the manifest, so the next ingest loads them again. Open calls it; so does an ingest
// whose second transaction fails.
func DropUnfinishedLoads(ctx context.Context, db Conn) error {
	rows, err := db.QueryContext(ctx, `SELECT load_id, target_table FROM ingest_inflight`)
	if err != nil {
		return err
	}
	type load struct {
		id    int64
		table string
	}
	var loads []load
	for rows.Next() {
		var l load
		if err := rows.Scan(&l.id, &l.table); err != nil {
			rows.Close()
			return err
		}
		loads = append(loads, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(loads) == 0 {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, l := range loads {
		if !isTable(l.table) {
			return fmt.Errorf("unfinished load %d names an unknown table %q", l.id, l.table)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE load_id = $1`, l.table), l.id); err != nil {
			return fmt.Errorf("remove the rows of unfinished load %d: %w", l.id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ingest_inflight WHERE load_id = $1`, l.id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func isTable(name string) bool {
	for _, t := range Tables {
		if t.Name == name {
			return true
		}
	}
	return false
}

// initConn gives every connection the session settings the SQL of this project assumes.
func initConn(execer driver.ExecerContext) error {
	_, err := execer.ExecContext(context.Background(), macrosSQL, nil)
	return err
}

// Close closes the store; the file stays consistent whatever happened before.
func (s *Store) Close() error {
	err := s.DB.Close()
	if cerr := s.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

var lockPID = regexp.MustCompile(`\(PID (\d+)\)`)

// lockError turns DuckDB's file-lock message into ErrLocked naming the holder.
func lockError(err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock") && !strings.Contains(msg, "Conflicting lock") {
		return err
	}
	if m := lockPID.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%w (pid %s holds it); wait for it to finish or stop it", ErrLocked, m[1])
	}
	return fmt.Errorf("%w; wait for it to finish or stop it", ErrLocked)
}

// EngineVersion is the version of the embedded DuckDB.
func EngineVersion(ctx context.Context) (string, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	err = db.QueryRowContext(ctx, "SELECT version()").Scan(&v)
	return v, err
}
