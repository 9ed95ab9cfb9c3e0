package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/config"
	"github.com/entrarisk/entrarisk/spark"
	"github.com/entrarisk/entrarisk/store"
)

// engineOptions say where the rules run: in the store (DuckDB) or on Spark through Spark
// Connect, over the Parquet history.
type engineOptions struct {
	engine string
	remote string
}

func (o *engineOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.engine, "engine", "duckdb", "where the rules run: duckdb (in the store) or spark (on a Spark cluster through Spark Connect, over --history)")
	fs.StringVar(&o.remote, "spark-remote", "", "with --engine spark: the Spark Connect server, sc://HOST:15002")
}

// check says what is missing for the engine; history is the --history folder (or URL).
func (o engineOptions) check(history string) error {
	switch strings.ToLower(o.engine) {
	case "", config.EngineDuckDB:
		if o.remote != "" {
			return usagef("--spark-remote needs --engine spark")
		}
		return nil
	case config.EngineSpark:
		if o.remote == "" {
			return usagef("--engine spark needs --spark-remote sc://HOST:15002")
		}
		if !strings.HasPrefix(o.remote, "sc://") {
			return usagef("--spark-remote %q: want sc://HOST:PORT (Spark Connect)", o.remote)
		}
		if history == "" {
			return usagef("--engine spark needs --history DIR: the Parquet history (export --parquet) the cluster reads")
		}
		return nil
	}
	return usagef("--engine %q: use duckdb or spark", o.engine)
}

func (o engineOptions) spark() bool { return strings.EqualFold(o.engine, config.EngineSpark) }

// open connects to the engine and makes its views over the history for the period; nil
// for DuckDB. The store is not touched until the rules have run.
func (o engineOptions) open(ctx context.Context, e *env, st *store.Store, history string, since, until time.Time) (analyze.Engine, func(), error) {
	if !o.spark() {
		return nil, func() {}, nil
	}
	t0 := time.Now()
	sess, err := spark.Connect(ctx, o.remote)
	if err != nil {
		return nil, nil, err
	}
	cols, err := spark.TableColumns(ctx, st.DB)
	if err != nil {
		sess.Close()
		return nil, nil, err
	}
	if err := sess.Views(ctx, history, cols, spark.ViewOptions{Since: since, Until: until, LookBack: historyLookBack}); err != nil {
		sess.Close()
		return nil, nil, err
	}
	e.logger.Info("spark session", "remote", o.remote, "history", history, "elapsed", time.Since(t0))
	return &spark.Engine{S: sess}, func() { sess.Close() }, nil
}

// writeSparkRules writes every enabled rule as a Spark SQL file, with a view per canonical
// table over the history at history (a path or URL as the cluster sees it), into out.
func writeSparkRules(ctx context.Context, e *env, s analyze.Settings, out, history string) error {
	rules, err := analyze.SparkRules(s)
	if err != nil {
		return err
	}
	// The canonical tables' columns, from a new store's schema.
	tmp, err := os.MkdirTemp("", "entrarisk-rules-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	st, err := store.Open(ctx, filepath.Join(tmp, "schema.duckdb"), store.Options{})
	if err != nil {
		return err
	}
	cols, err := spark.TableColumns(ctx, st.DB)
	st.Close()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("rules --out %s: %w", out, err)
	}
	var b strings.Builder
	b.WriteString("-- entrarisk: the canonical tables as views over the Parquet history (export --parquet).\n")
	b.WriteString("-- Run first, in the same session as the rules. Replace the history path if the cluster sees it elsewhere;\n")
	b.WriteString("-- add a WHERE on `date` to read only the days a run needs.\n")
	for _, k := range sortedKeys(analyze.SparkSessionConf) {
		fmt.Fprintf(&b, "SET %s=%s;\n", k, analyze.SparkSessionConf[k])
	}
	for _, t := range store.Tables {
		b.WriteString(spark.ViewSQL(t.Name, history, cols[t.Name], true, spark.ViewOptions{}) + ";\n")
	}
	b.WriteString("-- The rules' other inputs: fill these with your tenant's values (entrarisk fills them from the store).\n")
	for _, t := range []analyze.InputTable{
		{Name: "trusted_ips", Columns: []string{"ip STRING"}},
		{Name: "threat_intel_ips", Columns: []string{"ip STRING", "indicator STRING"}},
		{Name: "tenant_domains", Columns: []string{"domain STRING"}, Rows: domainsRows(s.TenantDomains)},
		{Name: "privileged_roles", Columns: []string{"role_name STRING"}, Rows: domainsRows(privilegedRoles(s))},
		{Name: "privileged_users", Columns: []string{"user_principal_name STRING"}, Rows: domainsRows(s.PrivilegedUsers)},
		{Name: "country_centroids", Columns: []string{"country STRING", "latitude DOUBLE", "longitude DOUBLE"}, Rows: analyze.CountryCentroids()},
	} {
		b.WriteString(spark.InputViewSQL(t) + ";\n")
	}
	if err := os.WriteFile(filepath.Join(out, "00_views.sql"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	for _, r := range rules {
		var f strings.Builder
		fmt.Fprintf(&f, "-- %s: %s (severity %s, %s %s)\n", r.Rule.ID, r.Rule.Title, r.Rule.Severity, r.Rule.Tactic, r.Rule.Technique)
		fmt.Fprintf(&f, "-- Spark SQL translated by entrarisk from analyze/rules/%s.sql; run 00_views.sql first.\n", r.Rule.ID)
		f.WriteString(r.SQL + ";\n")
		if err := os.WriteFile(filepath.Join(out, r.Rule.ID+".sql"), []byte(f.String()), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "rules: %d rules and 00_views.sql (Spark SQL) in %s\n", len(rules), sanitize(out))
	return nil
}

func domainsRows(vals []string) [][]any {
	var rows [][]any
	for _, v := range vals {
		rows = append(rows, []any{strings.ToLower(strings.TrimSpace(v))})
	}
	return rows
}

func privilegedRoles(s analyze.Settings) []string {
	if len(s.PrivilegedRoles) > 0 {
		return s.PrivilegedRoles
	}
	return analyze.DefaultPrivilegedRoles()
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}
