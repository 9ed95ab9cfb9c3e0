// Command entrarisk-bench measures entrarisk on generated tenants (make bench): ingest
// speed per export format beside DuckDB's own read_json as the yardstick, the whole job
// against an expert's hand-written seven-column load, and analyze and report over a
// million sign-ins. Every measured step runs the entrarisk binary as a child process, so
// its peak memory is its own.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/ingest"
)

type options struct {
	dir      string
	bin      string
	signIns  int
	big      int
	formats  string
	steps    string
	keep     bool
	generate bool
	runs     int
	scale    int
	// scaleMemory is DuckDB's memory limit for the whole-year run of the scale step.
	scaleMemory string
	// The spark step: a year of history of sparkSignIns sign-ins on Spark beside DuckDB.
	sparkSignIns int
	sparkRemote  string
	// ab lists ingest's speed mechanisms to measure with and without (ENTRARISK_BENCH_OFF).
	ab string
}

func main() {
	var o options
	flag.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "entrarisk-bench"), "working folder (generated tenants and stores; several GB)")
	flag.StringVar(&o.bin, "bin", "bin/entrarisk", "the entrarisk binary to measure")
	flag.IntVar(&o.signIns, "signins", 400000, "sign-ins in the tenant of the ingest and run steps")
	flag.IntVar(&o.big, "big", 1000000, "sign-ins in the tenant of the analyze and report steps")
	flag.StringVar(&o.formats, "formats", "graph-pages,graph-ndjson,azure-monitor,portal-csv,log-analytics-csv", "formats of the ingest step")
	flag.StringVar(&o.steps, "steps", "ingest,run,analyze,report,scale", "steps to run (and spark: the year of history on Spark local[2] beside DuckDB)")
	flag.IntVar(&o.scale, "scale", 50000000, "sign-ins in the year-long Parquet history of the scale step")
	flag.StringVar(&o.scaleMemory, "scale-memory", "8GB", "DuckDB memory limit of the scale step's whole-year run")
	flag.IntVar(&o.sparkSignIns, "spark-signins", 2000000, "sign-ins in the year-long history of the spark step (-steps spark)")
	flag.StringVar(&o.sparkRemote, "spark-remote", "", "the spark step's Spark Connect server (default: a local[2] server it starts, from pyspark)")
	flag.IntVar(&o.runs, "runs", 3, "times each ingest and run measurement (and its yardstick) is repeated, interleaved; the tables show the median")
	flag.StringVar(&o.ab, "ab", "", "instead of the steps, measure ingest and run with and without each of these mechanisms of ingest (comma-separated names that ENTRARISK_BENCH_OFF takes: "+strings.Join(ingest.BenchMechanisms, ", ")+"), interleaved, -runs rounds")
	flag.BoolVar(&o.keep, "keep", false, "keep the stores afterwards")
	flag.BoolVar(&o.generate, "regenerate", false, "write the tenants again even when present")
	child := flag.String("child", "", "internal: run one yardstick load (yardstick:FORMAT:DIR or expert:DIR) and print its seconds")
	flag.Parse()
	if *child != "" {
		// The yardsticks run in a child process of their own, so that DuckDB's memory in
		// them is not counted against the entrarisk processes measured after them (a
		// child's peak memory starts from its parent's at fork).
		d, err := runChild(context.Background(), *child)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(d.Seconds())
		return
	}
	o.runs = max(o.runs, 1)
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "entrarisk-bench:", err)
		os.Exit(1)
	}
}

// timing sums up repeated runs of one measurement: the machine is shared, and one run
// can take a fifth longer than the next.
type timing struct{ median, min, max time.Duration }

func summarize(ds []time.Duration) timing {
	s := slices.Clone(ds)
	slices.Sort(s)
	return timing{median: s[len(s)/2], min: s[0], max: s[len(s)-1]}
}

// span is the runs' range, as the tables print it.
func (t timing) span() string { return fmt.Sprintf("%.2f-%.2f", t.min.Seconds(), t.max.Seconds()) }

