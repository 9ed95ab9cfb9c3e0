package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/store"
)

type exportOptions struct {
	store   storeOptions
	parquet string
	period  periodOptions
}

func (o *exportOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	fs.StringVar(&o.parquet, "parquet", "", "write the canonical tables as Hive-partitioned Parquet under this folder (table/date=YYYY-MM-DD/)")
	o.period.AddFlags(fs)
}

func exportCommand() command {
	return command{
		name:    "export",
		summary: "the canonical tables as Hive-partitioned Parquet, for history and other engines",
		usage:   "export --parquet DIR [--db FILE] [--since T] [--until T]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &exportOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if o.parquet == "" {
					return usagef("--parquet DIR is required")
				}
				if len(args) > 0 {
					return usagef("export takes no arguments (got %q)", args[0])
				}
				since, until, err := o.period.resolve(nowUTC())
				if err != nil {
					return err
				}
				st, err := o.store.open(ctx, true)
				if err != nil {
					return err
				}
				defer st.Close()
				res, err := store.ExportParquet(ctx, st.DB, o.parquet, store.ExportOptions{Since: since, Until: until})
				if err != nil {
					return err
				}
				for _, t := range store.Tables {
					if n := res.Rows[t.Name]; n > 0 {
						fmt.Fprintf(e.stderr, "export: %-20s %10d rows in %d daily partitions\n", t.Name, n, res.Dates[t.Name])
					}
				}
				return nil
			}
		},
	}
}
