package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/config"
	"github.com/entrarisk/entrarisk/gen"
	"github.com/entrarisk/entrarisk/schedule"
)

type runOptions struct {
	store      storeOptions
	period     periodOptions
	report     reportOptions
	analysis   analysisOptions
	config     string
	job        string
	reload     bool
	quiet      bool
	demo       bool
	compliance bool
	engine     engineOptions
}

func (o *runOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	o.store.addHistoryFlag(fs)
	o.period.AddFlags(fs)
	o.report.AddFlags(fs, "entrarisk-reports")
	o.analysis.AddFlags(fs)
	o.engine.AddFlags(fs)
	fs.StringVar(&o.config, "config", "", "a jobs file: run one of its jobs (--job) once, as a scheduler would")
	fs.StringVar(&o.job, "job", "", "with --config: the job to run (may be left out when the file has one)")
	fs.BoolVar(&o.reload, "reload", false, "read input files again even when the manifest shows them loaded and unchanged")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print only rejected inputs and errors")
	fs.BoolVar(&o.demo, "demo", false, "run over the bundled demo tenant (what run does when given no inputs, no --db and no --config)")
	fs.BoolVar(&o.compliance, "compliance", false, "also write the compliance export set for the period (as entrarisk compliance does) into OUT/compliance")
}

// The demo: a generated tenant with planted attacks, in a folder of its own.
const demoDir = "entrarisk-demo"

func runCommand() command {
	return command{
		name:    "run",
		summary: "ingest + analyze + report in one go: the main job (with no arguments: the bundled demo tenant)",
		usage:   "run [--db FILE] [--out DIR] PATH...   |   run --config FILE [--job NAME]   |   run (the demo)",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &runOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if o.config != "" {
					if len(args) > 0 {
						return usagef("with --config the inputs come from the job; give no paths")
					}
					cfg, err := loadConfig(o.config)
					if err != nil {
						return err
					}
					cj, err := cfg.Job(o.job)
					if err != nil {
						return usagef("%v", err)
					}
					if _, err := o.analysis.settings(sourceOfJob(cj)); err != nil {
						return usagef("%v", err)
					}
					out, err := schedule.RunOnce(ctx, cj, schedule.Options{Runner: jobRunner(e, &o.analysis, o.store, o.compliance), Logger: e.logger})
					if err != nil {
						if ctx.Err() != nil {
							return ctx.Err()
						}
						return silentError{err: err, code: max(out.ExitStatus, exitFailure)}
					}
					if out.ExitStatus == exitRejected {
						return errRejected
					}
					return nil
				}
				if err := o.engine.check(o.store.history); err != nil {
					return err
				}
				loc, err := o.report.location()
				if err != nil {
					return err
				}
				since, until, err := o.period.resolve(nowUTC())
				if err != nil {
					return err
				}
				settings, err := o.analysis.settings(settingsSource{})
				if err != nil {
					return err
				}
				j := job{inputs: args, store: o.store, out: o.report.out, since: since, until: until, loc: loc,
					excelCSV: o.report.excelCSV, tenant: o.report.tenant, settings: settings, reload: o.reload, quiet: o.quiet,
					compliance: o.compliance, engine: o.engine}
				if o.demo || (len(args) == 0 && !fs.Changed("db")) {
					if err := demo(ctx, e, &j, fs.Changed("out")); err != nil {
						return err
					}
				}
				_, err = runJob(ctx, e, j)
				if err == nil && !o.quiet {
					fmt.Fprintf(e.stderr, "run: the report is in %s (open report.xlsx)\n", sanitize(j.out))
				}
				return err
			}
		},
	}
}

// demo points the job at the bundled demo tenant: generated (the same every time) into
// entrarisk-demo/exports in several export formats, loaded into entrarisk-demo/demo.duckdb,
// reported into entrarisk-demo/reports unless --out says otherwise.
func demo(ctx context.Context, e *env, j *job, outGiven bool) error {
	exports := filepath.Join(demoDir, "exports")
	done := filepath.Join(exports, ".complete")
	if _, err := os.Stat(done); err != nil {
		fmt.Fprintf(e.stderr, "demo: writing a demo tenant's exports (Contoso, 200 users, 3 weeks, planted attacks) into %s\n", exports)
		os.RemoveAll(exports)
		t := gen.New(gen.Options{Seed: 1, Attacks: true, Decoys: true})
		for _, f := range []gen.Format{gen.AzureMonitor, gen.PurviewCSV, gen.RiskJSON} {
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, err := t.Write(filepath.Join(exports, string(f)), f); err != nil {
				return err
			}
			os.Rename(filepath.Join(exports, string(f), gen.ThreatIntelFile), filepath.Join(demoDir, gen.ThreatIntelFile))
		}
		if err := os.WriteFile(done, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
			return err
		}
	}
	if ips, err := config.ReadIPList(filepath.Join(demoDir, gen.ThreatIntelFile)); err == nil {
		for _, p := range ips {
			j.settings.ThreatIntel = append(j.settings.ThreatIntel, p.String())
		}
	}
	j.inputs = []string{exports}
	j.store.path = filepath.Join(demoDir, "demo.duckdb")
	if !outGiven {
		j.out = filepath.Join(demoDir, "reports")
	}
	fmt.Fprintf(e.stderr, "demo: store %s, reports %s\n", j.store.path, j.out)
	return nil
}

// silentError carries an exit code for an error already logged.
type silentError struct {
	err  error
	code int
}

func (e silentError) Error() string { return e.err.Error() }
func (e silentError) Unwrap() error { return e.err }

var _ = errors.New
