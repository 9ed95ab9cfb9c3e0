package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/config"
	"github.com/entrarisk/entrarisk/ingest"
	"github.com/entrarisk/entrarisk/reports"
	"github.com/entrarisk/entrarisk/schedule"
	"github.com/entrarisk/entrarisk/store"
)

// reportOptions are the flags that shape the report set.
type reportOptions struct {
	out      string
	tz       string
	excelCSV bool
	tenant   string
}

func (o *reportOptions) AddFlags(fs *pflag.FlagSet, defaultOut string) {
	fs.StringVar(&o.out, "out", defaultOut, "the report folder")
	fs.StringVar(&o.tz, "tz", "UTC", "time zone the reports show times in (IANA name, such as Europe/Berlin)")
	fs.BoolVar(&o.excelCSV, "excel-csv", false, "start each CSV with a byte order mark, for Excel")
	fs.StringVar(&o.tenant, "tenant", "", "the tenant's name on the Summary sheet (default: learned from the data)")
}

func (o *reportOptions) location() (*time.Location, error) {
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		return nil, usagef("--tz %q: unknown time zone", o.tz)
	}
	return loc, nil
}

// job is one ingest-analyze-report pass.
type job struct {
	inputs       []string
	store        storeOptions
	out          string
	since, until time.Time
	loc          *time.Location
	excelCSV     bool
	tenant       string
	settings     analyze.Settings
	reload       bool
	quiet        bool
	compliance   bool // also write the compliance export set into out/compliance
	engine       engineOptions
}

// runJob ingests, analyzes and reports. Inputs that were rejected give errRejected after
// the reports are written.
func runJob(ctx context.Context, e *env, j job) (schedule.Outcome, error) {
	out := schedule.Outcome{UsersByLevel: map[string]int{}}
	// With a Parquet history, files load into the store, go on into the history, and the
	// analysis reads the history; the store is opened twice.
	plain := j.store
	plain.history = ""
	st, err := plain.open(ctx, false)
	if err != nil {
		return out, err
	}
	defer func() {
		if st != nil { // nil when reopening over the history failed
			st.Close()
		}
	}()
	rejected := false
	if len(j.inputs) > 0 {
		sum, err := runIngest(ctx, e, st, j.inputs, j.store, j.reload, j.quiet)
		if sum != nil {
			for _, f := range sum.Files {
				switch f.Status {
				case "rejected":
					out.FilesRejected++
				default:
					out.Files++
				}
				out.Rows += f.Added
			}
			files, records := sum.Rejected()
			rejected = files > 0 || records > 0
		}
		if err != nil {
			return out, err
		}
		if j.store.history != "" && sum != nil {
			if err := extendHistory(ctx, e, st, j.store.history, sum); err != nil {
				return out, err
			}
		}
	}
	if j.store.history != "" {
		st.Close()
		hist := j.store
		hist.historySince, hist.historyUntil, hist.historyLookBack = j.since, j.until, historyLookBack
		if st, err = hist.open(ctx, false); err != nil {
			return out, err
		}
	}
	settings := j.settings
	settings.Since, settings.Until = j.since, j.until
	eng, closeEngine, err := j.engine.open(ctx, e, st, j.store.history, j.since, j.until)
	if err != nil {
		return out, err
	}
	defer closeEngine()
	res, err := analyze.Run(ctx, st.DB, analyze.Options{Settings: settings, Logger: e.logger, Analyst: analyst(), Engine: eng})
	if err != nil {
		return out, err
	}
	if !j.quiet {
		printAnalyzeSummary(e, res)
	}
	out.Detections = int64(res.Detections)
	for k, v := range res.UsersByLevel {
		out.UsersByLevel[k] = v
	}
	rep, err := writeReports(ctx, e, st.DB, j)
	if err != nil {
		return out, err
	}
	for _, f := range rep.Files {
		out.Outputs = append(out.Outputs, filepath.Join(rep.Dir, f.Name))
	}
	if !j.quiet {
		fmt.Fprintf(e.stderr, "report: %d flagged users, %d risky sign-ins, %d detections, %d audit findings in %s\n",
			rep.FlaggedUsers, rep.RiskySignins, rep.Detections, rep.AuditFindings, sanitize(rep.Dir))
		for _, s := range rep.Truncated {
			fmt.Fprintf(e.stderr, "report: sheet %q holds only the newest rows (Excel's row limit); the CSV holds all\n", s)
		}
	}
	if j.compliance {
		cj := j
		cj.out = complianceDir(j.out)
		res, err := writeCompliance(ctx, e, st.DB, cj, j.settings.PrivilegedRoles)
		if err != nil {
			return out, err
		}
		for _, f := range res.Files {
			out.Outputs = append(out.Outputs, filepath.Join(res.Dir, f.Name))
		}
		if !j.quiet {
			printCompliance(e, res)
		}
	}
	if rejected {
		out.ExitStatus = exitRejected
		return out, errRejected
	}
	return out, nil
}

