package schedule

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/config"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestRunOnceWritesARun(t *testing.T) {
	job := testJob(t)
	clk := &clock{now: time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)}
	var logs logSink
	opts := Options{Logger: logs.logger(), Now: clk.Now, Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
		clk.advance(95 * time.Second)
		return Outcome{
			Files: 12, FilesRejected: 1, Rows: 45120, Detections: 7,
			UsersByLevel: map[string]int{"high": 1, "medium": 2, "low": 4},
			Outputs: []string{
				writeReport(t, runDir, "report.xlsx", "x"),
				writeReport(t, runDir, "flagged_users.csv", "y"),
			},
		}, nil
	}}
	out, err := RunOnce(context.Background(), job, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.ExitStatus != 3 {
		t.Errorf("exit status with a rejected file: got %d; want 3", out.ExitStatus)
	}
	runDir := filepath.Join(job.Out, "2026-11-25T020000Z")
	if got, err := Latest(job.Out); err != nil || got != runDir {
		t.Errorf("latest: got %q, %v; want %s", got, err, runDir)
	}
	if got := listDir(t, runDir); !reflect.DeepEqual(got, []string{"flagged_users.csv", "report.xlsx", "summary.txt"}) {
		t.Errorf("run folder: got %v; want the reports and summary.txt", got)
	}
	summary, err := os.ReadFile(filepath.Join(runDir, "summary.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"entrarisk job nightly: finished", "Duration:    1m35s", "Files:       12 loaded, 1 rejected",
		"Users:       1 high, 2 medium, 4 low", "Exit status: 3", "  report.xlsx\n"} {
		if !strings.Contains(string(summary), want) {
			t.Errorf("summary.txt lacks %q:\n%s", want, summary)
		}
	}
	lines := logs.records(t, "run finished")
	if len(lines) != 1 {
		t.Fatalf("got %d run lines; want 1:\n%s", len(lines), logs.String())
	}
	line := lines[0]
	want := map[string]any{
		"level": "INFO", "job": "nightly", "started": "2026-11-25T02:00:00Z", "duration": float64(95 * time.Second),
		"run_dir": runDir, "files": 12.0, "rejected": 1.0, "rows": 45120.0, "detections": 7.0,
		"users_high": 1.0, "users_medium": 2.0, "users_low": 4.0,
		"outputs": []any{"report.xlsx", "flagged_users.csv"}, "exit_status": 3.0,
	}
	for k, v := range want {
		if !reflect.DeepEqual(line[k], v) {
			t.Errorf("run line %s: got %#v; want %#v", k, line[k], v)
		}
	}
	if _, ok := line["error"]; ok {
		t.Errorf("run line of a good run has an error: %v", line["error"])
	}
}

func TestRunOnceFailedRun(t *testing.T) {
	job := testJob(t)
	clk := &clock{now: time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)}
	var logs logSink
	calls := 0
	opts := Options{Logger: logs.logger(), Now: clk.Now, Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
		calls++
		writeReport(t, runDir, "report.xlsx", "half")
		switch calls {
		case 2:
			return Outcome{Files: 3}, errors.New("disk full")
		case 3:
			panic("boom")
		}
		return Outcome{Outputs: []string{filepath.Join(runDir, "report.xlsx")}}, nil
	}}
	if _, err := RunOnce(context.Background(), job, opts); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(job.Out, "2026-11-25T020000Z")
	for _, wantErr := range []string{"job nightly: disk full", "job nightly: runner panicked: boom"} {
		out, err := RunOnce(context.Background(), job, opts)
		if err == nil || err.Error() != wantErr {
			t.Errorf("got error %v; want %s", err, wantErr)
		}
		if out.ExitStatus != 1 {
			t.Errorf("exit status: got %d; want 1", out.ExitStatus)
		}
		if got, _ := Latest(job.Out); got != good {
			t.Errorf("latest after a failed run: got %s; want %s (the last good run)", got, good)
		}
	}
	want := []string{"2026-11-25T020000Z", "2026-11-25T020000Z-2.failed", "2026-11-25T020000Z-3.failed", "latest"}
	if got := listDir(t, job.Out); !reflect.DeepEqual(got, want) {
		t.Errorf("report folder: got %v; want %v", got, want)
	}
	// A failed run's folder holds its summary and nothing half-written.
	failed := filepath.Join(job.Out, "2026-11-25T020000Z-2.failed")
	if got := listDir(t, failed); !reflect.DeepEqual(got, []string{"summary.txt"}) {
		t.Errorf("failed run folder: got %v; want only summary.txt", got)
	}
	summary, _ := os.ReadFile(filepath.Join(failed, "summary.txt"))
	if !strings.Contains(string(summary), "entrarisk job nightly: failed") || !strings.Contains(string(summary), "What went wrong:\n  disk full\n") {
		t.Errorf("summary of the failed run:\n%s", summary)
	}
	lines := logs.records(t, "run failed")
	if len(lines) != 2 {
		t.Fatalf("got %d run failed lines; want 2:\n%s", len(lines), logs.String())
	}
	if lines[0]["level"] != "ERROR" || lines[0]["error"] != "disk full" || lines[0]["exit_status"] != 1.0 ||
		lines[0]["files"] != 3.0 || lines[0]["run_dir"] != failed {
		t.Errorf("run failed line: got %v; want level ERROR, error disk full, exit_status 1, files 3, run_dir %s", lines[0], failed)
	}
	if len(logs.records(t, "runner panicked")) != 1 {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

func TestRunOnceCannotMakeItsFolder(t *testing.T) {
	job := testJob(t)
	if err := os.WriteFile(filepath.Dir(job.Out)+"/reports", []byte("a file, not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs logSink
	ran := false
	out, err := RunOnce(context.Background(), job, Options{Logger: logs.logger(), Runner: func(context.Context, config.Job, string) (Outcome, error) {
		ran = true
		return Outcome{}, nil
	}})
	if err == nil || !strings.Contains(err.Error(), "run folder") || out.ExitStatus != 1 || ran {
		t.Errorf("got %v, exit %d, runner ran %v; want a run folder error, exit 1, no run", err, out.ExitStatus, ran)
	}
	if lines := logs.records(t, "run failed"); len(lines) != 1 || !strings.Contains(lines[0]["error"].(string), "run folder") {
		t.Errorf("run failed lines: got %v; want one naming the run folder", lines)
	}
}

func TestRunOnceRetention(t *testing.T) {
	job := testJob(t)
	job.KeepReports = 2
	job.KeepStore = 400 * 24 * time.Hour
	clk := &clock{now: time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)}
	var logs logSink
	var pruneBefore []time.Time
	opts := Options{
		Logger: logs.logger(), Now: clk.Now,
		Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
			return Outcome{Outputs: []string{writeReport(t, runDir, "report.xlsx", "x")}}, nil
		},
		PruneStore: func(ctx context.Context, j config.Job, before time.Time) (map[string]int64, error) {
			// The report is complete and latest points at it before the store loses rows.
			if got, _ := Latest(j.Out); got != filepath.Join(j.Out, clk.Now().Format(runLayout)) {
				t.Errorf("store pruned before latest moved: latest is %s", got)
			}
			pruneBefore = append(pruneBefore, before)
			return map[string]int64{"signins": 5, "directory_audits": 2}, nil
		},
	}
	for i := 0; i < 4; i++ {
		if _, err := RunOnce(context.Background(), job, opts); err != nil {
			t.Fatal(err)
		}
		clk.advance(24 * time.Hour)
	}
	want := []string{"2026-11-27T020000Z", "2026-11-28T020000Z", "latest"}
	if got := listDir(t, job.Out); !reflect.DeepEqual(got, want) {
		t.Errorf("report folder after 4 runs keeping 2: got %v; want %v", got, want)
	}
	if len(pruneBefore) != 4 || !pruneBefore[0].Equal(time.Date(2025, 10, 21, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("store pruned before: got %v; want 4 cut-offs, the first 2025-10-21T02:00:00Z (400 days before the run)", pruneBefore)
	}
	lines := logs.records(t, "run finished")
	if len(lines) != 4 || lines[0]["store_pruned_rows"] != 7.0 ||
		!reflect.DeepEqual(lines[0]["store_pruned"], map[string]any{"directory_audits": 2.0, "signins": 5.0}) {
		t.Errorf("run line: got %v; want store_pruned_rows 7 and the rows per table", lines)
	}

	// A store that cannot be pruned fails the run, and the complete report stays latest.
	opts.PruneStore = func(context.Context, config.Job, time.Time) (map[string]int64, error) {
		return nil, errors.New("store is in use")
	}
	_, err := RunOnce(context.Background(), job, opts)
	if err == nil || !strings.Contains(err.Error(), "retention: store") {
		t.Errorf("got %v; want a retention error", err)
	}
	if got, _ := Latest(job.Out); got != filepath.Join(job.Out, "2026-11-29T020000Z") {
		t.Errorf("latest after a retention failure: got %s; want the run's complete report", got)
	}
}

func TestRunOnceCancelledBeforeStart(t *testing.T) {
	job := testJob(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out, err := RunOnce(ctx, job, Options{Runner: func(context.Context, config.Job, string) (Outcome, error) {
		t.Error("the runner ran after the context was done")
		return Outcome{}, nil
	}})
	if !errors.Is(err, context.Canceled) || out.ExitStatus != 130 {
		t.Errorf("got %v, exit %d; want context.Canceled, exit 130", err, out.ExitStatus)
	}
	if _, err := os.Stat(job.Out); !os.IsNotExist(err) {
		t.Errorf("a run that never started made its report folder")
	}
}

func TestSummaryGolden(t *testing.T) {
	r := report{
		Job:      "nightly",
		Started:  time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC),
		Duration: 95*time.Second + 400*time.Millisecond,
		RunDir:   "/srv/reports/2026-11-25T020000Z",
		Outcome: Outcome{Files: 12, FilesRejected: 1, Rows: 45120, Detections: 7, ExitStatus: 3,
			UsersByLevel: map[string]int{"high": 1, "low": 4, "none": 9}},
		Outputs: []string{"report.xlsx", "<script>alert(1)</script>.csv"},
	}
	failed := r
	failed.Failed = true
	failed.Outputs = nil
	failed.Outcome.ExitStatus = 1
	failed.Err = "ingest /srv/exports/\x1b[31mevil.json: bad & <b>bold</b>\nsecond line"
	cases := []struct {
		file string
		r    report
		kind string
	}{
		{"summary_ok.txt", r, config.SummaryText},
		{"summary_ok.html", r, config.SummaryHTML},
		{"summary_failed.txt", failed, config.SummaryText},
		{"summary_failed.html", failed, config.SummaryHTML},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			dir := t.TempDir()
			if err := writeSummary(dir, c.kind, c.r); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, summaryFile(c.kind)))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", c.file)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			raws := []string{"\x1b"}
			if c.kind == config.SummaryHTML {
				raws = append(raws, "<script>", "<b>")
			}
			for _, raw := range raws {
				if strings.Contains(string(got), raw) {
					t.Errorf("%s holds %q unescaped", c.file, raw)
				}
			}
		})
	}
	if err := writeSummary(t.TempDir(), config.SummaryNone, r); err != nil {
		t.Errorf("summary none: %v", err)
	}
}
