package schedule

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entrarisk/entrarisk/config"
	"github.com/entrarisk/entrarisk/ingest"
	"github.com/entrarisk/entrarisk/store"
)

// runScheduler starts Run in the background; the returned function cancels it and returns
// Run's error and how long it took to return.
func runScheduler(t *testing.T, opts Options) (stop func() (error, time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	var once sync.Once
	var err error
	var took time.Duration
	stop = func() (error, time.Duration) {
		once.Do(func() {
			start := time.Now()
			cancel()
			select {
			case err = <-done:
			case <-time.After(opts.ShutdownGrace + 10*time.Second):
				err = errors.New("Run did not return")
			}
			took = time.Since(start)
		})
		return err, took
	}
	t.Cleanup(func() { stop() })
	return stop
}

func TestRunSkipsARunStillGoing(t *testing.T) {
	job := testJob(t)
	var logs logSink
	var running, maxRunning, calls atomic.Int32
	release := make(chan struct{})
	opts := Options{
		Jobs: []config.Job{job}, Logger: logs.logger(), Schedule: everySchedule(20 * time.Millisecond),
		Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
			n := running.Add(1)
			defer running.Add(-1)
			for {
				m := maxRunning.Load()
				if n <= m || maxRunning.CompareAndSwap(m, n) {
					break
				}
			}
			if calls.Add(1) == 1 {
				<-release // the first run lasts several periods
			}
			return Outcome{Outputs: []string{writeReport(t, runDir, "report.xlsx", "x")}}, nil
		},
	}
	stop := runScheduler(t, opts)
	waitFor(t, 5*time.Second, "two skipped runs", func() bool {
		return len(logs.records(t, "run skipped: the previous run is still going")) >= 2
	})
	if got := calls.Load(); got != 1 {
		t.Errorf("runs started while the first was going: got %d; want 1", got)
	}
	close(release)
	waitFor(t, 5*time.Second, "a run after the long one", func() bool { return calls.Load() >= 2 })
	waitFor(t, 5*time.Second, "its run line", func() bool { return len(logs.records(t, "run finished")) >= 2 })
	if err, _ := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := maxRunning.Load(); got != 1 {
		t.Errorf("runs at once: got %d; want 1", got)
	}
	skip := logs.records(t, "run skipped: the previous run is still going")[0]
	if skip["level"] != "WARN" || skip["job"] != "nightly" {
		t.Errorf("skip line: got %v; want level WARN and job nightly", skip)
	}
	// Runs of one second get suffixed folders; every complete run has its own.
	var complete int
	for _, name := range listDir(t, job.Out) {
		if r, ok := parseRunName(name); ok && !r.failed {
			complete++
		}
	}
	if finished := len(logs.records(t, "run finished")); complete != finished {
		t.Errorf("run folders: got %d; want one per finished run (%d)", complete, finished)
	}
}

func TestRunShutdownInTheMiddleOfARun(t *testing.T) {
	job := testJob(t)
	var logs logSink
	started := make(chan string, 1)
	var sawCancel atomic.Bool
	opts := Options{
		Jobs: []config.Job{job}, Logger: logs.logger(), Schedule: everySchedule(20 * time.Millisecond),
		ShutdownGrace: 3 * time.Second,
		Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
			writeReport(t, runDir, "report.xlsx", "half written")
			select {
			case started <- runDir:
			default:
			}
			<-ctx.Done()
			sawCancel.Store(true)
			time.Sleep(50 * time.Millisecond) // finishing the current file
			return Outcome{Files: 1}, fmt.Errorf("ingest: %w", ctx.Err())
		},
	}
	stop := runScheduler(t, opts)
	var runDir string
	select {
	case runDir = <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("no run started")
	}
	err, took := stop()
	if err != nil {
		t.Fatalf("Run after a shutdown in a run: got %v; want nil", err)
	}
	if !sawCancel.Load() {
		t.Errorf("the runner's context was not cancelled")
	}
	if took > 2*time.Second {
		t.Errorf("shutdown took %s; want well within the grace", took)
	}
	if _, err := os.Stat(runDir); !os.IsNotExist(err) {
		t.Errorf("the interrupted run's folder %s is still there (%v)", runDir, err)
	}
	if got := listDir(t, job.Out); len(got) != 1 || !strings.HasSuffix(got[0], ".failed") {
		t.Errorf("report folder: got %v; want only the interrupted run, marked .failed, and no latest", got)
	}
	if got := listDir(t, runDir+failedSuffix); !reflect.DeepEqual(got, []string{"summary.txt"}) {
		t.Errorf("interrupted run's folder: got %v; want only summary.txt", got)
	}
	lines := logs.records(t, "run failed")
	if len(lines) != 1 || lines[0]["exit_status"] != 130.0 || lines[0]["level"] != "WARN" {
		t.Errorf("run line: got %v; want one run failed at WARN with exit_status 130", lines)
	}
	if len(logs.records(t, "scheduler stopped")) != 1 {
		t.Errorf("no scheduler stopped line:\n%s", logs.String())
	}
}