// measurement is one timed child process.
type measurement struct {
	Wall   time.Duration
	MaxRSS int64 // bytes
	Out    string
}

func measure(ctx context.Context, bin string, args ...string) (measurement, error) {
	return measureEnv(ctx, nil, bin, args...)
}

// measureEnv is measure with env added to the child's environment.
func measureEnv(ctx context.Context, env []string, bin string, args ...string) (measurement, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	m := measurement{Wall: time.Since(start), Out: out.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.MaxRSS = ru.Maxrss * 1024
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			return m, fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, out.String())
		}
	}
	return m, nil
}

type result struct {
	Machine string             `json:"machine"`
	Rows    []map[string]any   `json:"rows"`
	Ratios  map[string]float64 `json:"ratios"`
}

func run(ctx context.Context, o options) error {
	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("%s: %w (run make build first)", o.bin, err)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	steps := map[string]bool{}
	for _, s := range strings.Split(o.steps, ",") {
		steps[strings.TrimSpace(s)] = true
	}
	res := &result{Machine: machine(), Ratios: map[string]float64{}}
	fmt.Printf("machine: %s\n\n", res.Machine)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	defer tw.Flush()

	small := filepath.Join(o.dir, fmt.Sprintf("tenant-%d", o.signIns))
	if o.ab != "" {
		steps = map[string]bool{}
		for _, f := range strings.Split(o.formats, ",") {
			if _, err := generate(small, o.signIns, gen.Format(strings.TrimSpace(f)), o.generate); err != nil {
				return err
			}
		}
		if err := abStep(ctx, o, small, tw, res); err != nil {
			return err
		}
	}
	if steps["ingest"] || steps["run"] {
		for _, f := range strings.Split(o.formats, ",") {
			if _, err := generate(small, o.signIns, gen.Format(strings.TrimSpace(f)), o.generate); err != nil {
				return err
			}
		}
	}
	if steps["ingest"] {
		fmt.Fprintln(tw, "format\tMB\tsign-ins\tentrarisk s\truns s\tMB/s\trecords/s\tpeak MiB\tread_json s\tread_json MB/s\t")
		for _, f := range strings.Split(o.formats, ",") {
			f = strings.TrimSpace(f)
			in := filepath.Join(small, f)
			size := dirSize(in)
			db := filepath.Join(o.dir, "ingest-"+f+".duckdb")
			var walls, yards []time.Duration
			var peak, n int64
			for r := 0; r < o.runs; r++ {
				removeStore(db)
				m, err := measure(ctx, o.bin, "ingest", "-q", "--db", db, in)
				if err != nil {
					return err
				}
				walls, peak = append(walls, m.Wall), max(peak, m.MaxRSS)
				if n, err = count(ctx, db, "SELECT count(*) FROM signins"); err != nil {
					return err
				}
				yard, err := childLoad(ctx, "yardstick:"+f+":"+in)
				if err != nil {
					return err
				}
				if yard > 0 {
					yards = append(yards, yard)
				}
				fmt.Fprintf(os.Stderr, "ingest %s, run %d of %d: %.2f s (read_json %.2f s)\n", f, r+1, o.runs, m.Wall.Seconds(), yard.Seconds())
			}
			t := summarize(walls)
			mb := float64(size) / 1e6
			row := map[string]any{"step": "ingest", "format": f, "mb": mb, "signins": n, "runs": o.runs,
				"seconds": t.median.Seconds(), "seconds_min": t.min.Seconds(), "seconds_max": t.max.Seconds(),
				"mb_s": mb / t.median.Seconds(), "records_s": float64(n) / t.median.Seconds(), "peak_mib": peak >> 20}
			ys := "-"
			yr := "-"
			if len(yards) > 0 {
				y := summarize(yards)
				row["read_json_seconds"] = y.median.Seconds()
				row["read_json_seconds_min"], row["read_json_seconds_max"] = y.min.Seconds(), y.max.Seconds()
				ys = fmt.Sprintf("%.2f", y.median.Seconds())
				yr = fmt.Sprintf("%.0f", mb/y.median.Seconds())
			}
			res.Rows = append(res.Rows, row)
			fmt.Fprintf(tw, "%s\t%.0f\t%d\t%.2f\t%s\t%.0f\t%.0f\t%d\t%s\t%s\t\n", f, mb, n, t.median.Seconds(), t.span(),
				mb/t.median.Seconds(), float64(n)/t.median.Seconds(), peak>>20, ys, yr)
			if !o.keep {
				removeStore(db)
			}
		}
		fmt.Fprintln(tw)
		tw.Flush()
	}
	if steps["run"] {
		in := filepath.Join(small, "graph-pages")
		db := filepath.Join(o.dir, "run.duckdb")
		out := filepath.Join(o.dir, "run-reports")
		var walls, experts []time.Duration
		var peak int64
		for r := 0; r < o.runs; r++ {
			removeStore(db)
			os.RemoveAll(out)
			m, err := measure(ctx, o.bin, "run", "--db", db, "--out", out, in)
			if err != nil {
				return err
			}
			expert, err := childLoad(ctx, "expert::"+in)
			if err != nil {
				return err
			}
			walls, experts, peak = append(walls, m.Wall), append(experts, expert), max(peak, m.MaxRSS)
			fmt.Fprintf(os.Stderr, "run, run %d of %d: %.2f s (expert %.2f s)\n", r+1, o.runs, m.Wall.Seconds(), expert.Seconds())
		}
		t, e := summarize(walls), summarize(experts)
		ratio := t.median.Seconds() / e.median.Seconds()
		res.Ratios["run_vs_expert"] = ratio
		res.Rows = append(res.Rows, map[string]any{"step": "run", "format": "graph-pages", "mb": float64(dirSize(in)) / 1e6, "runs": o.runs,
			"seconds": t.median.Seconds(), "seconds_min": t.min.Seconds(), "seconds_max": t.max.Seconds(), "peak_mib": peak >> 20,
			"expert_seconds": e.median.Seconds(), "expert_seconds_min": e.min.Seconds(), "expert_seconds_max": e.max.Seconds(), "ratio": ratio})
		fmt.Fprintln(tw, "whole job (graph-pages)\tMB\tentrarisk run s\truns s\tpeak MiB\texpert 7-column load s\truns s\tratio\t")
		fmt.Fprintf(tw, "ingest+analyze+report\t%.0f\t%.2f\t%s\t%d\t%.2f\t%s\t%.2f\t\n", float64(dirSize(in))/1e6, t.median.Seconds(), t.span(), peak>>20, e.median.Seconds(), e.span(), ratio)
		fmt.Fprintln(tw)
		tw.Flush()
		if !o.keep {
			removeStore(db)
		}
	}
	if steps["analyze"] || steps["report"] {
		big := filepath.Join(o.dir, fmt.Sprintf("tenant-%d", o.big))
		in, err := generate(big, o.big, gen.GraphNDJSON, o.generate)
		if err != nil {
			return err
		}
		db := filepath.Join(o.dir, "big.duckdb")
		if n, _ := count(ctx, db, "SELECT count(*) FROM signins"); n < int64(o.big)*9/10 {
			removeStore(db)
			if _, err := measure(ctx, o.bin, "ingest", "-q", "--db", db, in); err != nil {
				return err
			}
		}
		n, err := count(ctx, db, "SELECT count(*) FROM signins")
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "step\tsign-ins\tseconds\tpeak MiB\tdetections\trisky sign-ins\t")
		if steps["analyze"] {
			m, err := measure(ctx, o.bin, "analyze", "--db", db)
			if err != nil {
				return err
			}
			d, _ := count(ctx, db, "SELECT count(*) FROM detections")
			r, _ := count(ctx, db, "SELECT count(*) FROM risky_signins")
			res.Rows = append(res.Rows, map[string]any{"step": "analyze", "signins": n, "seconds": m.Wall.Seconds(), "peak_mib": m.MaxRSS >> 20, "detections": d, "risky_signins": r})
			fmt.Fprintf(tw, "analyze\t%d\t%.2f\t%d\t%d\t%d\t\n", n, m.Wall.Seconds(), m.MaxRSS>>20, d, r)
		}
		if steps["report"] {
			out := filepath.Join(o.dir, "big-reports")
			os.RemoveAll(out)
			m, err := measure(ctx, o.bin, "report", "--db", db, "--out", out)
			if err != nil {
				return err
			}
			r, _ := count(ctx, db, "SELECT count(*) FROM risky_signins")
			res.Rows = append(res.Rows, map[string]any{"step": "report", "signins": n, "seconds": m.Wall.Seconds(), "peak_mib": m.MaxRSS >> 20, "risky_signins": r})
			fmt.Fprintf(tw, "report\t%d\t%.2f\t%d\t\t%d\t\n", n, m.Wall.Seconds(), m.MaxRSS>>20, r)
		}
		fmt.Fprintln(tw)
		tw.Flush()
	}
	if steps["scale"] {
		if err := scaleStep(ctx, o, tw, res); err != nil {
			return err
		}
	}
	if steps["spark"] {
		if err := sparkStep(ctx, o, tw, res); err != nil {
			return err
		}
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	return os.WriteFile(filepath.Join(o.dir, "bench.json"), b, 0o644)
}

