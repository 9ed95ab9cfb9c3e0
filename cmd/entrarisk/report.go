package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"
)

type reportCmdOptions struct {
	store  storeOptions
	period periodOptions
	report reportOptions
}

func (o *reportCmdOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	o.store.addHistoryFlag(fs)
	o.period.AddFlags(fs)
	o.report.AddFlags(fs, "entrarisk-reports")
}

func reportCommand() command {
	return command{
		name:    "report",
		summary: "write the report set from the store",
		usage:   "report [--db FILE] [--out DIR] [--since T] [--until T] [--tz ZONE]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &reportCmdOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("report takes no arguments (got %q)", args[0])
				}
				loc, err := o.report.location()
				if err != nil {
					return err
				}
				since, until, err := o.period.resolve(nowUTC())
				if err != nil {
					return err
				}
				o.store.historySince, o.store.historyUntil, o.store.historyLookBack = since, until, 24*time.Hour
				st, err := o.store.open(ctx, true)
				if err != nil {
					return err
				}
				defer st.Close()
				rep, err := writeReports(ctx, e, st.DB, job{out: o.report.out, since: since, until: until, loc: loc,
					excelCSV: o.report.excelCSV, tenant: o.report.tenant})
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "report: %d flagged users, %d risky sign-ins, %d detections, %d audit findings in %s\n",
					rep.FlaggedUsers, rep.RiskySignins, rep.Detections, rep.AuditFindings, sanitize(rep.Dir))
				return nil
			}
		},
	}
}
