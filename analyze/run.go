package analyze

import (
	"context"
	"crypto/rand"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"time"
)

//go:embed data/country_centroids.csv
var countryCentroidsCSV string

//go:embed sql/finish.sql
var finishSQL string

//go:embed sql/states.sql
var statesSQL string

//go:embed sql/workload.sql
var workloadSQL string

//go:embed sql/macros.sql
var macrosSQL string

// Options configure an analyze run.
type Options struct {
	Settings Settings
	Now      func() time.Time
	Logger   *slog.Logger
	Analyst  string // who ran it, for the log
	// Engine, when set, runs the rules (translated to Spark SQL) instead of the store.
	Engine Engine
}

// Result is what a run found.
type Result struct {
	RunID         string
	Since, Until  time.Time // the period analyzed; zero for unbounded
	RulesRun      []string
	Detections    int
	Rules         []RuleCount // per rule that ran, sorted by id
	UsersByLevel  map[string]int
	RiskySignins  int
	AuditFindings int
	Elapsed       time.Duration

	// ServicePrincipalsByLevel counts the workload identities flagged, by risk level.
	ServicePrincipalsByLevel map[string]int
}

// RuleCount is how many detections one rule made, by severity.
type RuleCount struct {
	Rule              string
	Low, Medium, High int
	Elapsed           time.Duration
}

// The period bounds bound for a zero Since or Until: wide enough for any log, narrow
// enough that the rules' look-back arithmetic stays in range.
var (
	minTime = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Run runs every enabled rule over the store and rebuilds detections, detection_events,
// risky_signins, audit_findings and user_risk in one transaction. Triage decisions are
// read, never changed. With Since or Until set, the rebuilt tables hold what was found in
// that period only.
func Run(ctx context.Context, db *sql.DB, opts Options) (*Result, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	rules, err := Rules()
	if err != nil {
		return nil, err
	}
	s := opts.Settings
	if err := s.Validate(rules); err != nil {
		return nil, err
	}
	now := opts.Now().UTC()
	res := &Result{RunID: newRunID(now), Since: s.Since, Until: s.Until, UsersByLevel: map[string]int{}, ServicePrincipalsByLevel: map[string]int{}}
	since, until := minTime, maxTime
	if !s.Since.IsZero() {
		since = s.Since.UTC()
	}
	if !s.Until.IsZero() {
		until = s.Until.UTC()
	}

	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	if err := prepareInputs(ctx, tx, s); err != nil {
		return nil, err
	}
	if opts.Engine != nil {
		inputs, err := inputTables(ctx, tx)
		if err != nil {
			return nil, err
		}
		if err := opts.Engine.Prepare(ctx, inputs); err != nil {
			return nil, err
		}
	}
	for i := range rules {
		r := &rules[i]
		if s.Disabled[r.ID] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		vals, err := s.paramValues(r)
		if err != nil {
			return nil, err
		}
		args := []any{sql.Named("rule_id", r.ID), sql.Named("since", since), sql.Named("until", until)}
		for _, name := range slices.Sorted(maps.Keys(vals)) {
			args = append(args, sql.Named(name, vals[name]))
		}
		t0 := time.Now()
		if opts.Engine != nil {
			if err := runOnEngine(ctx, tx, opts.Engine, r, vals, s); err != nil {
				return nil, err
			}
		} else if err := runInStore(ctx, tx, r, args); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO er_rules VALUES ($1, $2, $3, $4, $5, $6)`,
			r.ID, r.Title, r.Severity, r.Tactic, r.Technique, r.Source); err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
		res.RulesRun = append(res.RulesRun, r.ID)
		res.Rules = append(res.Rules, RuleCount{Rule: r.ID, Elapsed: time.Since(t0)})
		opts.Logger.Debug("rule run", "rule", r.ID, "elapsed", time.Since(t0))
	}
	for _, st := range splitStatements(finishSQL) {
		t0 := time.Now()
		if _, err := tx.ExecContext(ctx, st, sql.Named("now", now)); err != nil {
			return nil, fmt.Errorf("analyze: build detections: %w", err)
		}
		opts.Logger.Debug("statement run", "elapsed", time.Since(t0), "sql", firstLine(st))
	}
	if err := applyStates(ctx, tx, now); err != nil {
		return nil, err
	}
	if err := countResult(ctx, tx, res); err != nil {
		return nil, err
	}
	settingsJSON, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	res.Elapsed = time.Since(start)
	if _, err := tx.ExecContext(ctx, `INSERT INTO analyze_runs VALUES ($1, $2, $3,
		CASE WHEN $4 = '' THEN []::VARCHAR[] ELSE string_split($4, ',') END, $5, $6)`,
		res.RunID, now, now.Add(res.Elapsed), strings.Join(res.RulesRun, ","), res.Detections, string(settingsJSON)); err != nil {
		return nil, fmt.Errorf("analyze: record run: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE er_stage; DROP TABLE er_rules; DROP TABLE trusted_ips;
		DROP TABLE threat_intel_ips; DROP TABLE tenant_domains; DROP TABLE privileged_roles;
		DROP TABLE privileged_users; DROP TABLE country_centroids`); err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("analyze: commit: %w", err)
	}
	res.Elapsed = time.Since(start)
	opts.Logger.Info("analyze done", "run", res.RunID, "rules", len(res.RulesRun), "detections", res.Detections,
		"analyst", opts.Analyst, "elapsed", res.Elapsed)
	return res, nil
}

