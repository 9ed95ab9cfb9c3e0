// Package spark runs entrarisk's rules on Apache Spark through Spark Connect: a session on
// a Connect server (sc://HOST:15002), temporary views of the canonical tables over the
// Parquet history (export --parquet, --history) pruned to the period and its look-back,
// each enabled rule translated by analyze's dialect layer, and the findings brought back
// as Arrow batches into the local store.
package spark

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	sparkclient "github.com/apache/spark-connect-go/spark/client"
	sparksql "github.com/apache/spark-connect-go/spark/sql"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/store"
)

func init() {
	// The client's default retries a lost server for about ten minutes; a run that lost
	// its cluster should say so within seconds. A short blip is still ridden out.
	p := sparkclient.DefaultRetryPolicy
	p.Name = "entrarisk"
	p.MaxRetries = 4
	p.InitialBackoff = 250 * time.Millisecond
	p.MaxBackoff = 4 * time.Second
	sparkclient.DefaultRetryPolicyRegistry = []sparkclient.RetryPolicy{p}
}

// Session is one Spark Connect session.
type Session struct {
	remote string
	s      sparksql.SparkSession
}

// Connect opens a session on the Connect server at remote (sc://HOST:PORT) and sets the
// session configuration the translated rules assume. A remote that cannot be reached is
// an error within a few seconds, naming it.
func Connect(ctx context.Context, remote string) (*Session, error) {
	u, err := url.Parse(remote)
	if err != nil || u.Scheme != "sc" || u.Hostname() == "" {
		return nil, fmt.Errorf("spark remote %q: want sc://HOST:PORT (Spark Connect, port 15002 by default)", remote)
	}
	// Spark Connect's client retries a refused connection for minutes; a plain dial
	// tells at once whether anything listens there.
	port := u.Port()
	if port == "" {
		port = "15002"
	}
	d := net.Dialer{Timeout: 10 * time.Second}
	c, err := d.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		return nil, fmt.Errorf("spark remote %s: cannot connect: %w", remote, err)
	}
	c.Close()
	s, err := sparksql.NewSessionBuilder().Remote(remote).Build(ctx)
	if err != nil {
		return nil, fmt.Errorf("spark remote %s: %w", remote, err)
	}
	sess := &Session{remote: remote, s: s}
	for k, v := range analyze.SparkSessionConf {
		if err := s.Config().Set(ctx, k, v); err != nil {
			s.Stop() //nolint:errcheck // the first error is the one to report
			return nil, sess.wrap(fmt.Errorf("set %s: %w", k, err))
		}
	}
	return sess, nil
}

// Close ends the session.
func (s *Session) Close() error { return s.s.Stop() }

// wrap names the remote in an error, and says so plainly when the connection was lost.
func (s *Session) wrap(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Unavailable") || strings.Contains(msg, "connection refused") || strings.Contains(msg, "EOF") {
		return fmt.Errorf("spark remote %s: connection lost: %w", s.remote, err)
	}
	return fmt.Errorf("spark remote %s: %w", s.remote, err)
}

// Exec runs one statement (a view, a SET) for its effect.
func (s *Session) Exec(ctx context.Context, q string) error {
	if _, err := s.s.Sql(ctx, q); err != nil {
		return s.wrap(err)
	}
	return nil
}

// Query runs a query and returns its rows as an Arrow table; the caller releases it.
func (s *Session) Query(ctx context.Context, q string) (arrow.Table, error) {
	df, err := s.s.Sql(ctx, q)
	if err != nil {
		return nil, s.wrap(err)
	}
	t, err := df.ToArrow(ctx)
	if err != nil {
		return nil, s.wrap(err)
	}
	return *t, nil
}

// Column is one column of a canonical table: name and Spark SQL type.
type Column struct{ Name, Type string }

