package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/compliance"
)

type complianceOptions struct {
	store  storeOptions
	period periodOptions
	report reportOptions
	config string
}

func (o *complianceOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	o.store.addHistoryFlag(fs)
	o.period.AddFlags(fs)
	o.report.AddFlags(fs, "entrarisk-compliance")
	fs.StringVar(&o.config, "config", "", "a jobs file whose top-level privileged_roles (and tenant name) apply")
}

func complianceCommand() command {
	return command{
		name:    "compliance",
		summary: "write the compliance export set for the period from the store",
		usage:   "compliance [--db FILE] [--out DIR] [--since T] [--until T] [--tz ZONE] [--config FILE]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &complianceOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("compliance takes no arguments (got %q)", args[0])
				}
				cfg, err := loadConfig(o.config)
				if err != nil {
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
				src := sourceOfConfig(cfg)
				tenant := o.report.tenant
				if tenant == "" {
					tenant = src.tenant.Name
				}
				o.store.historySince, o.store.historyUntil = since, until
				st, err := o.store.open(ctx, true)
				if err != nil {
					return err
				}
				defer st.Close()
				res, err := writeCompliance(ctx, e, st.DB, job{out: o.report.out, since: since, until: until, loc: loc,
					excelCSV: o.report.excelCSV, tenant: tenant}, src.privilegedRoles)
				if err != nil {
					return err
				}
				printCompliance(e, res)
				return nil
			}
		},
	}
}

// writeCompliance writes the compliance export set of a job into dir.
func writeCompliance(ctx context.Context, e *env, db *sql.DB, j job, roles []string) (*compliance.Result, error) {
	return compliance.Write(ctx, db, compliance.Options{
		Dir:             j.out,
		Since:           j.since,
		Until:           j.until,
		Location:        j.loc,
		ExcelCSV:        j.excelCSV,
		Tenant:          j.tenant,
		PrivilegedRoles: roles,
		Logger:          e.logger,
		Version:         versionString(),
	})
}

// complianceDir is where run --compliance and a job with compliance: true put the
// compliance set: beside the report set, in a folder of its own (both have a manifest.json).
func complianceDir(out string) string { return filepath.Join(out, "compliance") }

func printCompliance(e *env, res *compliance.Result) {
	r := res.Rows
	fmt.Fprintf(e.stderr, "compliance: %d users in MFA coverage, %d legacy-authentication rows, %d policy results, %d sensitive operations, %d privileged role changes, %d users prompted, in %s\n",
		r[compliance.FileMFACoverage], r[compliance.FileLegacyAuth], r[compliance.FileConditionalAccess],
		r[compliance.FileSensitiveOperations], r[compliance.FilePrivilegedRoles], r[compliance.FileMFAPrompts], sanitize(res.Dir))
	for _, g := range res.Gaps {
		fmt.Fprintf(e.stderr, "compliance: note: %s\n", sanitize(g))
	}
	for _, s := range res.Truncated {
		fmt.Fprintf(e.stderr, "compliance: sheet %q holds only part of its rows (Excel's row limit); the CSV holds all\n", s)
	}
}
