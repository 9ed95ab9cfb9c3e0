package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/analyze"
)

type triageOptions struct {
	store     storeOptions
	user      string
	detection string
	note      string
	analyst   string
}

func (o *triageOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	fs.StringVar(&o.user, "user", "", "the user (UPN) the decision is about")
	fs.StringVar(&o.detection, "detection", "", "the detection id the decision is about")
	fs.StringVar(&o.note, "note", "", "why: kept with the decision and shown in the reports")
	fs.StringVar(&o.analyst, "analyst", "", "who decides (default: the login name)")
}

func triageCommand() command {
	var names []string
	for _, a := range analyze.Actions() {
		names = append(names, a.Name)
	}
	return command{
		name:    "triage",
		summary: "record an analyst decision: " + strings.Join(names, ", "),
		usage:   "triage ACTION (--detection ID | --user UPN) [--note TEXT]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &triageOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					tw := tabwriter.NewWriter(e.stderr, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "action\ttakes\tsets\tmeaning")
					for _, a := range analyze.Actions() {
						fmt.Fprintf(tw, "%s\t--%s\t%s\t%s\n", a.Name, strings.ReplaceAll(a.Takes, " or ", " or --"), a.State, a.Meaning)
					}
					tw.Flush()
					return usagef("give one ACTION")
				}
				who := o.analyst
				if who == "" {
					who = analyst()
				}
				st, err := o.store.open(ctx, false)
				if err != nil {
					return err
				}
				defer st.Close()
				d := analyze.Decision{Action: args[0], DetectionID: o.detection, User: o.user, Analyst: who, Note: o.note, At: time.Now().UTC()}
				if err := analyze.Triage(ctx, st.DB, d); err != nil {
					return usagef("%v", err)
				}
				target := "detection " + o.detection
				if o.user != "" {
					target = "user " + o.user
				}
				fmt.Fprintf(e.stderr, "triage: %s %s recorded by %s\n", args[0], sanitize(target), sanitize(who))
				return nil
			}
		},
	}
}

// analyst names who runs the tool, for the record of decisions.
func analyst() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "unknown"
}

func rulesCommand() command {
	return command{
		name:    "rules",
		summary: "list the rules: id, title, severity, ATT&CK technique, source table",
		usage:   "rules [--format table|csv|json]   |   rules --dialect spark --out DIR [--history PATH] [--config FILE]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			format := fs.StringP("format", "f", "table", "output: table, csv, json, or long (with tunables, description and remediation)")
			dialect := fs.String("dialect", "", "with --out: write every enabled rule as a plain SQL file of this dialect (spark)")
			out := fs.String("out", "", "with --dialect: the folder to write the rule files and 00_views.sql into")
			history := fs.String("history", "history", "with --dialect: the Parquet history's path (or URL) as the cluster sees it, for the views")
			cfgPath := fs.String("config", "", "with --dialect: a jobs file whose top-level rule settings fill in the tunables")
			var analysis analysisOptions
			analysis.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if *dialect != "" || *out != "" {
					if *dialect != "spark" {
						return usagef("--dialect %q: only spark is written (with --out DIR)", *dialect)
					}
					if *out == "" {
						return usagef("--dialect spark needs --out DIR")
					}
					cfg, err := loadConfig(*cfgPath)
					if err != nil {
						return err
					}
					s, err := analysis.settings(sourceOfConfig(cfg))
					if err != nil {
						return err
					}
					return writeSparkRules(ctx, e, s, *out, *history)
				}
				rules, err := analyze.Rules()
				if err != nil {
					return err
				}
				switch *format {
				case "table":
					tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "id\ttitle\tseverity\ttechnique\tsource")
					for _, r := range rules {
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Title, r.Severity, r.Technique, r.Source)
					}
					return tw.Flush()
				case "long":
					for _, r := range rules {
						fmt.Fprintf(e.stdout, "%s: %s\n  severity %s, %s %s, reads %s\n  follows: %s\n  %s\n  remediation: %s\n",
							r.ID, r.Title, r.Severity, r.Tactic, r.Technique, r.Source, r.Follows, r.Description, r.Remediation)
						for _, p := range r.Params {
							fmt.Fprintf(e.stdout, "  param %s (%s, default %v): %s\n", p.Name, p.Type, p.Default, p.Description)
						}
						fmt.Fprintln(e.stdout)
					}
					return nil
				case "csv", "json":
					return printRulesStructured(e, rules, *format)
				default:
					return usagef("--format must be table, long, csv or json, not %q", *format)
				}
			}
		},
	}
}