// prepareInputs makes the temporary tables the rules read besides the canonical ones:
// trusted_ips and threat_intel_ips (the addresses in the store that the configured lists
// cover), tenant_domains, privileged_roles, privileged_users and country_centroids.
func prepareInputs(ctx context.Context, tx *sql.Tx, s Settings) error {
	create := `
CREATE OR REPLACE TEMP TABLE er_stage (rule_id VARCHAR, detection_key VARCHAR, user_principal_name VARCHAR,
    ip_address VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP, event_count BIGINT, severity VARCHAR,
    evidence VARCHAR, target VARCHAR, event_table VARCHAR, event_ids VARCHAR[]);
CREATE OR REPLACE TEMP TABLE er_rules (rule_id VARCHAR, title VARCHAR, severity VARCHAR, tactic VARCHAR,
    technique VARCHAR, source VARCHAR);
CREATE OR REPLACE TEMP TABLE trusted_ips (ip VARCHAR);
CREATE OR REPLACE TEMP TABLE threat_intel_ips (ip VARCHAR, indicator VARCHAR);
CREATE OR REPLACE TEMP TABLE tenant_domains (domain VARCHAR);
CREATE OR REPLACE TEMP TABLE privileged_roles (role_name VARCHAR);
CREATE OR REPLACE TEMP TABLE privileged_users (user_principal_name VARCHAR);
CREATE OR REPLACE TEMP TABLE country_centroids (country VARCHAR, latitude DOUBLE, longitude DOUBLE);`
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("analyze: prepare: %w", err)
	}
	if _, err := tx.ExecContext(ctx, macrosSQL); err != nil {
		return fmt.Errorf("analyze: prepare macros: %w", err)
	}
	if err := loadIPLists(ctx, tx, s); err != nil {
		return err
	}
	// Tenant domains: configured, or the UPN domains of members who signed in.
	if len(s.TenantDomains) > 0 {
		var rows [][]any
		for _, d := range s.TenantDomains {
			rows = append(rows, []any{strings.ToLower(strings.TrimSpace(d))})
		}
		if err := insertRows(ctx, tx, "tenant_domains", 1, rows); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO tenant_domains
		SELECT DISTINCT lower(split_part(user_principal_name, '@', 2)) FROM signins
		WHERE error_code = 0 AND user_principal_name LIKE '%_@_%.%' AND user_principal_name NOT LIKE '%#ext#%'
		  AND (user_type IS NULL OR user_type = 'member') AND category IN ('interactive', 'non_interactive')
		ORDER BY 1`); err != nil {
		return fmt.Errorf("analyze: learn tenant domains: %w", err)
	}
	roles := s.PrivilegedRoles
	if len(roles) == 0 {
		roles = DefaultPrivilegedRoles()
	}
	var rows [][]any
	for _, r := range roles {
		rows = append(rows, []any{strings.ToLower(strings.TrimSpace(r))})
	}
	if err := insertRows(ctx, tx, "privileged_roles", 1, rows); err != nil {
		return err
	}
	rows = nil
	for _, u := range s.PrivilegedUsers {
		rows = append(rows, []any{strings.ToLower(strings.TrimSpace(u))})
	}
	if err := insertRows(ctx, tx, "privileged_users", 1, rows); err != nil {
		return err
	}
	// Learned: whoever the directory audit shows being given a privileged role, and whoever
	// assigns roles or changes Conditional Access or domain federation (only privileged
	// administrators can).
	if _, err := tx.ExecContext(ctx, `INSERT INTO privileged_users
		SELECT DISTINCT u FROM (
		    SELECT coalesce(target_upn, er_target_user(target_resources)) AS u
		    FROM directory_audits
		    WHERE lower(activity) LIKE 'add%member to role%' AND coalesce(result, 'success') = 'success'
		      AND lower(er_role_name(target_resources, target_name, target_type)) IN (SELECT role_name FROM privileged_roles)
		    UNION ALL
		    SELECT actor_upn FROM directory_audits
		    WHERE coalesce(result, 'success') = 'success'
		      AND (lower(activity) LIKE 'add%member to role%' OR lower(activity) LIKE '%conditional access policy'
		           OR lower(activity) IN ('set domain authentication', 'set federation settings on domain'))
		)
		WHERE u IS NOT NULL AND u NOT IN (SELECT user_principal_name FROM privileged_users)
		ORDER BY 1`); err != nil {
		return fmt.Errorf("analyze: learn privileged users: %w", err)
	}
	cr := csv.NewReader(strings.NewReader(countryCentroidsCSV))
	recs, err := cr.ReadAll()
	if err != nil {
		return fmt.Errorf("analyze: country centroids: %w", err)
	}
	rows = nil
	for _, rec := range recs[1:] {
		rows = append(rows, []any{rec[0], rec[1], rec[2]})
	}
	return insertRows(ctx, tx, "country_centroids", 3, rows)
}

// loadIPLists fills trusted_ips and threat_intel_ips with the addresses of the store that
// the configured addresses and ranges cover. Matching is done here, not in SQL, so that
// IPv4 and IPv6 ranges work alike on every engine.
func loadIPLists(ctx context.Context, tx *sql.Tx, s Settings) error {
	if len(s.TrustedIPs) == 0 && len(s.ThreatIntel) == 0 {
		return nil
	}
	trusted, err := parsePrefixes(s.TrustedIPs)
	if err != nil {
		return err
	}
	threat, err := parsePrefixes(s.ThreatIntel)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT ip FROM (
		SELECT ip_address AS ip FROM signins UNION ALL SELECT actor_ip FROM directory_audits
		UNION ALL SELECT client_ip FROM unified_audit UNION ALL SELECT ip_address FROM risk_detections
	) WHERE ip IS NOT NULL ORDER BY ip`)
	if err != nil {
		return fmt.Errorf("analyze: read addresses: %w", err)
	}
	defer rows.Close()
	var trustedRows, threatRows [][]any
	for rows.Next() {
		var ip string
		if err := rows.Scan(&ip); err != nil {
			return fmt.Errorf("analyze: read addresses: %w", err)
		}
		a, err := netip.ParseAddr(ip)
		if err != nil {
			continue // not an address: no list can cover it
		}
		a = a.Unmap()
		if matchPrefix(trusted, a) != "" {
			trustedRows = append(trustedRows, []any{ip})
		}
		if m := matchPrefix(threat, a); m != "" {
			threatRows = append(threatRows, []any{ip, m})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("analyze: read addresses: %w", err)
	}
	rows.Close()
	if err := insertRows(ctx, tx, "trusted_ips", 1, trustedRows); err != nil {
		return err
	}
	return insertRows(ctx, tx, "threat_intel_ips", 2, threatRows)
}