// generate writes a tenant of about n sign-ins in format f under dir/f, unless present.
func generate(dir string, n int, f gen.Format, again bool) (string, error) {
	out := filepath.Join(dir, string(f))
	if _, err := os.Stat(filepath.Join(out, ".complete")); err == nil && !again {
		return out, nil
	}
	os.RemoveAll(out)
	users := max(n/200, 200)
	opts := gen.Options{Seed: 42, Users: users, Days: 21, SignInsPerUserDay: float64(n) / float64(users) / 21, Attacks: true, Decoys: true}
	start := time.Now()
	paths, err := gen.New(opts).Write(out, f)
	if err != nil {
		return "", err
	}
	os.Remove(filepath.Join(out, gen.ThreatIntelFile))
	fmt.Fprintf(os.Stderr, "generated %s: %d files, %.0f MB in %s\n", out, len(paths), float64(dirSize(out))/1e6, time.Since(start).Round(time.Millisecond))
	return out, os.WriteFile(filepath.Join(out, ".complete"), nil, 0o644)
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func removeStore(db string) {
	for _, s := range []string{"", ".wal", ".tmp"} {
		os.RemoveAll(db + s)
	}
}

func count(ctx context.Context, db, q string) (int64, error) {
	if _, err := os.Stat(db); err != nil {
		return 0, err
	}
	conn, err := sql.Open("duckdb", db+"?access_mode=read_only")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int64
	err = conn.QueryRowContext(ctx, q).Scan(&n)
	return n, err
}

// jsonGlob is every JSON export under dir.
func jsonGlob(dir string) string { return filepath.Join(dir, "**", "*.json") }

// yardstick times DuckDB's own read_json over the sign-in files of a JSON format,
// projecting seven columns into a table: what the files cost to read at all.
func yardstick(ctx context.Context, dir, f string) (time.Duration, error) {
	var q string
	switch f {
	case "graph-pages":
		q = `CREATE TABLE y AS SELECT v.id, v.createdDateTime, v.userPrincipalName, v.ipAddress, v.status.errorCode, v.appDisplayName, v.clientAppUsed
			FROM (SELECT unnest(value) AS v FROM read_json(?, format = 'auto', maximum_object_size = 1073741824, union_by_name = true) WHERE value IS NOT NULL)`
	case "graph-ndjson":
		q = `CREATE TABLE y AS SELECT id, createdDateTime, userPrincipalName, ipAddress, status.errorCode, appDisplayName, clientAppUsed
			FROM read_json(?, format = 'newline_delimited', union_by_name = true) WHERE createdDateTime IS NOT NULL`
	case "azure-monitor":
		q = `CREATE TABLE y AS SELECT properties.id, properties.createdDateTime, properties.userPrincipalName, properties.ipAddress, properties.status.errorCode, properties.appDisplayName, properties.clientAppUsed
			FROM read_json(?, format = 'newline_delimited', union_by_name = true) WHERE category LIKE '%SignInLogs'`
	default:
		return 0, nil
	}
	glob := signInFiles(dir, f)
	if len(glob) == 0 {
		return 0, nil
	}
	conn, err := sql.Open("duckdb", "")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	start := time.Now()
	if _, err := conn.ExecContext(ctx, q, glob); err != nil {
		return 0, fmt.Errorf("yardstick %s: %w", f, err)
	}
	return time.Since(start), nil
}

// signInFiles lists a format's sign-in files (the yardstick reads only those).
func signInFiles(dir, f string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		low := strings.ToLower(p)
		if strings.Contains(low, "signin") && !strings.Contains(low, "authdetail") && (strings.HasSuffix(low, ".json") || strings.HasSuffix(low, ".jsonl") || strings.HasSuffix(low, ".ndjson")) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// expertLoad is what an expert types by hand to load seven columns of Graph pages.
func expertLoad(ctx context.Context, dir string) (time.Duration, error) {
	conn, err := sql.Open("duckdb", "")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	files := signInFiles(dir, "graph-pages")
	start := time.Now()
	_, err = conn.ExecContext(ctx, `CREATE TABLE signins AS SELECT v.id, v.createdDateTime, v.userPrincipalName, v.ipAddress,
		v.status.errorCode, v.appDisplayName, v.clientAppUsed
		FROM (SELECT unnest(value) AS v FROM read_json(?, maximum_object_size = 1073741824, union_by_name = true))`, files)
	return time.Since(start), err
}

func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				_, model, _ = strings.Cut(l, ":")
				model = strings.TrimSpace(model)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf("%.0f GiB", float64(kb)/1024/1024)
	}
	return fmt.Sprintf("%d cores (%s), %s RAM, %s %s/%s", runtime.NumCPU(), model, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

var _ = io.EOF

// scaleStep writes a year of a 50,000-user tenant's sign-ins as a Parquet history (made in
// SQL, with a few attacks in the last week), then analyzes the last week, the last month
// and the whole year from it: what a tenant that outgrew one store file does.
func scaleStep(ctx context.Context, o options, tw *tabwriter.Writer, res *result) error {
	hist := filepath.Join(o.dir, fmt.Sprintf("history-%d", o.scale))
	if _, err := os.Stat(filepath.Join(hist, ".complete")); err != nil || o.generate {
		os.RemoveAll(hist)
		start := time.Now()
		// In a child process, for the same reason as the yardsticks.
		if _, err := childLoad(ctx, fmt.Sprintf("history:%d:%s:%s", o.scale, o.bin, hist)); err != nil {
			return err
		}
		os.WriteFile(filepath.Join(hist, ".complete"), nil, 0o644)
		fmt.Fprintf(os.Stderr, "generated %s: %d sign-ins, %.0f MB of Parquet in %s\n", hist, o.scale, float64(dirSize(hist))/1e6, time.Since(start).Round(time.Second))
	}
	end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintln(tw, "analyze a Parquet history\tsign-ins in history\tperiod\tseconds\tpeak MiB\tdetections\t")
	for _, p := range []struct {
		name, since, mem string
	}{
		{"last 7 days", end.AddDate(0, 0, -7).Format("2006-01-02"), "1GB"},
		{"last 30 days", end.AddDate(0, 0, -30).Format("2006-01-02"), "1GB"},
		{"whole year", "", o.scaleMemory},
	} {
		db := filepath.Join(o.dir, "scale.duckdb")
		removeStore(db)
		args := []string{"analyze", "--db", db, "--history", hist, "--memory-limit", p.mem, "--temp-dir", filepath.Join(o.dir, "spill"), "--until", end.Format("2006-01-02")}
		if p.since != "" {
			args = append(args, "--since", p.since)
		}
		m, err := measure(ctx, o.bin, args...)
		if err != nil {
			return err
		}
		d, _ := count(ctx, db, "SELECT count(*) FROM detections")
		res.Rows = append(res.Rows, map[string]any{"step": "scale", "history_signins": o.scale, "period": p.name, "memory_limit": p.mem,
			"seconds": m.Wall.Seconds(), "peak_mib": m.MaxRSS >> 20, "detections": d})
		fmt.Fprintf(tw, "memory limit %s\t%d\t%s\t%.2f\t%d\t%d\t\n", p.mem, o.scale, p.name, m.Wall.Seconds(), m.MaxRSS>>20, d)
		tw.Flush()
		removeStore(db)
	}
	return nil
}

// writeHistory makes a Parquet history of n sign-ins over 2026 for 50,000 users, with the
// store's columns, partitioned by day as export --parquet writes it.
func writeHistory(ctx context.Context, bin, dir string, n int) error {
	tmp := filepath.Join(os.TempDir(), fmt.Sprintf("entrarisk-bench-schema-%d.duckdb", os.Getpid()))
	defer removeStore(tmp)
	// The store's own schema says which columns (and types) the history must have: an
	// ingest of nothing makes a store with it.
	if _, err := measure(ctx, bin, "ingest", "-q", "--db", tmp, os.DevNull); err != nil {
		return err
	}
	conn, err := sql.Open("duckdb", tmp)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, `SELECT column_name, data_type FROM duckdb_columns()
		WHERE table_name = 'signins' AND column_default IS NULL AND column_name <> 'load_id' ORDER BY column_index`)
	if err != nil {
		return err
	}
	known := map[string]string{
		"id":                      "'h' || i",
		"created_at":              "TIMESTAMP '2026-01-01' + (i * 31536 // $n) * INTERVAL '1000' SECOND",
		"category":                "CASE WHEN i % 5 < 2 THEN 'interactive' ELSE 'non_interactive' END",
		"user_principal_name":     "'user' || u || '@contoso.com'",
		"user_type":               "'member'",
		"ip_address":              "CASE WHEN r % 10 = 0 THEN '198.51.100.10' ELSE '10.' || (u % 250) || '.' || (u // 250 % 250) || '.' || (1 + r % 3) END",
		"country":                 "CASE WHEN u % 5 = 0 THEN 'US' ELSE 'GB' END",
		"city":                    "CASE WHEN u % 5 = 0 THEN 'Seattle' ELSE 'London' END",
		"latitude":                "CASE WHEN u % 5 = 0 THEN 47.6 ELSE 51.5 END",
		"longitude":               "CASE WHEN u % 5 = 0 THEN -122.3 ELSE -0.1 END",
		"asn":                     "2856 + u % 7",
		"error_code":              "CASE WHEN r % 61 = 0 THEN 50126 WHEN r % 997 = 0 THEN 500121 ELSE 0 END",
		"additional_details":      "CASE WHEN r % 997 = 0 THEN 'MFA denied; user did not respond to mobile app notification' END",
		"client_app":              "CASE WHEN u % 400 = 0 AND r % 3 = 0 THEN 'IMAP4' ELSE 'Browser' END",
		"user_agent":              "'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'",
		"authentication_protocol": "'none'",
		"app_display_name":        "'Office 365 Exchange Online'",
		"is_interactive":          "i % 5 < 2",
		"source_format":           "'bench'",
		"source_file":             "'bench'",
		"ingested_at":             "TIMESTAMP '2027-01-01'",
	}
	var sel []string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			rows.Close()
			return err
		}
		if e, ok := known[name]; ok {
			sel = append(sel, fmt.Sprintf("CAST(%s AS %s) AS %s", e, typ, name))
		} else {
			sel = append(sel, fmt.Sprintf("CAST(NULL AS %s) AS %s", typ, name))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	q := fmt.Sprintf(`COPY (SELECT *, CAST(created_at AS DATE) AS date FROM (SELECT %s
		FROM (SELECT i, hash(i) %% 50000 AS u, hash(i * 31 + 7) %% 100000 AS r FROM range($n) t(i))))
		TO '%s' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), PER_THREAD_OUTPUT false, FILENAME_PATTERN 'data_{i}')`,
		strings.Join(sel, ", "), filepath.Join(dir, "signins"))
	if _, err := conn.ExecContext(ctx, q, sql.Named("n", int64(n))); err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	// The last week's attacks: a spray and MFA fatigue from abroad.
	q = fmt.Sprintf(`COPY (SELECT *, CAST(created_at AS DATE) AS date FROM (SELECT %s FROM (
		SELECT i, (i * 37) %% 50000 AS u, 0 AS r FROM range(300) t(i)))) TO '%s' (FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'attack_{i}')`,
		strings.Replace(strings.Replace(strings.Join(sel, ", "),
			known["created_at"], "TIMESTAMP '2026-12-28 03:00:00' + i * INTERVAL '4' SECOND", 1),
			known["error_code"], "50126", 1), filepath.Join(dir, "signins"))
	q = strings.Replace(q, known["id"], "'attack' || i", 1)
	q = strings.Replace(q, known["ip_address"], "'203.0.113.66'", 1)
	q = strings.Replace(q, known["country"], "'RU'", 1)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("write history attacks: %w", err)
	}
	return nil
}

