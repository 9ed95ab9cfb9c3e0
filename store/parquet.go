package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Tables lists the canonical tables with the column that dates their rows: what export
// partitions by, and what a period bounds.
var Tables = []struct{ Name, Time string }{
	{"signins", "created_at"},
	{"directory_audits", "activity_at"},
	{"unified_audit", "created_at"},
	{"risk_detections", "detected_at"},
	{"risky_users", "risk_last_updated_at"},
	{"signin_auth_details", "step_at"},
}

// ExportOptions bound what ExportParquet writes.
type ExportOptions struct {
	Since, Until time.Time // zero: unbounded
}

// ExportResult counts what was written, per table.
type ExportResult struct {
	Rows  map[string]int64
	Dates map[string]int // partitions written
}

// ExportParquet writes the canonical tables under dir as Hive-partitioned Parquet,
// dir/<table>/date=YYYY-MM-DD/data_0.parquet, one file a day. A day it writes is written
// whole (every row of that day in the store), so exporting again, or exporting a later
// period into the same folder, replaces those days and leaves the others: a nightly job
// can keep its history there.
func ExportParquet(ctx context.Context, db *sql.DB, dir string, opts ExportOptions) (*ExportResult, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("export %s: %w", dir, err)
	}
	res := &ExportResult{Rows: map[string]int64{}, Dates: map[string]int{}}
	for _, t := range Tables {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		// The days the period touches, so that each is written whole.
		where, args := periodWhere(t.Time, opts)
		rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT DISTINCT CAST(%s AS DATE) AS d FROM %s%s ORDER BY d`, t.Time, t.Name, where), args...)
		if err != nil {
			return res, fmt.Errorf("export %s: %w", t.Name, err)
		}
		var days []time.Time
		for rows.Next() {
			var d sql.NullTime
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return res, err
			}
			if d.Valid {
				days = append(days, d.Time)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, err
		}
		if len(days) == 0 {
			continue
		}
		cols, err := tableColumns(ctx, db, t.Name)
		if err != nil {
			return res, err
		}
		out := filepath.Join(dir, t.Name)
		// COPY takes no bound parameters for its target; the folder is quoted as a
		// string literal, and the days come from the store as dates.
		for start := 0; start < len(days); start += 200 {
			batch := days[start:min(start+200, len(days))]
			lits := make([]string, len(batch))
			for i, d := range batch {
				lits[i] = "DATE '" + d.Format("2006-01-02") + "'"
			}
			q := fmt.Sprintf(`COPY (SELECT %s, CAST(%s AS DATE) AS date FROM %s WHERE CAST(%s AS DATE) IN (%s) ORDER BY %s, id)
				TO %s (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), OVERWRITE_OR_IGNORE, PER_THREAD_OUTPUT false, FILENAME_PATTERN 'data_{i}')`,
				strings.Join(cols, ", "), t.Time, t.Name, t.Time, strings.Join(lits, ", "), t.Time, quoteLiteral(out))
			r, err := db.ExecContext(ctx, q)
			if err != nil {
				return res, fmt.Errorf("export %s: %w", t.Name, err)
			}
			n, _ := r.RowsAffected()
			res.Rows[t.Name] += n
		}
		res.Dates[t.Name] = len(days)
	}
	return res, nil
}

// tableColumns lists a table's stored columns (not the generated ones, nor load_id, which
// means something only inside one store), quoted.
func tableColumns(ctx context.Context, db Querier, table string) ([]string, error) {
	// A generated column (request_id) shows its expression as its default; canonical
	// tables have no other defaults.
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM duckdb_columns()
		WHERE table_name = $1 AND schema_name = 'main' AND column_name <> 'load_id' AND column_default IS NULL
		ORDER BY column_index`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, `"`+c+`"`)
	}
	return cols, rows.Err()
}

func periodWhere(col string, opts ExportOptions) (string, []any) {
	var conds []string
	var args []any
	if !opts.Since.IsZero() {
		args = append(args, opts.Since.UTC())
		conds = append(conds, fmt.Sprintf("%s >= $%d", col, len(args)))
	}
	if !opts.Until.IsZero() {
		args = append(args, opts.Until.UTC())
		conds = append(conds, fmt.Sprintf("%s < $%d", col, len(args)))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TableOfColumns names the canonical table whose stored columns are exactly cols (a
// Parquet file's, less the partition column), or "".
func TableOfColumns(ctx context.Context, db Querier, cols []string) (string, error) {
	have := map[string]bool{}
	for _, c := range cols {
		if c != "date" {
			have[strings.ToLower(c)] = true
		}
	}
	for _, t := range Tables {
		want, err := tableColumns(ctx, db, t.Name)
		if err != nil {
			return "", err
		}
		if len(want) != len(have) {
			continue
		}
		match := true
		for _, c := range want {
			if !have[strings.Trim(c, `"`)] {
				match = false
				break
			}
		}
		if match {
			return t.Name, nil
		}
	}
	return "", nil
}

// StoredColumns lists a table's stored columns, unquoted and sorted (for messages).
func StoredColumns(ctx context.Context, db Querier, table string) ([]string, error) {
	cols, err := tableColumns(ctx, db, table)
	for i := range cols {
		cols[i] = strings.Trim(cols[i], `"`)
	}
	sort.Strings(cols)
	return cols, err
}

// Querier is what reads the catalog: a *sql.DB, *sql.Conn or *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// historyViews is the SQL that makes each canonical table with Parquet under opts.History
// a temporary view over it, limited to the period's days; "" when there is no history.
func historyViews(opts Options) (string, error) {
	if opts.History == "" {
		return "", nil
	}
	fi, err := os.Stat(opts.History)
	if err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("history %s: not a folder", opts.History)
	}
	var b strings.Builder
	found := 0
	for _, t := range Tables {
		glob := filepath.Join(opts.History, t.Name, "date=*", "*.parquet")
		if m, _ := filepath.Glob(glob); len(m) == 0 {
			continue
		}
		found++
		var conds []string
		if !opts.HistorySince.IsZero() {
			from := opts.HistorySince.UTC().Add(-opts.HistoryLookBack)
			conds = append(conds, "date >= DATE '"+from.Format("2006-01-02")+"'")
		}
		if !opts.HistoryUntil.IsZero() {
			conds = append(conds, "date <= DATE '"+opts.HistoryUntil.UTC().Format("2006-01-02")+"'")
		}
		where := ""
		if len(conds) > 0 {
			where = " WHERE " + strings.Join(conds, " AND ")
		}
		extra := ", CAST(0 AS BIGINT) AS load_id"
		if t.Name == "signins" {
			extra += ", id AS request_id"
		}
		// The partition column prunes the files read; it is not a column of the table.
		fmt.Fprintf(&b, "CREATE OR REPLACE TEMP VIEW %s AS SELECT * EXCLUDE (date)%s FROM read_parquet(%s, hive_partitioning = true, union_by_name = true)%s;\n",
			t.Name, extra, quoteLiteral(glob), where)
	}
	if found == 0 {
		return "", fmt.Errorf("history %s: no Parquet partitions (table/date=YYYY-MM-DD/*.parquet) in it", opts.History)
	}
	return b.String(), nil
}
