package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/config"
	"github.com/entrarisk/entrarisk/reports"
	"github.com/entrarisk/entrarisk/schedule"
)

type scheduleOptions struct {
	store       storeOptions
	analysis    analysisOptions
	config      string
	cron        string
	out         string
	name        string
	period      string
	tz          string
	excelCSV    bool
	keepReports int
	keepStore   string
	summary     string
	compliance  bool
}

func (o *scheduleOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	o.analysis.AddFlags(fs)
	fs.StringVar(&o.config, "config", "", "a jobs file: run every job in it on its own cron spec")
	fs.StringVar(&o.cron, "cron", "", `when to run (robfig/cron: "0 2 * * *", an optional seconds field, @daily, @every 1h)`)
	fs.StringVar(&o.out, "out", "entrarisk-reports", "the folder that receives one folder per run, and a latest pointer")
	fs.StringVar(&o.name, "name", "default", "the job's name in the logs")
	fs.StringVar(&o.period, "period", "last 24h", `what each run reports on: "last 24h", "last 7d", "all"`)
	fs.StringVar(&o.tz, "tz", "", "time zone of the cron spec and the reports (default: the machine's)")
	fs.BoolVar(&o.excelCSV, "excel-csv", false, "start each CSV with a byte order mark, for Excel")
	fs.IntVar(&o.keepReports, "keep-reports", 0, "run folders to keep (0: all)")
	fs.StringVar(&o.keepStore, "keep", "", "drop store rows older than this after each report, such as 400d (default: keep all)")
	fs.StringVar(&o.summary, "summary", "text", "a summary file per run for a mail relay: text, html or none")
	fs.BoolVar(&o.compliance, "compliance", false, "each run also writes the compliance export set for its period into its folder's compliance/ (with --config: every job, as compliance: true does)")
}

func scheduleCommand() command {
	return command{
		name:    "schedule",
		summary: "stay up and run the job on a cron spec (--cron), or every job in --config FILE",
		usage:   `schedule --cron "0 2 * * *" [--db FILE] [--out DIR] PATH...   |   schedule --config FILE`,
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &scheduleOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				var jobs []config.Job
				if o.config != "" {
					if o.cron != "" || len(args) > 0 {
						return usagef("give either --config or --cron with paths, not both")
					}
					cfg, err := loadConfig(o.config)
					if err != nil {
						return err
					}
					for _, j := range cfg.Jobs {
						if j.Cron != "" {
							jobs = append(jobs, j)
						}
					}
					if len(jobs) == 0 {
						return usagef("%s: no job has a cron spec", o.config)
					}
				} else {
					j, err := o.flagJob(args)
					if err != nil {
						return err
					}
					jobs = []config.Job{j}
				}
				// Check every job's rule settings now, not at two in the morning.
				for _, j := range jobs {
					if _, err := o.analysis.settings(sourceOfJob(j)); err != nil {
						return err
					}
				}
				names := make([]string, len(jobs))
				for i, j := range jobs {
					names[i] = j.Name
				}
				e.logger.Info("scheduler started", "jobs", strings.Join(names, ","))
				err := schedule.Run(ctx, schedule.Options{Jobs: jobs, Runner: jobRunner(e, &o.analysis, o.store, o.compliance), Logger: e.logger})
				if err != nil {
					return err
				}
				e.logger.Info("scheduler stopped")
				return nil
			}
		},
	}
}

// flagJob builds the one job of a command-line schedule, through the config package so
// that it is checked the same way as a jobs file.
func (o *scheduleOptions) flagJob(args []string) (config.Job, error) {
	if o.cron == "" {
		return config.Job{}, usagef("give --cron SPEC (or --config FILE)")
	}
	if len(args) == 0 {
		return config.Job{}, usagef("give the files or folders to load on each run")
	}
	var b strings.Builder
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	fmt.Fprintf(&b, "jobs:\n  - name: %s\n    cron: %s\n    db: %s\n    out: %s\n    period: %s\n    summary: %s\n    excel_csv: %t\n    keep_reports: %d\n    compliance: %t\n",
		q(o.name), q(o.cron), q(abs(o.store.path)), q(abs(o.out)), q(o.period), q(o.summary), o.excelCSV, o.keepReports, o.compliance)
	if o.tz != "" {
		fmt.Fprintf(&b, "    tz: %s\n", q(o.tz))
	}
	if o.keepStore != "" {
		fmt.Fprintf(&b, "    keep_store: %s\n", q(o.keepStore))
	}
	b.WriteString("    inputs:\n")
	for _, a := range args {
		fmt.Fprintf(&b, "      - %s\n", q(abs(a)))
	}
	cfg, err := config.Parse("command line", []byte(b.String()))
	if err != nil {
		return config.Job{}, usagef("%v", err)
	}
	return cfg.Jobs[0], nil
}

var (
	_ = analyze.Rules
	_ = reports.Write
)