func TestRunShutdownGiveUpAfterTheGrace(t *testing.T) {
	job := testJob(t)
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	defer close(release)
	opts := Options{
		Jobs: []config.Job{job}, Schedule: everySchedule(20 * time.Millisecond),
		ShutdownGrace: 150 * time.Millisecond,
		Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
			select {
			case started <- struct{}{}:
			default:
			}
			<-release // ignores its context
			return Outcome{}, nil
		},
	}
	stop := runScheduler(t, opts)
	<-started
	err, took := stop()
	if err == nil || !strings.Contains(err.Error(), "nightly still running after 150ms") {
		t.Errorf("got %v; want an error naming the job still running", err)
	}
	if took < 150*time.Millisecond || took > 2*time.Second {
		t.Errorf("Run returned after %s; want just after the 150ms grace", took)
	}
}

// A failed run is logged and the next still runs; this test uses a real one-second cron
// spec, the shortest there is.
func TestRunGoesOnAfterAFailedRun(t *testing.T) {
	job := testJob(t)
	job.Cron = "@every 1s"
	var logs logSink
	var calls atomic.Int32
	opts := Options{
		Jobs: []config.Job{job}, Logger: logs.logger(),
		Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
			if calls.Add(1) == 1 {
				return Outcome{}, fmt.Errorf("input %s: permission denied", j.Inputs[0])
			}
			return Outcome{Outputs: []string{writeReport(t, runDir, "report.xlsx", "x")}}, nil
		},
	}
	stop := runScheduler(t, opts)
	waitFor(t, 5*time.Second, "a good run after the failed one", func() bool { return len(logs.records(t, "run finished")) >= 1 })
	if err, _ := stop(); err != nil {
		t.Fatal(err)
	}
	failed := logs.records(t, "run failed")
	if len(failed) != 1 || !strings.Contains(failed[0]["error"].(string), "permission denied") || failed[0]["job"] != "nightly" {
		t.Fatalf("run failed lines: got %v; want one naming the job and the reason", failed)
	}
	scheduled := logs.records(t, "job scheduled")
	if len(scheduled) != 1 || scheduled[0]["cron"] != "@every 1s" || scheduled[0]["next"] == nil {
		t.Errorf("job scheduled line: got %v; want the job's cron spec and next run", scheduled)
	}
	good := logs.records(t, "run finished")[0]
	if got, _ := Latest(job.Out); got != good["run_dir"] {
		t.Errorf("latest: got %s; want the good run's folder %v", got, good["run_dir"])
	}
}

func TestRunJobsSharingAStoreTakeTurns(t *testing.T) {
	a, b := testJob(t), testJob(t)
	b.Name, b.DB = "weekly", a.DB
	var logs logSink
	var mu sync.Mutex
	inStore := map[string]int{}
	maxIn := 0
	runs := map[string]int{}
	opts := Options{
		Jobs: []config.Job{a, b}, Logger: logs.logger(), Schedule: everySchedule(15 * time.Millisecond),
		Runner: func(ctx context.Context, j config.Job, runDir string) (Outcome, error) {
			mu.Lock()
			inStore[j.DB]++
			maxIn = max(maxIn, inStore[j.DB])
			mu.Unlock()
			time.Sleep(40 * time.Millisecond)
			mu.Lock()
			inStore[j.DB]--
			runs[j.Name]++
			mu.Unlock()
			return Outcome{}, nil
		},
	}
	stop := runScheduler(t, opts)
	waitFor(t, 5*time.Second, "two runs of each job", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return runs["nightly"] >= 2 && runs["weekly"] >= 2
	})
	if err, _ := stop(); err != nil {
		t.Fatal(err)
	}
	if maxIn != 1 {
		t.Errorf("jobs in one store at once: got %d; want 1", maxIn)
	}
}

