package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/entrarisk/entrarisk/spark"
)

// sparkStep analyzes a year of Parquet history (the scale step's, written with
// -spark-signins sign-ins) with DuckDB and with Spark local[2] through Spark Connect, on
// this machine, for the last week, the last month and the whole year, and prints both
// times. -spark-remote measures a cluster instead of the local server.
func sparkStep(ctx context.Context, o options, tw *tabwriter.Writer, res *result) error {
	hist := filepath.Join(o.dir, fmt.Sprintf("history-%d", o.sparkSignIns))
	if _, err := os.Stat(filepath.Join(hist, ".complete")); err != nil || o.generate {
		os.RemoveAll(hist)
		start := time.Now()
		if _, err := childLoad(ctx, fmt.Sprintf("history:%d:%s:%s", o.sparkSignIns, o.bin, hist)); err != nil {
			return err
		}
		os.WriteFile(filepath.Join(hist, ".complete"), nil, 0o644)
		fmt.Fprintf(os.Stderr, "generated %s: %d sign-ins, %.0f MB of Parquet in %s\n", hist, o.sparkSignIns, float64(dirSize(hist))/1e6, time.Since(start).Round(time.Second))
	}
	remote := o.sparkRemote
	if remote == "" {
		srv, err := spark.StartLocal(ctx, 2, "8g", filepath.Join(o.dir, "spark-connect.log"))
		if err != nil {
			return fmt.Errorf("spark step: %w", err)
		}
		defer srv.Stop()
		remote = srv.Remote
	}
	end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintln(tw, "analyze a Parquet history\tsign-ins in history\tperiod\tDuckDB s\tSpark s\tDuckDB detections\tSpark detections\t")
	for _, p := range []struct{ name, since string }{
		{"last 7 days", end.AddDate(0, 0, -7).Format("2006-01-02")},
		{"last 30 days", end.AddDate(0, 0, -30).Format("2006-01-02")},
		{"whole year", ""},
	} {
		row := map[string]any{"step": "spark", "history_signins": o.sparkSignIns, "period": p.name, "spark_remote": remote}
		var secs [2]float64
		var dets [2]int64
		for i, engine := range []string{"duckdb", "spark"} {
			db := filepath.Join(o.dir, "spark-bench.duckdb")
			removeStore(db)
			args := []string{"analyze", "--db", db, "--history", hist, "--memory-limit", o.scaleMemory,
				"--temp-dir", filepath.Join(o.dir, "spill"), "--until", end.Format("2006-01-02")}
			if p.since != "" {
				args = append(args, "--since", p.since)
			}
			if engine == "spark" {
				args = append(args, "--engine", "spark", "--spark-remote", remote)
			}
			m, err := measure(ctx, o.bin, args...)
			if err != nil {
				return err
			}
			secs[i] = m.Wall.Seconds()
			dets[i], _ = count(ctx, db, "SELECT count(*) FROM detections")
			removeStore(db)
		}
		row["duckdb_seconds"], row["spark_seconds"] = secs[0], secs[1]
		row["duckdb_detections"], row["spark_detections"] = dets[0], dets[1]
		res.Rows = append(res.Rows, row)
		fmt.Fprintf(tw, "spark local[2] vs duckdb\t%d\t%s\t%.1f\t%.1f\t%d\t%d\t\n", o.sparkSignIns, p.name, secs[0], secs[1], dets[0], dets[1])
		tw.Flush()
	}
	return nil
}
