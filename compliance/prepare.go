package compliance

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/entrarisk/entrarisk/analyze"
)

//go:embed sql/*.sql
var queries embed.FS

// query is the embedded query sql/<name>.sql.
func query(name string) string {
	b, err := queries.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic("compliance: no query " + name) // the names are constants of this package
	}
	return string(b)
}

// period is what the export covers: the bounds as the queries bind them, the tenant, and
// the analyze run whose findings the flags are.
type period struct {
	lo, hi   time.Time // [lo, hi): the period, open ends as minTime and maxTime
	roles    []string  // the privileged roles, lower case, sorted
	tenant   string
	analysis *analysisRun
}

// analysisRun is the last analyze run recorded in the store.
type analysisRun struct {
	RunID      string `json:"run_id"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at"`
	Rules      int    `json:"rules"`
	Detections int64  `json:"detections"`
	finished   time.Time
}

// prepare makes the period's temporary tables on conn: cmp_period and cmp_roles from the
// options (bound values), the rules' helper macros, then sql/prepare.sql.
func prepare(ctx context.Context, conn *sql.Conn, opts Options) (*period, error) {
	p := &period{lo: minTime, hi: maxTime, tenant: opts.Tenant}
	if !opts.Since.IsZero() {
		p.lo = opts.Since.UTC()
	}
	if !opts.Until.IsZero() {
		p.hi = opts.Until.UTC()
	}
	roles := opts.PrivilegedRoles
	if len(roles) == 0 {
		roles = analyze.DefaultPrivilegedRoles()
	}
	var names []string
	for _, r := range roles {
		if r = strings.ToLower(strings.TrimSpace(r)); r != "" && !strings.ContainsAny(r, "\n\r") {
			names = append(names, r)
		}
	}
	slices.Sort(names)
	p.roles = slices.Compact(names)
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"period", `CREATE OR REPLACE TEMP TABLE cmp_period (since TIMESTAMP, until TIMESTAMP);
			CREATE OR REPLACE TEMP TABLE cmp_roles (role_name VARCHAR);
			CREATE OR REPLACE TEMP TABLE tenant_domains (domain VARCHAR);
			CREATE OR REPLACE TEMP TABLE trusted_ips (ip VARCHAR)`, nil},
		{"period", `INSERT INTO cmp_period VALUES ($1, $2)`, []any{p.lo, p.hi}},
		{"privileged roles", `INSERT INTO cmp_roles SELECT DISTINCT unnest(string_split($1, chr(10))) ORDER BY 1`, []any{strings.Join(names, "\n")}},
		// The rules' macros read tenant_domains (er_internal_domain) and trusted_ips (er_known_ip),
		// which nothing here needs.
		{"macros", analyze.Macros(), nil},
	}
	// prepare.sql, a statement at a time (each ends with ";" at the end of a line), each timed.
	for _, st := range strings.SplitAfter(query("prepare"), ";\n") {
		if strings.TrimSpace(st) != "" {
			steps = append(steps, struct {
				what string
				sql  string
				args []any
			}{"the period's records: " + firstStatementLine(st), st, nil})
		}
	}
	for _, s := range steps {
		t0 := time.Now()
		if _, err := conn.ExecContext(ctx, s.sql, s.args...); err != nil {
			return nil, fmt.Errorf("prepare %s: %w", s.what, err)
		}
		opts.Logger.Debug("compliance prepared", "step", s.what, "seconds", time.Since(t0).Seconds())
	}
	if p.tenant == "" {
		if err := conn.QueryRowContext(ctx, query("tenant")).Scan(&p.tenant); err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("tenant: %w", err)
		}
	}
	var a analysisRun
	var started time.Time
	err := conn.QueryRowContext(ctx, query("analysis")).Scan(&a.RunID, &started, &a.finished, &a.Rules, &a.Detections)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return nil, fmt.Errorf("analyze runs: %w", err)
	default:
		a.StartedAt = started.UTC().Format(time.RFC3339Nano)
		a.FinishedAt = a.finished.UTC().Format(time.RFC3339Nano)
		p.analysis = &a
	}
	return p, nil
}

// cleanup drops the temporary tables, so that the connection goes back to the pool as it
// came (ctx may be done: this still runs).
func cleanup(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `DROP TABLE IF EXISTS temp.cmp_period; DROP TABLE IF EXISTS temp.cmp_roles;
		DROP TABLE IF EXISTS temp.tenant_domains; DROP TABLE IF EXISTS temp.cmp_signins; DROP VIEW IF EXISTS temp.cmp_user_signins; DROP TABLE IF EXISTS temp.cmp_steps;
		DROP TABLE IF EXISTS temp.cmp_factor; DROP TABLE IF EXISTS temp.cmp_prompts; DROP TABLE IF EXISTS temp.cmp_policies;
		DROP TABLE IF EXISTS temp.cmp_ca_applied; DROP TABLE IF EXISTS temp.cmp_audits; DROP TABLE IF EXISTS temp.cmp_sensitive;
		DROP TABLE IF EXISTS temp.cmp_roles_changed`)
	if err != nil {
		return fmt.Errorf("drop temporary tables: %w", err)
	}
	return nil
}

// firstStatementLine is the first line of a statement that is not a comment, for the log.
func firstStatementLine(st string) string {
	for _, line := range strings.Split(st, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "--") {
			return line
		}
	}
	return ""
}