func TestRunRefusesJobsItCannotSchedule(t *testing.T) {
	good := testJob(t)
	noCron := testJob(t)
	noCron.Name, noCron.Cron = "adhoc", ""
	bad := testJob(t)
	bad.Name, bad.Cron = "broken", "0 2 * *"
	runner := func(context.Context, config.Job, string) (Outcome, error) {
		t.Error("a job ran")
		return Outcome{}, nil
	}
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"no cron spec", Options{Jobs: []config.Job{good, noCron}, Runner: runner}, `job "adhoc": no cron spec`},
		{"bad cron spec", Options{Jobs: []config.Job{bad}, Runner: runner}, `job "broken": cron: expected 5 to 6 fields, found 4: [0 2 * *]`},
		{"the same job twice", Options{Jobs: []config.Job{good, good}, Runner: runner}, `job "nightly": scheduled twice`},
		{"no jobs", Options{Runner: runner}, "schedule: no jobs"},
		{"no runner", Options{Jobs: []config.Job{good}}, "schedule: no runner"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := Run(ctx, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v; want an error holding %s", err, c.want)
			}
		})
	}
}

// signinsFile is a Graph sign-ins export of one successful sign-in.
func signinsFile(id, upn string) string {
	return fmt.Sprintf(`[{"id":%q,"createdDateTime":"2026-10-01T10:00:00Z","userPrincipalName":%q,"status":{"errorCode":0}}]`, id, upn)
}

// ingestRunner is a runner that loads the job's inputs into its store with the real
// ingest, once the test lets it through gate, and reports each run's ingest summary.
func ingestRunner(t *testing.T, gate <-chan struct{}, results chan<- *ingest.Summary) Runner {
	return func(ctx context.Context, job config.Job, runDir string) (Outcome, error) {
		if gate != nil {
			select {
			case <-gate:
			case <-ctx.Done():
				return Outcome{}, ctx.Err()
			}
		}
		s, err := store.Open(ctx, job.DB, store.Options{})
		if err != nil {
			return Outcome{}, err
		}
		defer s.Close()
		sum, err := ingest.Run(ctx, s.DB, job.Inputs, ingest.Options{Skip: []string{job.DB, job.DB + ".wal"}})
		if err != nil {
			return Outcome{}, err
		}
		rejected, _ := sum.Rejected()
		o := Outcome{Files: len(sum.Files) - rejected, FilesRejected: rejected}
		var loaded []string
		for _, f := range sum.Files {
			o.Rows += f.Added
			loaded = append(loaded, filepath.Base(f.Path))
		}
		o.Outputs = []string{writeReport(t, runDir, "loaded.txt", strings.Join(loaded, "\n"))}
		if results != nil {
			results <- sum
		}
		return o, nil
	}
}