type prefix struct {
	p    netip.Prefix
	text string
}

func parsePrefixes(list []string) ([]prefix, error) {
	var out []prefix
	for _, v := range list {
		p, err := parsePrefix(v)
		if err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		out = append(out, prefix{p: p, text: strings.TrimSpace(v)})
	}
	// Most specific first, so an address names the narrowest range that covers it.
	sort.SliceStable(out, func(i, j int) bool { return out[i].p.Bits() > out[j].p.Bits() })
	return out, nil
}

func matchPrefix(list []prefix, a netip.Addr) string {
	for _, p := range list {
		if p.p.Contains(a) {
			return p.text
		}
	}
	return ""
}

// insertRows inserts rows of n columns into table, a few hundred per statement. table is
// one of this package's own temporary tables, never input.
func insertRows(ctx context.Context, tx *sql.Tx, table string, n int, rows [][]any) error {
	const batch = 400
	for len(rows) > 0 {
		k := min(batch, len(rows))
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " VALUES ")
		args := make([]any, 0, k*n)
		for i, r := range rows[:k] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := 0; j < n; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "$%d", len(args)+1)
				args = append(args, r[j])
			}
			b.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("analyze: fill %s: %w", table, err)
		}
		rows = rows[k:]
	}
	return nil
}

// applyStates sets every detection's state from the triage decisions and rebuilds
// user_risk and service_principal_risk from the open detections.
func applyStates(ctx context.Context, tx *sql.Tx, now time.Time) error {
	for _, st := range splitStatements(statesSQL) {
		if _, err := tx.ExecContext(ctx, st, sql.Named("now", now)); err != nil {
			return fmt.Errorf("analyze: apply triage and user risk: %w", err)
		}
	}
	for _, st := range splitStatements(workloadSQL) {
		if _, err := tx.ExecContext(ctx, st, sql.Named("now", now)); err != nil {
			return fmt.Errorf("analyze: workload identity risk: %w", err)
		}
	}
	return nil
}