func writeReports(ctx context.Context, e *env, db *sql.DB, j job) (*reports.Result, error) {
	rules, err := analyze.Rules()
	if err != nil {
		return nil, err
	}
	info := map[string]reports.RuleInfo{}
	for _, r := range rules {
		info[r.ID] = reports.RuleInfo{Title: r.Title, Severity: r.Severity, Technique: r.Technique, Remediation: r.Remediation}
	}
	return reports.Write(ctx, db, reports.Options{
		Dir:      j.out,
		Since:    j.since,
		Until:    j.until,
		Location: j.loc,
		ExcelCSV: j.excelCSV,
		Tenant:   j.tenant,
		RuleInfo: info,
		Logger:   e.logger,
		Version:  versionString(),
	})
}

// jobRunner runs a configured job, for the scheduler and for `run --config`; with
// compliance set, every job writes the compliance export set too.
func jobRunner(e *env, flags *analysisOptions, so storeOptions, compliance bool) schedule.Runner {
	return func(ctx context.Context, cj config.Job, runDir string) (schedule.Outcome, error) {
		since, until, err := cj.Window(time.Now())
		if err != nil {
			return schedule.Outcome{ExitStatus: exitFailure}, err
		}
		settings, err := flags.settings(sourceOfJob(cj))
		if err != nil {
			return schedule.Outcome{ExitStatus: exitFailure}, err
		}
		loc, err := cj.Location()
		if err != nil || cj.TZ == "" {
			loc = time.UTC
		}
		st := so
		st.path = cj.DB
		if cj.History != "" {
			st.history = cj.History
		}
		eng := engineOptions{engine: cj.Engine, remote: cj.SparkRemote}
		if err := eng.check(st.history); err != nil {
			return schedule.Outcome{ExitStatus: exitFailure}, fmt.Errorf("%s:%d: job %q: %v", cj.File, cj.Line, cj.Name, err)
		}
		o, err := runJob(ctx, e, job{inputs: cj.Inputs, store: st, out: runDir, since: since, until: until, loc: loc,
			excelCSV: cj.ExcelCSV, tenant: cj.Tenant.Name, settings: settings, quiet: true, compliance: cj.Compliance || compliance,
			engine: eng})
		if errors.Is(err, errRejected) {
			return o, nil // the outcome's exit status says so
		}
		if err != nil && o.ExitStatus == 0 {
			o.ExitStatus = exitFailure
		}
		return o, err
	}
}

func printRulesStructured(e *env, rules []analyze.Rule, format string) error {
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		for _, r := range rules {
			if err := enc.Encode(map[string]any{"id": r.ID, "title": r.Title, "severity": r.Severity, "tactic": r.Tactic,
				"technique": r.Technique, "source": r.Source, "follows": r.Follows, "description": r.Description,
				"remediation": r.Remediation, "params": r.Params}); err != nil {
				return err
			}
		}
		return nil
	}
	w := csv.NewWriter(e.stdout)
	w.Write([]string{"id", "title", "severity", "tactic", "technique", "source", "follows"})
	for _, r := range rules {
		w.Write([]string{r.ID, r.Title, r.Severity, r.Tactic, r.Technique, r.Source, strings.ReplaceAll(r.Follows, "\n", " ")})
	}
	w.Flush()
	return w.Error()
}

// extendHistory writes the days this run's files touched into the Parquet history.
func extendHistory(ctx context.Context, e *env, st *store.Store, dir string, sum *ingest.Summary) error {
	var since time.Time
	for _, f := range sum.Files {
		if f.Added > 0 && (since.IsZero() || f.MinTime.Before(since)) && !f.MinTime.IsZero() {
			since = f.MinTime
		}
	}
	if since.IsZero() {
		return nil
	}
	res, err := store.ExportParquet(ctx, st.DB, dir, store.ExportOptions{Since: since.Truncate(24 * time.Hour)})
	if err != nil {
		return fmt.Errorf("history %s: %w", dir, err)
	}
	e.logger.Debug("history extended", "dir", dir, "signins", res.Rows["signins"])
	return nil
}