// TableColumns reads the canonical tables' stored columns, with Spark SQL types, from a
// store's schema.
func TableColumns(ctx context.Context, db store.Querier) (map[string][]Column, error) {
	out := map[string][]Column{}
	for _, t := range store.Tables {
		rows, err := db.QueryContext(ctx, `SELECT column_name, data_type FROM duckdb_columns()
			WHERE table_name = $1 AND schema_name = 'main' AND database_name = current_database()
			  AND column_name <> 'load_id' AND column_default IS NULL
			ORDER BY column_index`, t.Name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, typ string
			if err := rows.Scan(&name, &typ); err != nil {
				rows.Close()
				return nil, err
			}
			st, err := sparkType(typ)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s.%s: %w", t.Name, name, err)
			}
			out[t.Name] = append(out[t.Name], Column{name, st})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sparkType is the Spark SQL type of a DuckDB column type.
func sparkType(t string) (string, error) {
	if strings.HasSuffix(t, "[]") {
		inner, err := sparkType(strings.TrimSuffix(t, "[]"))
		return "ARRAY<" + inner + ">", err
	}
	switch strings.ToUpper(t) {
	case "VARCHAR", "JSON", "UUID":
		return "STRING", nil
	case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "BOOLEAN", "DATE", "FLOAT":
		return strings.ToUpper(t), nil
	case "UBIGINT", "HUGEINT":
		return "DECIMAL(38,0)", nil
	case "UINTEGER":
		return "BIGINT", nil
	case "TIMESTAMP":
		return "TIMESTAMP_NTZ", nil
	case "TIMESTAMP WITH TIME ZONE":
		return "TIMESTAMP_LTZ", nil
	}
	return "", fmt.Errorf("type %s has no Spark SQL twin here", t)
}

// ViewOptions bound the views over a history.
type ViewOptions struct {
	Since, Until time.Time     // the period; zero for unbounded
	LookBack     time.Duration // how far before Since the rules look
	// Raw, when set, is the relation the view reads instead of parquet.`dir/table`.
	Raw string
}

// ViewSQL is the statement that makes table a temporary view over its Parquet partitions
// under dir (dir/table/date=YYYY-MM-DD/*.parquet), reading only the days of the period and
// its look-back, with the store's columns and types. With no partitions (have false) the
// view is empty, so that every rule runs.
func ViewSQL(table, dir string, cols []Column, have bool, opts ViewOptions) string {
	var sel []string
	for _, c := range cols {
		if have {
			sel = append(sel, fmt.Sprintf("CAST(`%s` AS %s) AS `%s`", c.Name, c.Type, c.Name))
		} else {
			sel = append(sel, fmt.Sprintf("CAST(NULL AS %s) AS `%s`", c.Type, c.Name))
		}
	}
	sel = append(sel, "CAST(0 AS BIGINT) AS load_id")
	if table == "signins" {
		sel = append(sel, "id AS request_id")
	}
	if !have {
		return fmt.Sprintf("CREATE OR REPLACE TEMP VIEW %s AS SELECT %s WHERE false", table, strings.Join(sel, ", "))
	}
	var conds []string
	if !opts.Since.IsZero() {
		conds = append(conds, "`date` >= DATE '"+opts.Since.UTC().Add(-opts.LookBack).Format("2006-01-02")+"'")
	}
	if !opts.Until.IsZero() {
		conds = append(conds, "`date` <= DATE '"+opts.Until.UTC().Format("2006-01-02")+"'")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	path := strings.ReplaceAll(tablePath(dir, table), "`", "``") // backquoted: no escapes but the backquote
	from := "parquet.`" + path + "`"
	if opts.Raw != "" {
		from = opts.Raw
	}
	return fmt.Sprintf("CREATE OR REPLACE TEMP VIEW %s AS SELECT %s FROM %s%s", table, strings.Join(sel, ", "), from, where)
}

// tablePath is the folder of table's partitions under dir, a local folder or a URL
// (abfss://, s3a://, dbfs:) whose double slash filepath.Join would fold.
func tablePath(dir, table string) string {
	if strings.Contains(dir, "://") || strings.HasPrefix(dir, "dbfs:") {
		return strings.TrimRight(dir, "/") + "/" + table
	}
	return filepath.ToSlash(filepath.Join(dir, table))
}

// HasPartitions reports whether dir holds Parquet partitions of table.
func HasPartitions(dir, table string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, table, "date=*", "*.parquet"))
	return len(m) > 0
}

// Views makes every canonical table a temporary view over the history at dir (a folder
// the Spark cluster reads at the same path: a shared file system, or an abfss://, s3a://
// or dbfs: URL).
func (s *Session) Views(ctx context.Context, dir string, cols map[string][]Column, opts ViewOptions) error {
	local := !strings.Contains(dir, "://") && !strings.HasPrefix(dir, "dbfs:")
	if local {
		fi, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("history %s: not a folder", dir)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		dir = abs
	}
	found := 0
	for _, t := range store.Tables {
		have := !local || HasPartitions(dir, t.Name)
		if have {
			found++
		}
		o := opts
		if have {
			// A data source view lists the partitions once, where parquet.`dir` would list
			// them again each time a rule names the table.
			raw := "er_raw_" + t.Name
			path := strings.ReplaceAll(strings.ReplaceAll(tablePath(dir, t.Name), `\`, `\\`), "'", `\'`)
			if err := s.Exec(ctx, "CREATE OR REPLACE TEMPORARY VIEW "+raw+" USING parquet OPTIONS (path '"+path+"')"); err != nil {
				return fmt.Errorf("history view %s: %w", t.Name, err)
			}
			o.Raw = raw
		}
		if err := s.Exec(ctx, ViewSQL(t.Name, dir, cols[t.Name], have, o)); err != nil {
			return fmt.Errorf("history view %s: %w", t.Name, err)
		}
	}
	if found == 0 {
		return fmt.Errorf("history %s: no Parquet partitions (table/date=YYYY-MM-DD/*.parquet) in it", dir)
	}
	return nil
}

// Engine runs the rules on a session: analyze.Engine.
type Engine struct {
	S *Session
}

// Prepare makes each input table a temporary view of its rows.
func (e *Engine) Prepare(ctx context.Context, inputs []analyze.InputTable) error {
	for _, t := range inputs {
		if err := e.S.Exec(ctx, InputViewSQL(t)); err != nil {
			return fmt.Errorf("input %s: %w", t.Name, err)
		}
	}
	return nil
}

// InputViewSQL is a temporary view holding an input table's rows as literals (the tables
// are small: a few hundred rows).
func InputViewSQL(t analyze.InputTable) string {
	var names, types []string
	for _, c := range t.Columns {
		n, typ, _ := strings.Cut(c, " ")
		names = append(names, n)
		types = append(types, typ)
	}
	if len(t.Rows) == 0 {
		var sel []string
		for i := range names {
			sel = append(sel, "CAST(NULL AS "+types[i]+") AS "+names[i])
		}
		return "CREATE OR REPLACE TEMP VIEW " + t.Name + " AS SELECT " + strings.Join(sel, ", ") + " WHERE false"
	}
	var rows []string
	for _, r := range t.Rows {
		var vals []string
		for i, v := range r {
			vals = append(vals, "CAST("+literal(v)+" AS "+types[i]+")")
		}
		rows = append(rows, "("+strings.Join(vals, ", ")+")")
	}
	return "CREATE OR REPLACE TEMP VIEW " + t.Name + " AS SELECT * FROM VALUES " + strings.Join(rows, ", ") +
		" AS t(" + strings.Join(names, ", ") + ")"
}

func literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(strings.ReplaceAll(x, `\`, `\\`), `'`, `\'`) + "'"
	case float64, int64, int32, int:
		return fmt.Sprint(x)
	case bool:
		return fmt.Sprint(x)
	}
	return "'" + strings.ReplaceAll(strings.ReplaceAll(fmt.Sprint(v), `\`, `\\`), `'`, `\'`) + "'"
}

// RunRule runs one translated rule and reads its findings from the Arrow result.
func (e *Engine) RunRule(ctx context.Context, r analyze.Rule, query string) ([]analyze.Finding, error) {
	q := "SELECT " + strings.Join(analyze.FindingColumns, ", ") + " FROM (\n" + query + "\n) AS r"
	t, err := e.S.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer t.Release()
	return Findings(t)
}

// Findings reads the rows of an Arrow table with analyze.FindingColumns.
func Findings(t arrow.Table) ([]analyze.Finding, error) {
	if int(t.NumCols()) != len(analyze.FindingColumns) {
		return nil, fmt.Errorf("findings: %d columns, want %d", t.NumCols(), len(analyze.FindingColumns))
	}
	tr := array.NewTableReader(t, 1024)
	defer tr.Release()
	var out []analyze.Finding
	for tr.Next() {
		rec := tr.Record()
		for i := 0; i < int(rec.NumRows()); i++ {
			var f analyze.Finding
			var err error
			get := func(c int) *string { return strAt(rec.Column(c), i) }
			if k := get(0); k != nil {
				f.DetectionKey = *k
			}
			f.UserPrincipalName, f.IPAddress = get(1), get(2)
			if f.FirstSeen, err = timeAt(rec.Column(3), i); err != nil {
				return nil, err
			}
			if f.LastSeen, err = timeAt(rec.Column(4), i); err != nil {
				return nil, err
			}
			if f.EventCount, err = intAt(rec.Column(5), i); err != nil {
				return nil, err
			}
			if s := get(6); s != nil {
				f.Severity = *s
			}
			f.Evidence, f.Target, f.EventTable = get(7), get(8), get(9)
			if f.EventIDs, err = listAt(rec.Column(10), i); err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	return out, tr.Err()
}

func strAt(c arrow.Array, i int) *string {
	if c.IsNull(i) {
		return nil
	}
	var s string
	switch a := c.(type) {
	case *array.String:
		s = a.Value(i)
	case *array.LargeString:
		s = a.Value(i)
	default:
		s = c.ValueStr(i)
	}
	return &s
}

func timeAt(c arrow.Array, i int) (time.Time, error) {
	if c.IsNull(i) {
		return time.Time{}, nil
	}
	a, ok := c.(*array.Timestamp)
	if !ok {
		return time.Time{}, fmt.Errorf("findings: a time column is %s", c.DataType())
	}
	unit := a.DataType().(*arrow.TimestampType).Unit
	return a.Value(i).ToTime(unit).UTC(), nil
}

func intAt(c arrow.Array, i int) (int64, error) {
	if c.IsNull(i) {
		return 0, nil
	}
	switch a := c.(type) {
	case *array.Int64:
		return a.Value(i), nil
	case *array.Int32:
		return int64(a.Value(i)), nil
	}
	return 0, fmt.Errorf("findings: event_count is %s", c.DataType())
}

func listAt(c arrow.Array, i int) ([]string, error) {
	if c.IsNull(i) {
		return nil, nil
	}
	a, ok := c.(*array.List)
	if !ok {
		return nil, fmt.Errorf("findings: event_ids is %s", c.DataType())
	}
	start, end := a.ValueOffsets(i)
	vals := a.ListValues()
	out := make([]string, 0, end-start)
	for k := start; k < end; k++ {
		if s := strAt(vals, int(k)); s != nil {
			out = append(out, *s)
		}
	}
	return out, nil
}

// ErrNoSpark is returned by StartLocal when pyspark or Java is missing.
var ErrNoSpark = errors.New("spark: no local Spark")