func countResult(ctx context.Context, tx *sql.Tx, res *Result) error {
	rows, err := tx.QueryContext(ctx, `SELECT rule_id, severity, count(*) FROM detections GROUP BY ALL ORDER BY 1, 2`)
	if err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for i, rc := range res.Rules {
		idx[rc.Rule] = i
	}
	for rows.Next() {
		var rule, sev string
		var n int
		if err := rows.Scan(&rule, &sev, &n); err != nil {
			return fmt.Errorf("analyze: count: %w", err)
		}
		res.Detections += n
		i, ok := idx[rule]
		if !ok {
			continue
		}
		switch sev {
		case "low":
			res.Rules[i].Low += n
		case "medium":
			res.Rules[i].Medium += n
		case "high":
			res.Rules[i].High += n
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	rows.Close()
	lrows, err := tx.QueryContext(ctx, `SELECT risk_level, count(*) FROM user_risk GROUP BY 1 ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	defer lrows.Close()
	for lrows.Next() {
		var lvl string
		var n int
		if err := lrows.Scan(&lvl, &n); err != nil {
			return fmt.Errorf("analyze: count: %w", err)
		}
		res.UsersByLevel[lvl] = n
	}
	if err := lrows.Err(); err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	if err := countLevels(ctx, tx, `SELECT risk_level, count(*) FROM service_principal_risk GROUP BY 1 ORDER BY 1`, res.ServicePrincipalsByLevel); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM risky_signins), (SELECT count(*) FROM audit_findings)`).
		Scan(&res.RiskySignins, &res.AuditFindings); err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	return nil
}

// countLevels fills counts from a query of (level, count) rows.
func countLevels(ctx context.Context, tx *sql.Tx, q string, counts map[string]int) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lvl string
		var n int
		if err := rows.Scan(&lvl, &n); err != nil {
			return fmt.Errorf("analyze: count: %w", err)
		}
		counts[lvl] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("analyze: count: %w", err)
	}
	return nil
}

// splitStatements splits a file of statements on lines that end in ";".
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	for _, ln := range strings.Split(s, "\n") {
		cur.WriteString(ln)
		cur.WriteString("\n")
		if strings.HasSuffix(strings.TrimSpace(ln), ";") {
			if st := strings.TrimSpace(cur.String()); strings.Trim(stripSQLComments(st), " \n\t;") != "" {
				out = append(out, st)
			}
			cur.Reset()
		}
	}
	if st := strings.TrimSpace(cur.String()); strings.Trim(stripSQLComments(st), " \n\t;") != "" {
		out = append(out, st)
	}
	return out
}

func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// firstLine is the first line of a statement that is not a comment, for the log.
func firstLine(st string) string {
	for _, ln := range strings.Split(st, "\n") {
		if ln = strings.TrimSpace(ln); ln != "" && !strings.HasPrefix(ln, "--") {
			return ln
		}
	}
	return ""
}

// runInStore runs rule r on the store's DuckDB into er_stage.
func runInStore(ctx context.Context, tx *sql.Tx, r *Rule, args []any) error {
	q := `INSERT INTO er_stage SELECT $rule_id, detection_key, user_principal_name, ip_address,
		first_seen, last_seen, event_count, severity, evidence, target, event_table, event_ids
		FROM (` + "\n" + r.SQL + "\n" + `) AS r`
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("rule %s: %w", r.ID, err)
	}
	return nil
}

// runOnEngine runs rule r, translated to Spark SQL, on the engine, and stages what it found.
func runOnEngine(ctx context.Context, tx *sql.Tx, e Engine, r *Rule, vals map[string]any, s Settings) error {
	q, err := SparkSQL(*r, vals, s.Since, s.Until)
	if err != nil {
		return err
	}
	found, err := e.RunRule(ctx, *r, q)
	if err != nil {
		return fmt.Errorf("rule %s: %w", r.ID, err)
	}
	return stageFindings(ctx, tx, r.ID, found)
}