func TestRunLoadsAFileThatArrivedBetweenRuns(t *testing.T) {
	job := testJob(t)
	exports := job.Inputs[0]
	if err := os.MkdirAll(exports, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(exports, "PT1H-00.json"), []byte(signinsFile("a", "a@contoso.com")), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs logSink
	gate := make(chan struct{})
	results := make(chan *ingest.Summary, 4)
	opts := Options{Jobs: []config.Job{job}, Logger: logs.logger(), Schedule: everySchedule(20 * time.Millisecond),
		Runner: ingestRunner(t, gate, results)}
	stop := runScheduler(t, opts)
	next := func() *ingest.Summary {
		t.Helper()
		select {
		case gate <- struct{}{}:
		case <-time.After(10 * time.Second):
			t.Fatal("no run came to the gate")
		}
		select {
		case s := <-results:
			return s
		case <-time.After(30 * time.Second):
			t.Fatal("the run did not finish")
		}
		return nil
	}
	loaded := func(s *ingest.Summary) []string {
		var out []string
		for _, f := range s.Files {
			out = append(out, filepath.Base(f.Path)+":"+f.Status)
		}
		sort.Strings(out)
		return out
	}
	first := next()
	if got, want := loaded(first), []string{"PT1H-00.json:loaded"}; !reflect.DeepEqual(got, want) {
		t.Errorf("first run loaded %v; want %v", got, want)
	}
	// A new hourly file arrives between the runs.
	if err := os.WriteFile(filepath.Join(exports, "PT1H-01.json"), []byte(signinsFile("b", "b@contoso.com")), 0o600); err != nil {
		t.Fatal(err)
	}
	second := next()
	if got, want := loaded(second), []string{"PT1H-01.json:loaded"}; !reflect.DeepEqual(got, want) {
		t.Errorf("second run loaded %v; want %v (only the new file)", got, want)
	}
	if second.Unchanged != 1 {
		t.Errorf("second run skipped %d unchanged files; want 1", second.Unchanged)
	}
	third := next()
	if len(third.Files) != 0 || third.Unchanged != 2 {
		t.Errorf("third run: loaded %v, skipped %d; want nothing loaded, 2 skipped", loaded(third), third.Unchanged)
	}
	if err, _ := stop(); err != nil {
		t.Fatal(err)
	}

	// The store holds both sign-ins, each loaded by its own run.
	s, err := store.Open(context.Background(), job.DB, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.DB.Query(`SELECT f.path, f.run_id, count(si.id) FROM ingest_files f
		LEFT JOIN signins si ON si.load_id = f.load_id GROUP BY ALL ORDER BY f.path`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var path, runID string
		var n int
		if err := rows.Scan(&path, &runID, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %v %d", filepath.Base(path), runID == first.RunID, n))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"PT1H-00.json true 1", "PT1H-01.json false 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("manifest (file, loaded by the first run, sign-ins): got %v; want %v", got, want)
	}
	lines := logs.records(t, "run finished")
	if len(lines) < 3 || lines[0]["files"] != 1.0 || lines[0]["rows"] != 1.0 || lines[1]["files"] != 1.0 || lines[2]["files"] != 0.0 {
		t.Errorf("run lines: got %v; want files 1, 1, 0 and rows 1 in the first", lines)
	}
}

func TestRunOnceKeepStoreWithARealStore(t *testing.T) {
	job := testJob(t)
	job.KeepStore = 30 * 24 * time.Hour
	exports := job.Inputs[0]
	if err := os.MkdirAll(exports, 0o700); err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(signinsFile("old", "a@contoso.com"), "2026-10-01", "2026-09-01", 1)
	for name, body := range map[string]string{"old.json": old, "new.json": signinsFile("new", "b@contoso.com")} {
		if err := os.WriteFile(filepath.Join(exports, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var logs logSink
	now := func() time.Time { return time.Date(2026, 10, 15, 2, 0, 0, 0, time.UTC) }
	out, err := RunOnce(context.Background(), job, Options{Logger: logs.logger(), Now: now, Runner: ingestRunner(t, nil, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if out.Rows != 2 || out.StorePruned["signins"] != 1 {
		t.Errorf("got rows %d, pruned %v; want 2 rows loaded and 1 sign-in pruned", out.Rows, out.StorePruned)
	}
	s, err := store.Open(context.Background(), job.DB, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids string
	if err := s.DB.QueryRow("SELECT string_agg(id, ',' ORDER BY id) FROM signins").Scan(&ids); err != nil {
		t.Fatal(err)
	}
	if ids != "new" {
		t.Errorf("sign-ins left: got %s; want new (old is more than 30 days before the run)", ids)
	}
	if line := logs.records(t, "run finished"); len(line) != 1 || line[0]["store_pruned_rows"] != 1.0 {
		t.Errorf("run line: got %v; want store_pruned_rows 1", line)
	}
}

// TestHelperHoldStore is not a test: TestStoreHeldByAnotherProcess runs the test binary
// with it to hold a store open in a second process.
func TestHelperHoldStore(t *testing.T) {
	path := os.Getenv("ENTRARISK_TEST_HOLD_STORE")
	if path == "" {
		t.Skip("helper process for TestStoreHeldByAnotherProcess")
	}
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin) // hold the store until the parent closes stdin
	s.Close()
	os.Exit(0)
}

func TestStoreHeldByAnotherProcess(t *testing.T) {
	job := testJob(t)
	if err := os.MkdirAll(job.Inputs[0], 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldStore$")
	cmd.Env = append(os.Environ(), "ENTRARISK_TEST_HOLD_STORE="+job.DB)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper process said %q, %v; want ready", line, err)
	}

	_, err = store.Open(context.Background(), job.DB, store.Options{})
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("store.Open of a store another process holds: got %v; want store.ErrLocked", err)
	}
	if want := fmt.Sprintf("(pid %d holds it)", cmd.Process.Pid); !strings.Contains(err.Error(), want) {
		t.Errorf("got %q; want it to name the holder: %s", err, want)
	}

	// A scheduled run on that store fails politely, saying who holds it.
	var logs logSink
	out, err := RunOnce(context.Background(), job, Options{Logger: logs.logger(), Runner: ingestRunner(t, nil, nil)})
	if !errors.Is(err, store.ErrLocked) || out.ExitStatus != 1 {
		t.Errorf("RunOnce on a held store: got %v, exit %d; want store.ErrLocked, exit 1", err, out.ExitStatus)
	}
	lines := logs.records(t, "run failed")
	if len(lines) != 1 || !strings.Contains(lines[0]["error"].(string), fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Errorf("run line: got %v; want a run failed line naming pid %d", lines, cmd.Process.Pid)
	}
	if got, _ := Latest(job.Out); got != "" {
		t.Errorf("latest after the failed run: got %s; want none", got)
	}
}
