package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/entrarisk/entrarisk/config"
)

// Exit statuses a run line reports (CONTRACT.md).
const (
	exitOK          = 0
	exitFailure     = 1
	exitRejected    = 3
	exitInterrupted = 130
)

// RunOnce runs job once: it makes the run folder, calls the runner, writes the summary
// file, points latest at the folder, applies retention (report folders, then the store),
// and logs the run line: "run finished" at Info, or "run failed" at Error (at Warn when the
// run was interrupted). A run that fails before its report is complete leaves latest where
// it was and its folder renamed with a .failed suffix, emptied of all but the summary. A
// retention failure fails the run but leaves its complete report as latest. The Outcome's
// ExitStatus is what `entrarisk run` should exit with: 0, 3 when inputs were rejected, 1
// on failure, 130 when interrupted.
func RunOnce(ctx context.Context, job config.Job, opts Options) (Outcome, error) {
	opts = opts.withDefaults()
	if opts.Runner == nil {
		return Outcome{ExitStatus: exitFailure}, errors.New("run: no runner")
	}
	if err := ctx.Err(); err != nil {
		opts.Logger.Info("run not started: shutting down", "job", job.Name)
		return Outcome{ExitStatus: exitInterrupted}, fmt.Errorf("job %s: not started: %w", job.Name, err)
	}
	r := &report{Job: job.Name, Started: opts.Now()}
	// settle fills in the report of a run that ended with o and err.
	settle := func(o Outcome, err error) error {
		r.Duration = opts.Now().Sub(r.Started)
		r.Outcome = o
		r.Outputs = relOutputs(r.RunDir, o.Outputs)
		if err == nil {
			if r.Outcome.ExitStatus == exitOK && o.FilesRejected > 0 {
				r.Outcome.ExitStatus = exitRejected
			}
			return nil
		}
		r.Failed = true
		r.Err = err.Error()
		switch {
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
			r.Outcome.ExitStatus = exitInterrupted
		case r.Outcome.ExitStatus == exitOK || r.Outcome.ExitStatus == exitRejected:
			r.Outcome.ExitStatus = exitFailure
		}
		return fmt.Errorf("job %s: %w", job.Name, err)
	}

	dir, err := NewRunDir(job.Out, r.Started)
	if err != nil {
		err = settle(Outcome{}, err)
		logRun(opts.Logger, r)
		return r.Outcome, err
	}
	r.RunDir = dir
	opts.Logger.Debug("run started", "job", job.Name, "run_dir", dir)

	out, err := callRunner(ctx, opts, job, dir)
	if err == nil {
		_ = settle(out, nil)
		if err = writeSummary(dir, job.Summary, *r); err == nil {
			err = SetLatest(job.Out, dir)
		}
	}
	if err != nil {
		// Nothing of an incomplete report stays: the folder keeps only the summary.
		out.Outputs = nil
		r.RunDir = discard(dir, opts.Logger)
		err = settle(out, err)
		if r.RunDir != "" {
			if serr := writeSummary(r.RunDir, job.Summary, *r); serr != nil {
				opts.Logger.Warn("summary of a failed run not written", "job", job.Name, "error", serr)
			}
		}
		logRun(opts.Logger, r)
		return r.Outcome, err
	}

	// The report is complete and latest points at it: retention may run.
	var errs []error
	pruned, perr := PruneRuns(job.Out, job.KeepReports)
	if perr != nil {
		errs = append(errs, fmt.Errorf("retention: %w", perr))
	}
	if len(pruned) > 0 {
		opts.Logger.Debug("run folders removed", "job", job.Name, "folders", pruned)
	}
	if job.KeepStore > 0 {
		n, serr := opts.PruneStore(ctx, job, r.Started.Add(-job.KeepStore))
		if serr != nil {
			errs = append(errs, fmt.Errorf("retention: store %s: %w", job.DB, serr))
		}
		out.StorePruned = n
	}
	err = settle(out, errors.Join(errs...))
	logRun(opts.Logger, r)
	return r.Outcome, err
}

// callRunner runs the runner, turning a panic into an error so that the run folder is
// still cleaned up and the scheduler goes on.
func callRunner(ctx context.Context, opts Options, job config.Job, dir string) (out Outcome, err error) {
	defer func() {
		if p := recover(); p != nil {
			opts.Logger.Error("runner panicked", "job", job.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("runner panicked: %v", p)
		}
	}()
	return opts.Runner(ctx, job, dir)
}

// discard empties the folder of a run that did not complete and renames it with the
// .failed suffix; it returns the new path, or "" when the folder is gone.
func discard(dir string, log *slog.Logger) string {
	entries, err := os.ReadDir(dir)
	if err == nil {
		for _, e := range entries {
			if rerr := os.RemoveAll(filepath.Join(dir, e.Name())); rerr != nil && err == nil {
				err = rerr
			}
		}
	}
	failed := dir + failedSuffix
	if err == nil {
		err = os.Rename(dir, failed)
	}
	if err == nil {
		return failed
	}
	log.Warn("incomplete run folder not marked failed; removing it", "run_dir", dir, "error", err)
	if rerr := os.RemoveAll(dir); rerr != nil {
		log.Error("incomplete run folder not removed", "run_dir", dir, "error", rerr)
	}
	return ""
}

// logRun writes the run line: one line per run, every value an attribute.
func logRun(log *slog.Logger, r *report) {
	o := r.Outcome
	attrs := []any{
		"job", r.Job,
		"started", r.Started,
		"duration", r.Duration,
		"run_dir", r.RunDir,
		"files", o.Files,
		"rejected", o.FilesRejected,
		"rows", o.Rows,
		"detections", o.Detections,
		"users_high", o.UsersByLevel["high"],
		"users_medium", o.UsersByLevel["medium"],
		"users_low", o.UsersByLevel["low"],
		"outputs", r.Outputs,
		"exit_status", o.ExitStatus,
	}
	if len(o.StorePruned) > 0 {
		var total int64
		tables := make([]string, 0, len(o.StorePruned))
		for t, n := range o.StorePruned {
			total += n
			tables = append(tables, t)
		}
		sort.Strings(tables)
		group := make([]any, 0, len(tables))
		for _, t := range tables {
			group = append(group, slog.Int64(t, o.StorePruned[t]))
		}
		attrs = append(attrs, "store_pruned_rows", total, slog.Group("store_pruned", group...))
	}
	switch {
	case r.Failed && o.ExitStatus == exitInterrupted:
		log.Warn("run failed", append(attrs, "error", r.Err)...)
	case r.Failed:
		log.Error("run failed", append(attrs, "error", r.Err)...)
	default:
		log.Info("run finished", attrs...)
	}
}
