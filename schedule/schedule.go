// Package schedule runs entrarisk jobs: once (RunOnce, for `entrarisk run --config F --job
// J` under system cron, a systemd timer or a Kubernetes CronJob), or on their cron specs
// for as long as a context lives (Run, for `entrarisk schedule`). Each run gets its own
// folder under the job's report folder, named by its start time; `latest` moves to it only
// when the run completed; a run still going when the next is due is skipped, never
// overlapped; retention keeps the newest report folders and, optionally, thins the store.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/entrarisk/entrarisk/config"
	"github.com/entrarisk/entrarisk/store"
)

// Outcome is what one run did, for the run line and the summary.
type Outcome struct {
	Files         int              // input files loaded by this run (files the manifest showed unchanged are not counted)
	FilesRejected int              // input files that could not be loaded
	Rows          int64            // rows added to the store
	Detections    int64            // open detections after the run
	UsersByLevel  map[string]int   // flagged users by risk level: "high", "medium", "low"
	Outputs       []string         // the files written, in the run folder
	ExitStatus    int              // what `entrarisk run` exits with (CONTRACT.md): 0, or 3 when inputs were rejected
	StorePruned   map[string]int64 // rows dropped from the store by retention, by table
}

// Runner does the work of one run (ingest, analyze, report) into runDir, a fresh folder.
// It should return soon after ctx is cancelled, leaving the store consistent; whatever it
// wrote into runDir is discarded when it returns an error.
type Runner func(ctx context.Context, job config.Job, runDir string) (Outcome, error)

// Options configure Run and RunOnce.
type Options struct {
	Jobs   []config.Job // for Run
	Runner Runner
	Logger *slog.Logger     // nil discards
	Now    func() time.Time // nil is time.Now; names run folders and times runs

	// ShutdownGrace is how long Run waits, once its context is done, for a run to stop
	// before it gives up on it; 0 is 30s.
	ShutdownGrace time.Duration

	// Schedule gives a job's schedule; nil reads the job's cron spec. Tests give schedules
	// of milliseconds.
	Schedule func(config.Job) (cron.Schedule, error)

	// PruneStore drops rows older than before from the job's store (keep_store); nil opens
	// job.DB and calls store.Prune. It runs only after the run's report is complete.
	PruneStore func(ctx context.Context, job config.Job, before time.Time) (map[string]int64, error)
}

const defaultGrace = 30 * time.Second

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = defaultGrace
	}
	if o.Schedule == nil {
		o.Schedule = config.Job.Schedule
	}
	if o.PruneStore == nil {
		o.PruneStore = pruneStore
	}
	return o
}

func pruneStore(ctx context.Context, job config.Job, before time.Time) (map[string]int64, error) {
	s, err := store.Open(ctx, job.DB, store.Options{})
	if err != nil {
		return nil, err
	}
	n, err := store.Prune(ctx, s.DB, before)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close store %s: %w", job.DB, cerr)
	}
	return n, err
}

// Run runs every job on its schedule until ctx is done, then lets no new run start,
// waits up to ShutdownGrace for the runs going (whose contexts are ctx's, so cancelled
// too) to stop, and returns nil. A run that fails is logged and the schedule goes on; a
// run due while the job's previous run is still going is skipped and logged; jobs that
// share a store take turns. Run returns an error without running anything when a job
// cannot be scheduled, and after the grace when a run would not stop.
func Run(ctx context.Context, opts Options) error {
	opts = opts.withDefaults()
	if opts.Runner == nil {
		return errors.New("schedule: no runner")
	}
	if len(opts.Jobs) == 0 {
		return errors.New("schedule: no jobs")
	}
	type entry struct {
		job   config.Job
		sched cron.Schedule
	}
	var entries []entry
	var errs []error
	names := map[string]bool{}
	for _, j := range opts.Jobs {
		if names[j.Name] {
			errs = append(errs, fmt.Errorf("job %q: scheduled twice", j.Name))
			continue
		}
		names[j.Name] = true
		s, err := opts.Schedule(j)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		entries = append(entries, entry{j, s})
	}
	if len(errs) > 0 {
		return fmt.Errorf("schedule: %w", errors.Join(errs...))
	}

	log := opts.Logger
	running := &runningSet{names: map[string]time.Time{}}
	stores := &storeTurns{turns: map[string]chan struct{}{}}
	c := cron.New(cron.WithLogger(cronLogger{log}))
	ids := make([]cron.EntryID, len(entries))
	for i, e := range entries {
		job := e.job
		jl := cronLogger{log.With("job", job.Name)}
		// One chain per job, so that the skip warning names the job.
		chain := cron.NewChain(cron.Recover(jl), cron.SkipIfStillRunning(jl))
		ids[i] = c.Schedule(e.sched, chain.Then(cron.FuncJob(func() {
			release, err := stores.take(ctx, job, log)
			if err != nil {
				return // shutting down
			}
			defer release()
			running.add(job.Name)
			defer running.remove(job.Name)
			_, _ = RunOnce(ctx, job, opts) // logged there
		})))
	}
	c.Start()
	for i, e := range entries {
		log.Info("job scheduled", "job", e.job.Name, "cron", e.job.Cron, "next", c.Entry(ids[i]).Next)
	}

	<-ctx.Done()
	log.Info("scheduler stopping", "running", running.list(), "grace", opts.ShutdownGrace)
	stopped := c.Stop()
	timer := time.NewTimer(opts.ShutdownGrace)
	defer timer.Stop()
	select {
	case <-stopped.Done():
		log.Info("scheduler stopped")
		return nil
	case <-timer.C:
		return fmt.Errorf("schedule: shutdown: %s still running after %s", strings.Join(running.list(), ", "), opts.ShutdownGrace)
	}
}

// runningSet tracks the jobs running, for the shutdown messages.
type runningSet struct {
	mu    sync.Mutex
	names map[string]time.Time
}

func (r *runningSet) add(name string) {
	r.mu.Lock()
	r.names[name] = time.Now()
	r.mu.Unlock()
}

func (r *runningSet) remove(name string) {
	r.mu.Lock()
	delete(r.names, name)
	r.mu.Unlock()
}

func (r *runningSet) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.names))
	for n := range r.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// storeTurns lets one job at a time use a store: DuckDB allows one writer per file.
type storeTurns struct {
	mu    sync.Mutex
	turns map[string]chan struct{}
}

func (s *storeTurns) take(ctx context.Context, job config.Job, log *slog.Logger) (func(), error) {
	key, err := filepath.Abs(job.DB)
	if err != nil {
		key = job.DB
	}
	s.mu.Lock()
	turn, ok := s.turns[key]
	if !ok {
		turn = make(chan struct{}, 1)
		s.turns[key] = turn
	}
	s.mu.Unlock()
	select {
	case turn <- struct{}{}:
		return func() { <-turn }, nil
	default:
	}
	log.Info("run waiting: another job is using the store", "job", job.Name, "db", job.DB)
	select {
	case turn <- struct{}{}:
		return func() { <-turn }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// cronLogger passes the cron library's messages to slog: a skipped run as a warning,
// errors as errors, the rest as debug detail.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, keysAndValues ...any) {
	if msg == "skip" {
		c.l.Warn("run skipped: the previous run is still going")
		return
	}
	c.l.Debug("cron "+msg, keysAndValues...)
}

func (c cronLogger) Error(err error, msg string, keysAndValues ...any) {
	c.l.Error("cron "+msg, append([]any{"error", err}, keysAndValues...)...)
}
