package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/gen"
)

type generateOptions struct {
	out      string
	seed     int64
	users    int
	days     int
	rate     float64
	start    string
	domain   string
	formats  []string
	noAttack bool
	noDecoy  bool
}

func (o *generateOptions) AddFlags(fs *pflag.FlagSet) {
	var names []string
	for _, f := range gen.Formats() {
		names = append(names, string(f))
	}
	fs.StringVar(&o.out, "out", "generated", "folder to write into (one subfolder per format)")
	fs.Int64Var(&o.seed, "seed", 1, "the same seed writes the same bytes")
	fs.IntVar(&o.users, "users", 200, "tenant size")
	fs.IntVar(&o.days, "days", 21, "days of logs")
	fs.Float64Var(&o.rate, "signins-per-user-day", 12, "average sign-ins per user per day")
	fs.StringVar(&o.start, "start", "2026-10-01", "first day (UTC)")
	fs.StringVar(&o.domain, "domain", "contoso.com", "the tenant's domain")
	fs.StringSliceVar(&o.formats, "format", []string{"graph-pages"}, "formats to write: "+strings.Join(names, ", ")+", or all")
	fs.BoolVar(&o.noAttack, "no-attacks", false, "leave out the planted attacks")
	fs.BoolVar(&o.noDecoy, "no-decoys", false, "leave out the benign look-alikes")
}

func generateCommand() command {
	return command{
		name:    "generate",
		summary: "write a realistic tenant's exports with planted attacks, to try entrarisk on",
		usage:   "generate [--out DIR] [--format graph-pages,azure-monitor,...] [--users N] [--days N] [--seed N]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &generateOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				start, err := time.Parse("2006-01-02", o.start)
				if err != nil {
					return usagef("--start %q is not a date (2026-10-01)", o.start)
				}
				var formats []gen.Format
				for _, name := range o.formats {
					if name == "all" {
						formats = gen.Formats()
						break
					}
					f, err := gen.ParseFormat(name)
					if err != nil {
						return usagef("%v", err)
					}
					formats = append(formats, f)
				}
				t := gen.New(gen.Options{Seed: o.seed, Users: o.users, Days: o.days, SignInsPerUserDay: o.rate, Start: start,
					Domain: o.domain, Attacks: !o.noAttack, Decoys: !o.noDecoy})
				for _, f := range formats {
					if err := ctx.Err(); err != nil {
						return err
					}
					paths, err := t.Write(filepath.Join(o.out, string(f)), f)
					if err != nil {
						return err
					}
					// The threat-intelligence list is not an export: keep it out of the
					// folders ingest reads.
					os.Rename(filepath.Join(o.out, string(f), gen.ThreatIntelFile), filepath.Join(o.out, gen.ThreatIntelFile))
					fmt.Fprintf(e.stderr, "generate: %s: %d files in %s/%s\n", f, len(paths), o.out, f)
				}
				fmt.Fprintf(e.stderr, "generate: %d planted attacks, %d decoys", len(t.Planted), len(t.Decoys))
				if len(t.ThreatIntelIPs) > 0 {
					fmt.Fprintf(e.stderr, "; give analyze --threat-intel %s", filepath.Join(o.out, gen.ThreatIntelFile))
				}
				fmt.Fprintln(e.stderr)
				return nil
			}
		},
	}
}