// childLoad runs a yardstick in a child process and returns its time.
func childLoad(ctx context.Context, spec string) (time.Duration, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	out, err := exec.CommandContext(ctx, exe, "-child", spec).Output()
	if err != nil {
		return 0, fmt.Errorf("yardstick %s: %v", spec, err)
	}
	var secs float64
	if _, err := fmt.Sscan(string(out), &secs); err != nil {
		return 0, fmt.Errorf("yardstick %s: %q", spec, out)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

func runChild(ctx context.Context, spec string) (time.Duration, error) {
	kind, rest, _ := strings.Cut(spec, ":")
	f, dir, _ := strings.Cut(rest, ":")
	switch kind {
	case "yardstick":
		return yardstick(ctx, dir, f)
	case "expert":
		return expertLoad(ctx, dir)
	case "history":
		n, err := strconv.Atoi(f)
		if err != nil {
			return 0, err
		}
		bin, out, _ := strings.Cut(dir, ":")
		start := time.Now()
		return time.Since(start), writeHistory(ctx, bin, out, n)
	}
	return 0, fmt.Errorf("unknown child %q", spec)
}

// abStep measures what each mechanism named in o.ab saves: ingest of each format and the
// whole run, with every mechanism on and with that one off (ENTRARISK_BENCH_OFF), the
// configurations interleaved within each round (their order turning from round to round,
// so that none always runs first or after the same one). Ingest is judged by its medians,
// the whole run by its best run (the one least disturbed by the rest of the machine).
func abStep(ctx context.Context, o options, small string, tw *tabwriter.Writer, res *result) error {
	var names []string
	for _, n := range strings.Split(o.ab, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(ingest.BenchMechanisms, n) {
			return fmt.Errorf("-ab: no mechanism %q (there are %s)", n, strings.Join(ingest.BenchMechanisms, ", "))
		}
		names = append(names, n)
	}
	configs := append([]string{""}, names...) // "": every mechanism on
	label := func(c string) string {
		if c == "" {
			return "all on"
		}
		return c + " off"
	}
	var formats []string
	for _, f := range strings.Split(o.formats, ",") {
		formats = append(formats, strings.TrimSpace(f))
	}
	ingestT := map[string]map[string][]time.Duration{} // config, format
	runT := map[string][]time.Duration{}
	for _, c := range configs {
		ingestT[c] = map[string][]time.Duration{}
	}
	db := filepath.Join(o.dir, "ab.duckdb")
	out := filepath.Join(o.dir, "ab-reports")
	defer removeStore(db)
	for r := 0; r < o.runs; r++ {
		order := append(slices.Clone(configs[r%len(configs):]), configs[:r%len(configs)]...)
		env := func(c string) []string { return []string{"ENTRARISK_BENCH_OFF=" + c} }
		for _, f := range formats {
			in := filepath.Join(small, f)
			for _, c := range order {
				removeStore(db)
				m, err := measureEnv(ctx, env(c), o.bin, "ingest", "-q", "--db", db, in)
				if err != nil {
					return err
				}
				ingestT[c][f] = append(ingestT[c][f], m.Wall)
				fmt.Fprintf(os.Stderr, "ab round %d of %d: ingest %s, %s: %.2f s\n", r+1, o.runs, f, label(c), m.Wall.Seconds())
			}
		}
		in := filepath.Join(small, "graph-pages")
		for _, c := range order {
			removeStore(db)
			os.RemoveAll(out)
			m, err := measureEnv(ctx, env(c), o.bin, "run", "--db", db, "--out", out, in)
			if err != nil {
				return err
			}
			runT[c] = append(runT[c], m.Wall)
			fmt.Fprintf(os.Stderr, "ab round %d of %d: run, %s: %.2f s\n", r+1, o.runs, label(c), m.Wall.Seconds())
		}
	}
	os.RemoveAll(out)
	pct := func(off, on time.Duration) float64 { return 100 * (off.Seconds() - on.Seconds()) / on.Seconds() }
	fmt.Fprintf(tw, "mechanism (%d sign-ins, %d rounds)\tingest s, all on\tingest s, it off\tlonger without\trun s, all on\trun s, it off\tlonger without\t\n", o.signIns, o.runs)
	for _, f := range formats {
		fmt.Fprintf(tw, "ingest %s, all on\t%.2f\t\t\t\t\t\t\n", f, summarize(ingestT[""][f]).median.Seconds())
	}
	total := func(c string) time.Duration {
		var t time.Duration
		for _, f := range formats {
			t += summarize(ingestT[c][f]).median
		}
		return t
	}
	onRun := summarize(runT[""]).min
	for _, n := range names {
		offRun := summarize(runT[n]).min
		row := map[string]any{"step": "ab", "mechanism": n, "signins": o.signIns, "runs": o.runs,
			"ingest_seconds_on": total("").Seconds(), "ingest_seconds_off": total(n).Seconds(), "ingest_longer_pct": pct(total(n), total("")),
			"run_seconds_on": onRun.Seconds(), "run_seconds_off": offRun.Seconds(), "run_longer_pct": pct(offRun, onRun)}
		for _, f := range formats {
			row["ingest_"+f+"_longer_pct"] = pct(summarize(ingestT[n][f]).median, summarize(ingestT[""][f]).median)
		}
		res.Rows = append(res.Rows, row)
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%+.1f%%\t%.2f\t%.2f\t%+.1f%%\t\n", n, total("").Seconds(), total(n).Seconds(), pct(total(n), total("")),
			onRun.Seconds(), offRun.Seconds(), pct(offRun, onRun))
		for _, f := range formats {
			on, off := summarize(ingestT[""][f]).median, summarize(ingestT[n][f]).median
			fmt.Fprintf(tw, "  %s\t%.2f\t%.2f\t%+.1f%%\t\t\t\t\n", f, on.Seconds(), off.Seconds(), pct(off, on))
		}
	}
	fmt.Fprintln(tw)
	tw.Flush()
	return nil
}
